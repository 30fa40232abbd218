"""The local engine: score a dump with nlp.pipe on this machine.

Records stream from the readers through nlp.pipe (as_tuples, so that every
doc carries its place in the stream) and out to the writers in input order.
Every `batch_size` records the output and errors files are flushed and a
checkpoint records where the run stands: which record of which source was
the last one written, the byte size of both files, and the running counts.
A rerun with `resume=True` truncates both files to the checkpoint, skips the
records it covers and goes on, so that the output is the one an uninterrupted
run writes, byte for byte.
"""
import itertools
import logging
import os
import sys
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, TextIO, Tuple, Union

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..constants import TARGETS
from ..errors import Errors
from ..records import to_records
from .io import (
    PIPELINE_ERROR,
    Article,
    BadRecord,
    Fields,
    JsonlWriter,
    Source,
    expand_inputs,
    jsonl_to_parquet,
    output_format,
    read_source,
)

logger = logging.getLogger("quoteattr.batch")

CHECKPOINT_VERSION = 1
# The summary keeps this many speakers between prunings, so that its size
# (and the checkpoint's) stays small on any dump; the top 10 come out right
# unless the dump has thousands of speakers of about the same frequency.
MAX_SPEAKERS = 1000
# A piece of a long article is processed with up to this many characters of
# the text before it as context.
CONTEXT_CHARS = 1000


@dataclass(frozen=True)
class EndOfSource:
    """Marks, in the stream of items, that every record of source `index` was read."""

    index: int
    name: str


