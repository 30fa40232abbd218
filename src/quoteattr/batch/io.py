"""Streaming readers and writers for batch scoring.

Readers turn one input (JSONL, optionally gzipped; CSV; Parquet; a .txt file)
into a stream of items, one record at a time: an `Article` for each record that
can be scored, a `BadRecord` (file, line, id where known, reason) for each one
that cannot. A reader never raises on bad data, so one bad record costs that
record only. Writers append JSONL in batches and convert JSONL to Parquet in
row groups, so no side holds more than a batch in memory.
"""
import contextlib
import csv
import datetime
import glob
import gzip
import io
import os
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import srsly

from ..errors import Errors

# Why a record was skipped: the `reason` field of the errors file.
INVALID_JSON = "invalid_json"
NOT_AN_OBJECT = "not_an_object"
MISSING_TEXT = "missing_text"
TEXT_NOT_STRING = "text_not_string"
EMPTY_TEXT = "empty_text"
UNDECODABLE = "undecodable"
TOO_LONG = "too_long"
INVALID_CSV = "invalid_csv"
UNREADABLE = "unreadable"
PIPELINE_ERROR = "pipeline_error"

INPUT_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
}
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
# Rows per Parquet batch read, and per row group written.
PARQUET_READ_ROWS = 256
PARQUET_WRITE_ROWS = 10_000
_MISSING = object()


@dataclass(frozen=True)
class Fields:
    """Where the text, id and date of an article are in an input record.

    Each is a field name or a dotted path into nested objects (`meta.date`).
    A name that exists as it is (a CSV column called "meta.date") wins over
    the path.
    """

    text: str = "text"
    id: str = "id"
    date: str = "date"


@dataclass(frozen=True)
class Source:
    """One input to read.

    path (Path): where to open it (absolute, so that dask workers find it).
    name (str): how output and error records name it: the path as given.
    format (str): "jsonl", "csv", "parquet" or "txt".
    article_id (Optional[str]): the article id of a .txt file.
    start (int): for the dask engine, the first byte of a JSONL byte range.
    end (Optional[int]): the byte after the range, or None for the whole file.
    first_line (int): the line number of the range's first line.
    """

    path: Path
    name: str
    format: str
    article_id: Optional[str] = None
    start: int = 0
    end: Optional[int] = None
    first_line: int = 1

    @property
    def gzipped(self) -> bool:
        return self.path.suffix.lower() == ".gz"

    @property
    def size(self) -> int:
        end = self.end if self.end is not None else _file_size(self.path)
        return max(end - self.start, 0)


@dataclass
class Article:
    """A record that can be scored.

    line (int): the line of a JSONL file, the row of a CSV (header not
        counted) or Parquet file, 1 for a .txt file.
    offset (int): roughly how many bytes of the source were read, for progress.
    """

    source: str
    line: int
    id: str
    date: Optional[str]
    text: str
    offset: int = 0


@dataclass
class BadRecord:
    """A record that cannot be scored, as written to the errors file."""

    source: str
    line: Optional[int]
    id: Optional[str]
    reason: str
    detail: str = ""
    offset: int = 0

    def to_dict(self) -> Dict[str, Any]:
        return {"source": self.source, "line": self.line, "id": self.id,
                "reason": self.reason, "detail": self.detail}


Item = Union[Article, BadRecord]


def input_format(path: Path) -> str:
    """RETURNS (str): the reader for a file: "jsonl", "csv", "parquet" or "txt"."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
        allowed = ("jsonl", "csv")
    else:
        allowed = ("jsonl", "csv", "parquet", "txt")
    fmt = INPUT_FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt not in allowed:
        raise ValueError(Errors.E072.format(path=path, suffix="".join(path.suffixes)))
    return fmt  # type: ignore[return-value]


def output_format(path: Path, default: Optional[str] = None) -> str:
    """RETURNS (str): "jsonl" or "parquet", from the output's extension."""
    fmt = OUTPUT_FORMATS.get(path.suffix.lower(), default if not path.suffix else None)
    if fmt is None:
        raise ValueError(Errors.E073.format(path=path, suffix=path.suffix))
    return fmt