@dataclass
class Stats:
    """Running counts of a run, merged across resumes and dask partitions."""

    articles: int = 0
    scored: int = 0
    skipped: Counter = field(default_factory=Counter)
    split: int = 0
    quotes: int = 0
    words: int = 0
    speakers: Counter = field(default_factory=Counter)
    no_speaker: int = 0
    stance: Dict[str, Counter] = field(default_factory=dict)

    def add_article(self, article: Article, quotes: Sequence[Dict[str, Any]], split: bool) -> None:
        self.articles += 1
        self.scored += 1
        self.split += int(split)
        self.quotes += len(quotes)
        self.words += count_words(article.text)
        for quote in quotes:
            if quote.get("speaker"):
                self.speakers[quote["speaker"]] += 1
            else:
                self.no_speaker += 1
            for target, label in (quote.get("stance") or {}).items():
                self.stance.setdefault(target, Counter())[label] += 1
        self._prune()

    def add_bad(self, reason: str) -> None:
        self.articles += 1
        self.skipped[reason] += 1

    def merge(self, other: "Stats") -> None:
        for name in ("articles", "scored", "split", "quotes", "words", "no_speaker"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.update(other.skipped)
        self.speakers.update(other.speakers)
        for target, counts in other.stance.items():
            self.stance.setdefault(target, Counter()).update(counts)
        self._prune()

    def _prune(self) -> None:
        if len(self.speakers) > MAX_SPEAKERS:
            self.speakers = Counter(dict(self.speakers.most_common(MAX_SPEAKERS // 2)))

    def to_dict(self) -> Dict[str, Any]:
        data = {name: getattr(self, name) for name in ("articles", "scored", "split", "quotes", "words", "no_speaker")}
        data["skipped"] = dict(sorted(self.skipped.items()))
        data["speakers"] = dict(self.speakers.most_common())
        data["stance"] = {t: dict(sorted(c.items())) for t, c in sorted(self.stance.items())}
        return data

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Stats":
        stats = cls(**{k: v for k, v in data.items() if k not in ("skipped", "speakers", "stance")})
        stats.skipped = Counter(data.get("skipped", {}))
        stats.speakers = Counter(data.get("speakers", {}))
        stats.stance = {t: Counter(c) for t, c in data.get("stance", {}).items()}
        return stats


def count_words(text: str) -> int:
    """RETURNS (int): the words of a text, as counted for words/s."""
    return len(text.split())


def summarize(stats: Stats, session: Stats, seconds: float, **paths: Any) -> Dict[str, Any]:
    """RETURNS (dict): the summary of a run: counts over the whole dump, and
    throughput over this session's part (a resumed run reports its own speed)."""
    stance = {t: dict(stats.stance[t]) for t in TARGETS if t in stats.stance}
    stance.update({t: dict(c) for t, c in stats.stance.items() if t not in stance})
    return {
        "articles": stats.articles,
        "scored": stats.scored,
        "skipped": dict(sorted(stats.skipped.items())),
        "split": stats.split,
        "quotes": stats.quotes,
        "words": stats.words,
        "speakers": stats.speakers.most_common(10),
        "no_speaker": stats.no_speaker,
        "stance": stance,
        "seconds": round(seconds, 3),
        "articles_per_s": round(session.articles / seconds, 2) if seconds > 0 else 0.0,
        "words_per_s": round(session.words / seconds, 1) if seconds > 0 else 0.0,
        **{name: str(path) for name, path in paths.items()},
    }


def load_pipeline(model: Union[str, Path], whole_text: bool = False) -> Language:
    """Load the pipeline to score with, set to go on when a component fails.

    model (Union[str, Path]): a package name or a pipeline directory.
    whole_text (bool): treat each text as one statement by its author (no quote
        finding); its stance is tagged.
    RETURNS (Language): the pipeline.
    """
    import spacy

    from .. import pipeline  # noqa: F401  (registers the factories)
    from ..pipeline.statement import statement_pipeline

    nlp = spacy.load(model)
    if whole_text:
        statement_pipeline(nlp)
    # Not nlp.set_error_handler: in spaCy 3.8 it fails on the Cython pipes
    # (parser, ner), which cannot take a handler and keep raising.
    nlp.default_error_handler = log_failure
    for _, proc in nlp.pipeline:
        if hasattr(proc, "set_error_handler"):
            try:
                proc.set_error_handler(log_failure)
            except AttributeError:
                pass
    return nlp


def log_failure(name: Optional[str], proc: Any, docs: Optional[List[Doc]], err: Exception) -> None:
    """Error handler for nlp.pipe: log and go on. The engine reports the
    articles whose docs did not come back as "pipeline_error"."""
    logger.warning("%s failed on %d doc(s): %s", name or "A pipeline process", len(docs or []), err)


def split_text(text: str, max_chars: int) -> List[Tuple[int, str]]:
    """Cut a long text into pieces of at most max_chars characters.

    Cuts go after a paragraph break ("\\n\\n") where one is in reach, else
    after a line break, else after a space, else at max_chars.

    text (str): the article text.
    max_chars (int): the longest piece.
    RETURNS (List[Tuple[int, str]]): (offset of the piece in the text, piece),
        in order; the pieces join back to the text.
    """
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        end = start + max_chars
        cut = end
        for sep in ("\n\n", "\n", " "):
            found = text.rfind(sep, start + 1, end)
            if found > start:
                cut = found + len(sep)
                break
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def context_start(text: str, offset: int) -> int:
    """Where the doc of a piece that starts at `offset` begins: at the start
    of the last line before the piece, at most CONTEXT_CHARS back.

    That line gives the piece's first paragraph its context (and is the one
    the rules take for a headline, since a doc's first line is one). Quotes
    found in it belong to the piece before and are dropped.
    RETURNS (int): the character offset.
    """
    if offset == 0:
        return 0
    low = max(0, offset - CONTEXT_CHARS)
    end = offset
    while end > low and text[end - 1].isspace():
        end -= 1
    return max(text.rfind("\n", low, end) + 1, low)


@dataclass
class _Job:
    """One item in flight through nlp.pipe, with one doc per piece: (where
    the doc starts in the text, where the piece's own part starts, the doc's
    text). Its docs are seqs first..last."""

    item: Any
    pieces: List[Tuple[int, int, str]]
    first: int
    docs: List[Doc] = field(default_factory=list)

    @property
    def last(self) -> int:
        return self.first + len(self.pieces) - 1


def _pieces(text: str, max_chars: int) -> List[Tuple[int, int, str]]:
    pieces = []
    for offset, piece in split_text(text, max_chars):
        start = context_start(text, offset)
        pieces.append((start, offset, text[start:offset] + piece))
    return pieces


def score_items(nlp: Language, items: Iterable[Any], *, batch_size: int = 64, n_process: int = 1,
                max_chars: int = 100_000) -> Iterator[Tuple[Any, Optional[List[Dict[str, Any]]]]]:
    """Run the pipeline over a stream of items and yield each with its quotes, in order.

    Every item travels through nlp.pipe as one doc or more: an Article as its
    text (in pieces when longer than max_chars, each piece with the line
    before it as context), anything else (a BadRecord, an EndOfSource) as an
    empty placeholder doc. That keeps the stream in order, with n_process > 1
    too, and holds only the items in flight in memory.

    nlp (Language): the pipeline.
    items (Iterable): Articles, and other items passed through as they are.
    batch_size (int): nlp.pipe's batch size.
    n_process (int): nlp.pipe's number of processes.
    max_chars (int): the longest text processed in one doc (plus context).
    YIELDS (Tuple[Any, Optional[List[dict]]]): (item, quote dicts with
        offsets into the whole article) for an Article, (item, None) for
        anything else. An Article whose docs the pipeline lost (a component
        raised) comes back as a BadRecord "pipeline_error".
    """
    jobs: Deque[_Job] = deque()
    next_seq = itertools.count()

    def docs() -> Iterator[Tuple[Doc, int]]:
        for item in items:
            article = isinstance(item, Article)
            pieces = _pieces(item.text, max_chars) if article else [(0, 0, "")]
            job = _Job(item, pieces, first=next(next_seq))
            for _ in pieces[1:]:
                next(next_seq)
            jobs.append(job)
            for i, (_, _, text) in enumerate(pieces):
                doc = nlp.make_doc(text)
                if article:
                    doc._.record_id = item.id
                    doc._.meta = {"date": item.date, "source": item.source}
                yield doc, job.first + i

    for doc, seq in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        while jobs[0].last < seq:
            yield _finish(jobs.popleft())
        job = jobs[0]
        job.docs.append(doc)
        if seq == job.last:
            yield _finish(jobs.popleft())
    while jobs:
        yield _finish(jobs.popleft())


def _finish(job: _Job) -> Tuple[Any, Optional[List[Dict[str, Any]]]]:
    item = job.item
    if not isinstance(item, Article):
        return item, None
    if len(job.docs) < len(job.pieces):
        detail = "the pipeline raised an error on this article; see the log"
        return BadRecord(item.source, item.line, item.id, PIPELINE_ERROR, detail, item.offset), None
    quotes = []
    for (start, own, _), doc in zip(job.pieces, job.docs):
        quotes.extend(q for q in (_shift(q, start) for q in to_records(doc)) if q["start"] >= own)
    return item, quotes


def _shift(quote: Dict[str, Any], offset: int) -> Dict[str, Any]:
    if offset:
        quote["start"] += offset
        quote["end"] += offset
        for key in ("cue", "speaker_span"):
            if quote.get(key) is not None:
                quote[key] = [quote[key][0] + offset, quote[key][1] + offset]
    return quote


def output_records(article: Article, quotes: List[Dict[str, Any]], per_article: bool) -> List[Dict[str, Any]]:
    """RETURNS (List[dict]): what the output holds for one article: one record
    per quote (the quote's fields plus the article's id, date and source), or
    with per_article one schema record with the quotes nested."""
    if per_article:
        meta = {"date": article.date, "source": article.source}
        return [{"id": article.id, "text": article.text, "meta": meta, "quotes": quotes}]
    head = {"id": article.id, "date": article.date, "source": article.source}
    return [{**head, **quote} for quote in quotes]


def write_item(item: Any, quotes: Optional[List[Dict[str, Any]]], out: JsonlWriter, errors: JsonlWriter,
               stats: Sequence[Stats], *, per_article: bool, max_chars: int) -> None:
    """Write one scored item to the output or the errors file, and count it."""
    if isinstance(item, BadRecord):
        errors.write(item.to_dict())
        for s in stats:
            s.add_bad(item.reason)
    elif isinstance(item, Article):
        for record in output_records(item, quotes or [], per_article):
            out.write(record)
        for s in stats:
            s.add_article(item, quotes or [], split=len(item.text) > max_chars)


def check_options(n_process: int = 1, **positive: int) -> None:
    """Raise E078 for an option out of range: n_process must be >= 1 (or -1
    for all CPUs), every other option given >= 1."""
    if not isinstance(n_process, int) or not (n_process >= 1 or n_process == -1):
        raise ValueError(Errors.E078.format(name="n_process", expected="an int >= 1, or -1 for all CPUs",
                                            value=n_process))
    for name, value in positive.items():
        if not isinstance(value, int) or value < 1:
            raise ValueError(Errors.E078.format(name=name, expected="an int >= 1", value=value))


def default_errors_path(output: Path) -> Path:
    """RETURNS (Path): the errors file beside an output: OUT with suffix .errors.jsonl."""
    return output.with_suffix(".errors.jsonl")


def checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".checkpoint.json")


def staging_path(output: Path) -> Path:
    """RETURNS (Path): where Parquet output is written as JSONL before conversion."""
    return output.with_name(output.name + ".partial.jsonl")


def run_plan(sources: Sequence[Source], **options: Any) -> Dict[str, Any]:
    """RETURNS (dict): what must not change between a run and its resume."""
    return {"inputs": [s.name for s in sources], "options": {k: str(v) for k, v in sorted(options.items())}}


def _start(path: Path, output: Path, plan: Dict[str, Any], *, resume: bool, overwrite: bool) -> Dict[str, Any]:
    """RETURNS (dict): the checkpoint to go on from: the saved one when resuming, else a fresh one."""
    old = srsly.read_json(path) if path.exists() else None
    if old is not None and resume and not overwrite:
        for what in ("inputs", "options"):
            if old.get("plan", {}).get(what) != plan[what]:
                raise ValueError(Errors.E075.format(path=output, checkpoint=path, what=what))
        return old
    if old is not None and not old.get("complete") and not overwrite:
        raise ValueError(Errors.E074.format(path=output, checkpoint=path))
    fresh = {"version": CHECKPOINT_VERSION, "plan": plan, "position": [0, 0], "output_bytes": 0,
             "errors_bytes": 0, "stats": Stats().to_dict(), "complete": False}
    write_json_atomic(path, fresh)
    return fresh


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so that a reader (or a resume after kill -9) sees the old file or the new one whole."""
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(srsly.json_dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def _read_sources(sources: Sequence[Source], fields: Fields, hard_max_chars: int,
                  position: Sequence[int]) -> Iterator[Any]:
    first, skip = position
    for index in range(first, len(sources)):
        source = sources[index]
        yield from read_source(source, fields, hard_max_chars=hard_max_chars, skip=skip if index == first else 0)
        yield EndOfSource(index, source.name)


def score(
    inputs: Iterable[Union[str, Path]],
    output: Union[str, Path],
    *,
    model: Union[str, Path] = "quoteattr",
    fields: Optional[Fields] = None,
    errors: Optional[Union[str, Path]] = None,
    per_article: bool = False,
    n_process: int = 1,
    batch_size: int = 64,
    max_chars: int = 100_000,
    hard_max_chars: int = 1_000_000,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = False,
    whole_text: bool = False,
) -> Dict[str, Any]:
    """Score a dump of news articles into quote records on this machine.

    inputs (Iterable[Union[str, Path]]): files, globs, or directories of .txt
        files: JSONL (.jsonl, .ndjson, .json; optionally .gz), CSV (optionally
        .gz) and Parquet.
    output (Union[str, Path]): the output file, .jsonl or .parquet.
    model (Union[str, Path]): the pipeline to load: a package name or a directory.
    fields (Optional[Fields]): where text, id and date are in a record.
    errors (Optional[Union[str, Path]]): where records that cannot be scored
        go; default OUTPUT with suffix .errors.jsonl.
    per_article (bool): one record per article with its quotes nested,
        instead of one record per quote.
    n_process (int): processes for nlp.pipe.
    batch_size (int): nlp.pipe's batch size, also the number of records
        between checkpoints.
    max_chars (int): an article longer than this is processed in pieces.
    hard_max_chars (int): an article longer than this goes to the errors file.
    resume (bool): go on from the checkpoint of an interrupted run.
    overwrite (bool): start over even where an interrupted run left a checkpoint.
    progress (bool): show a progress bar (on a terminal) or log lines.
    whole_text (bool): each record's text is one statement by its author.
    RETURNS (Dict[str, Any]): the summary of the run.
    """
    fields = fields or Fields()
    check_options(n_process=n_process, batch_size=batch_size, max_chars=max_chars, hard_max_chars=hard_max_chars)
    output = Path(output)
    fmt = output_format(output)
    errors_path = Path(errors) if errors is not None else default_errors_path(output)
    sources = expand_inputs(inputs)
    plan = run_plan(sources, model=model, fields=fields, per_article=per_article, max_chars=max_chars,
                    hard_max_chars=hard_max_chars, errors=errors_path, whole_text=whole_text)
    ckpt = checkpoint_path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    state = _start(ckpt, output, plan, resume=resume, overwrite=overwrite)
    stats, session = Stats.from_dict(state["stats"]), Stats()
    if state["complete"]:
        return summarize(stats, session, 0.0, output=output, errors_file=errors_path)
    nlp = load_pipeline(model, whole_text)
    staging = output if fmt == "jsonl" else staging_path(output)
    index_of = {s.name: i for i, s in enumerate(sources)}
    done_before = list(itertools.accumulate([s.size for s in sources], initial=0))
    position = state["position"]
    bar = Progress(done_before[-1], done_before[position[0]], stats.articles, enabled=progress)
    start = time.perf_counter()

    def save() -> None:
        # Output first, checkpoint last: after a kill in between, the resume
        # truncates what the checkpoint does not cover.
        state.update(output_bytes=out.flush(), errors_bytes=errs.flush(), position=position,
                     stats=stats.to_dict())
        write_json_atomic(ckpt, state)

    with JsonlWriter(staging, state["output_bytes"]) as out, JsonlWriter(errors_path, state["errors_bytes"]) as errs:
        items = _read_sources(sources, fields, hard_max_chars, position)
        pending = 0
        for item, quotes in score_items(nlp, items, batch_size=batch_size, n_process=n_process, max_chars=max_chars):
            if isinstance(item, EndOfSource):
                position = [item.index + 1, 0]
                done = done_before[item.index + 1]
            else:
                position = [index_of[item.source], item.line]
                done = done_before[position[0]] + item.offset
                write_item(item, quotes, out, errs, (stats, session), per_article=per_article, max_chars=max_chars)
            pending += 1
            if pending >= batch_size:
                save()
                pending = 0
            bar.update(done, stats.articles, stats.quotes)
        save()
    if fmt == "parquet":
        jsonl_to_parquet(staging, output, per_article)
    state.update(complete=True)
    write_json_atomic(ckpt, state)
    if staging != output:
        staging.unlink()
    seconds = time.perf_counter() - start
    bar.close(stats.articles, stats.quotes)
    return summarize(stats, session, seconds, output=output, errors_file=errors_path)


class Progress:
    """Show how far a run is: a tqdm bar on a terminal (bytes read, ETA,
    articles, quotes, articles/s), else a plain line every 30 seconds.

    total_bytes (int): the size of all inputs.
    done_bytes (int): what a resumed run skips.
    done_articles (int): the articles a resumed run counts already.
    enabled (bool): show anything at all.
    stream (Optional[TextIO]): where to; default sys.stderr.
    """

    def __init__(self, total_bytes: int, done_bytes: int = 0, done_articles: int = 0, *, enabled: bool = True,
                 stream: Optional[TextIO] = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.total = max(total_bytes, 1)
        self.first_bytes, self.first_articles = done_bytes, done_articles
        self.start = self.last = time.perf_counter()
        tty = self.stream.isatty()
        self.every = 0.5 if tty else 30.0
        self.bar = None
        if enabled and tty:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=self.total, initial=done_bytes, unit="B", unit_scale=True,
                                unit_divisor=1024, file=self.stream, desc="scoring", dynamic_ncols=True)

    def update(self, done_bytes: int, articles: int, quotes: int) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(done_bytes - self.bar.n)
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            self._show(done_bytes, articles, quotes, now)

    def close(self, articles: int, quotes: int) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(self.total - self.bar.n)
        self._show(self.total, articles, quotes, time.perf_counter())
        if self.bar is not None:
            self.bar.close()

    def _show(self, done: int, articles: int, quotes: int, now: float) -> None:
        seconds = max(now - self.start, 1e-9)
        rate = (articles - self.first_articles) / seconds
        counts = f"{articles:,} articles, {quotes:,} quotes, {rate:,.1f} articles/s"
        if self.bar is not None:
            self.bar.set_postfix_str(counts, refresh=False)
            return
        byte_rate = (done - self.first_bytes) / seconds
        eta = time.strftime("%H:%M:%S", time.gmtime((self.total - done) / byte_rate)) if byte_rate > 0 else "?"
        print(f"quoteattr score: {counts}, {min(done / self.total, 1.0):.0%} of input, ETA {eta}",
              file=self.stream, flush=True)