def expand_inputs(patterns: Iterable[Union[str, Path]]) -> List[Source]:
    """Turn files, globs and directories of .txt files into the list of sources.

    Globs expand in sorted order, a directory to its .txt files (recursively,
    sorted); a file named twice is read once.

    patterns (Iterable[Union[str, Path]]): what the user gave.
    RETURNS (List[Source]): the sources, in reading order.
    """
    sources: List[Source] = []
    seen = set()
    for pattern in map(str, patterns):
        if any(c in pattern for c in "*?["):
            paths = sorted(glob.glob(pattern, recursive=True))
            if not paths:
                raise ValueError(Errors.E071.format(pattern=pattern))
        elif os.path.exists(pattern):
            paths = [pattern]
        else:
            raise ValueError(Errors.E013.format(path=pattern))
        found = [s for p in paths for s in _sources_of(Path(p))]
        if not found:
            raise ValueError(Errors.E071.format(pattern=pattern))
        for source in found:
            if source.path not in seen:
                seen.add(source.path)
                sources.append(source)
    return sources


def _sources_of(path: Path) -> Iterator[Source]:
    if path.is_dir():
        for txt in sorted(p for p in path.rglob("*") if p.suffix.lower() == ".txt" and p.is_file()):
            article_id = txt.relative_to(path).with_suffix("").as_posix()
            yield Source(txt.resolve(), str(txt), "txt", article_id=article_id)
    else:
        fmt = input_format(path)
        yield Source(path.resolve(), str(path), fmt, article_id=path.stem if fmt == "txt" else None)


def read_source(source: Source, fields: Fields, *, hard_max_chars: int, skip: int = 0) -> Iterator[Item]:
    """Read one input as a stream of Articles and BadRecords, in order.

    source (Source): the input.
    fields (Fields): where the text, id and date are.
    hard_max_chars (int): a text longer than this is reported, not scored.
    skip (int): records (lines, rows, files) at the start to pass over, as a
        resumed run does.
    YIELDS (Union[Article, BadRecord]): one item per record (blank lines of a
        JSONL file and empty CSV rows yield nothing). A file that fails midway
        (a truncated .gz, a corrupt Parquet file) ends with one BadRecord
        "unreadable".
    """
    readers = {"jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet, "txt": _read_txt}
    yield from readers[source.format](source, fields, hard_max_chars, skip)


def get_field(record: Dict[str, Any], path: str) -> Any:
    """RETURNS: the value at a field name or dotted path, or _MISSING."""
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def make_article(record: Dict[str, Any], fields: Fields, source: str, line: int, *,
                 hard_max_chars: int, offset: int = 0) -> Item:
    """Check one parsed record and turn it into an Article, or a BadRecord saying why not.

    A record without an id gets "<file name>:<line>".
    RETURNS (Union[Article, BadRecord]): the item.
    """
    article_id = _as_text(get_field(record, fields.id))
    text = get_field(record, fields.text)
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            return BadRecord(source, line, article_id, UNDECODABLE, str(err), offset)
    reason, detail = _check_text(text, fields.text, hard_max_chars)
    if reason is not None:
        return BadRecord(source, line, article_id, reason, detail, offset)
    if article_id is None:
        article_id = f"{Path(source).name}:{line}"
    date = _as_date(get_field(record, fields.date))
    return Article(source, line, article_id, date, text, offset)


def _check_text(text: Any, field: str, hard_max_chars: int) -> Tuple[Optional[str], str]:
    """RETURNS (Tuple[Optional[str], str]): the reason and detail why a text
    cannot be scored, or (None, "") when it can."""
    if text is _MISSING or text is None:
        return MISSING_TEXT, f"no field {field!r}"
    if not isinstance(text, str):
        return TEXT_NOT_STRING, f"{field!r} is {type(text).__name__}, not a string"
    if not _encodable(text):
        return UNDECODABLE, "the text is not valid UTF-8 (bad bytes or lone surrogates)"
    if not text.strip():
        return EMPTY_TEXT, "the text is empty"
    if len(text) > hard_max_chars:
        return TOO_LONG, f"{len(text)} characters, more than the hard limit {hard_max_chars}"
    return None, ""


def _as_text(value: Any) -> Optional[str]:
    if value is _MISSING or value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _as_date(value: Any) -> Optional[str]:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _as_text(value)


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def line_limit(hard_max_chars: int) -> int:
    """RETURNS (int): the longest JSONL line in bytes that is read into memory.
    Six bytes per character covers \\uXXXX escapes; the margin covers the other fields."""
    return 6 * hard_max_chars + (1 << 16)


@contextlib.contextmanager
def _open_binary(source: Source) -> Iterator[Tuple[Any, Any]]:
    """Open a source for reading bytes. YIELDS: (raw file, reader); the raw
    file's position is the progress in bytes, also for .gz files."""
    with open(source.path, "rb") as raw:
        if source.gzipped:
            with gzip.GzipFile(fileobj=raw) as fh:
                yield raw, fh
        else:
            yield raw, raw


def iter_lines(fh: Any, limit: int, start: int = 0, end: Optional[int] = None) -> Iterator[Optional[bytes]]:
    """Yield the lines that start in the byte range [start, end) of a binary file.

    A line longer than `limit` bytes is passed over in pieces and yields None,
    so that no line can exhaust memory.
    """
    if start > 0:
        # The line that holds byte start - 1 belongs to the range before.
        fh.seek(start - 1)
        _skip_line(fh)
    while end is None or fh.tell() < end:
        data = fh.readline(limit + 1)
        if not data:
            return
        if len(data) > limit and not data.endswith(b"\n"):
            _skip_line(fh)
            yield None
        else:
            yield data


def _skip_line(fh: Any) -> None:
    while True:
        chunk = fh.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def count_lines(source: Source) -> int:
    """RETURNS (int): the number of lines that start in the source's byte range."""
    with _open_binary(source) as (_, fh):
        return sum(1 for _ in iter_lines(fh, 1 << 20, source.start, source.end))


def _read_jsonl(source: Source, fields: Fields, hard_max_chars: int, skip: int) -> Iterator[Item]:
    limit = line_limit(hard_max_chars)
    line = source.first_line - 1
    try:
        with _open_binary(source) as (raw, fh):
            for data in iter_lines(fh, limit, source.start, source.end):
                line += 1
                if line < source.first_line + skip:
                    continue
                if data is None:
                    yield BadRecord(source.name, line, None, TOO_LONG, f"line longer than {limit} bytes", raw.tell())
                elif data.strip():
                    yield _parse_json_line(data, source, line, fields, hard_max_chars, raw.tell())
    except (OSError, EOFError, zlib.error) as err:
        # A resumed run that skips past this point wrote this error already.
        if line + 1 >= source.first_line + skip:
            yield BadRecord(source.name, line + 1, None, UNREADABLE, f"{type(err).__name__}: {err}")


def _parse_json_line(data: bytes, source: Source, line: int, fields: Fields, hard_max_chars: int,
                     offset: int) -> Item:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return BadRecord(source.name, line, None, UNDECODABLE, str(err), offset)
    try:
        record = srsly.json_loads(text)
    except ValueError as err:
        return BadRecord(source.name, line, None, INVALID_JSON, str(err), offset)
    if not isinstance(record, dict):
        return BadRecord(source.name, line, None, NOT_AN_OBJECT, f"got a JSON {type(record).__name__}", offset)
    return make_article(record, fields, source.name, line, hard_max_chars=hard_max_chars, offset=offset)


def _read_csv(source: Source, fields: Fields, hard_max_chars: int, skip: int) -> Iterator[Item]:
    # A field longer than the limit raises csv.Error without being held whole.
    if csv.field_size_limit() < hard_max_chars + 1:
        csv.field_size_limit(hard_max_chars + 1)
    row = 0
    try:
        with _open_binary(source) as (raw, fh):
            text_fh = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
            reader = csv.reader(text_fh)
            header = next(reader, None)
            while header is not None:
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error as err:
                    row += 1
                    if row > skip:
                        reason = TOO_LONG if "field limit" in str(err) else INVALID_CSV
                        yield BadRecord(source.name, row, None, reason, str(err), raw.tell())
                    continue
                row += 1
                if row <= skip or not any(values):
                    continue
                record = dict(zip(header, values))
                yield make_article(record, fields, source.name, row, hard_max_chars=hard_max_chars,
                                   offset=raw.tell())
    except (OSError, EOFError, zlib.error) as err:
        if row + 1 > skip:
            yield BadRecord(source.name, row + 1, None, UNREADABLE, f"{type(err).__name__}: {err}")


def _read_parquet(source: Source, fields: Fields, hard_max_chars: int, skip: int) -> Iterator[Item]:
    pa, pq = import_pyarrow()
    row = 0
    try:
        parquet = pq.ParquetFile(source.path)
        names = set(parquet.schema_arrow.names)
        columns = {_column_of(path, names) for path in (fields.text, fields.id, fields.date)}
        total = max(parquet.metadata.num_rows, 1)
        size = _file_size(source.path)
        batches = parquet.iter_batches(batch_size=PARQUET_READ_ROWS, columns=sorted(columns - {None}))
        for batch in batches:
            if row + batch.num_rows <= skip:
                row += batch.num_rows
                continue
            for record in batch.to_pylist():
                row += 1
                if row > skip:
                    yield make_article(record, fields, source.name, row, hard_max_chars=hard_max_chars,
                                       offset=size * row // total)
    except (OSError, pa.ArrowException) as err:
        if row + 1 > skip:
            yield BadRecord(source.name, row + 1, None, UNREADABLE, f"{type(err).__name__}: {err}")


def _column_of(path: str, names: Any) -> Optional[str]:
    if path in names:
        return path
    top = path.split(".")[0]
    return top if top in names else None


def _read_txt(source: Source, fields: Fields, hard_max_chars: int, skip: int) -> Iterator[Item]:
    if skip >= 1:
        return
    limit = 4 * hard_max_chars  # UTF-8 takes at most 4 bytes a character
    try:
        with open(source.path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        yield BadRecord(source.name, 1, source.article_id, UNREADABLE, f"{type(err).__name__}: {err}")
        return
    size = _file_size(source.path)
    if len(data) > limit:
        yield BadRecord(source.name, 1, source.article_id, TOO_LONG, f"{size} bytes", size)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield BadRecord(source.name, 1, source.article_id, UNDECODABLE, str(err), size)
        return
    record = {"id": source.article_id, "text": text}
    yield make_article(record, Fields(), source.name, 1, hard_max_chars=hard_max_chars, offset=size)


def import_pyarrow() -> Tuple[Any, Any]:
    """RETURNS (Tuple[module, module]): pyarrow and pyarrow.parquet, or raises E077."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise ImportError(Errors.E077) from err
    return pyarrow, pyarrow.parquet


class JsonlWriter:
    """Append records to a JSONL file, written out batch by batch.

    path (Path): the file.
    offset (int): 0 starts a new file; more keeps that many bytes of the
        existing file (what a checkpoint says was written) and appends.
    """

    def __init__(self, path: Path, offset: int = 0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if offset:
            size = _file_size(self.path)
            if size < offset:
                raise ValueError(Errors.E079.format(path=self.path, size=size, offset=offset))
            self.file = open(self.path, "r+b")
            self.file.truncate(offset)
            self.file.seek(offset)
        else:
            self.file = open(self.path, "wb")
        self.buffer: List[bytes] = []

    def write(self, record: Dict[str, Any]) -> None:
        self.buffer.append(srsly.json_dumps(record).encode("utf-8") + b"\n")

    def flush(self) -> int:
        """Write the buffered records. RETURNS (int): the file's size in bytes."""
        self.file.write(b"".join(self.buffer))
        self.buffer.clear()
        self.file.flush()
        return self.file.tell()

    def close(self) -> None:
        self.flush()
        self.file.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:
            self.close()
        else:
            # Keep only what was flushed: a checkpoint may point at it.
            self.file.close()


def parquet_schema(per_article: bool) -> Any:
    """RETURNS (pyarrow.Schema): the schema of the Parquet output."""
    pa, _ = import_pyarrow()
    offsets = pa.list_(pa.int64())
    quote = [
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("type", pa.string()),
        ("cue", offsets),
        ("speaker_span", offsets),
        ("speaker", pa.string()),
        ("stance", pa.map_(pa.string(), pa.string())),
        ("stance_scores", pa.map_(pa.string(), pa.float64())),
        ("text", pa.string()),
    ]
    if not per_article:
        return pa.schema([("id", pa.string()), ("date", pa.string()), ("source", pa.string())] + quote)
    meta = pa.struct([("date", pa.string()), ("source", pa.string())])
    return pa.schema([("id", pa.string()), ("text", pa.string()), ("meta", meta),
                      ("quotes", pa.list_(pa.struct(quote)))])


def jsonl_to_parquet(src: Path, dest: Path, per_article: bool) -> None:
    """Convert the JSONL output to Parquet, one row group at a time.
    The Parquet file appears under its name only when complete."""
    pa, pq = import_pyarrow()
    schema = parquet_schema(per_article)
    tmp = dest.with_name(f"{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        rows: List[Dict[str, Any]] = []
        for record in srsly.read_jsonl(src):
            rows.append(record)
            if len(rows) >= PARQUET_WRITE_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    os.replace(tmp, dest)
