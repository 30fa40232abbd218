"""Schema JSONL <-> DocBin, with validation that names file, line and problem."""
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..constants import QUOTE_TYPES, STANCE_LABELS, TARGETS
from ..errors import Errors
from ..records import Record, doc_from_record, to_record


def iter_jsonl(path: Union[str, Path]) -> Iterator[Tuple[str, Any]]:
    """Yield (where, parsed JSON) per non-empty line; where = "file:line".

    Invalid JSON raises ValueError E009 naming the line.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(Errors.E013.format(path=path))
    with path.open("r", encoding="utf8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                yield where, json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(Errors.E009.format(where=where, error=err)) from None


def _pair(value: Any) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )


def check_record(data: Any, where: str, nlp: Optional[Language] = None) -> List[str]:
    """Check one schema record. RETURNS (List[str]): coded problems, empty if valid.

    data: the parsed JSON object. where (str): "file:line" for the messages.
    nlp (Language): if given, spans must sit on its tokenizer's boundaries.
    """
    if not isinstance(data, dict):
        return [Errors.E012.format(where=where)]
    text = data.get("text")
    if not isinstance(text, str):
        return [Errors.E002.format(where=where)]
    problems = []
    quotes = data.get("quotes") or []
    doc = nlp.make_doc(text) if nlp is not None else None
    spans = []
    for i, q in enumerate(quotes):
        for key in ("start", "end", "type"):
            if key not in q:
                problems.append(Errors.E011.format(where=where, i=i, field=key))
        if any(key not in q for key in ("start", "end", "type")):
            continue
        start, end = q["start"], q["end"]
        if not _pair([start, end]) or not 0 <= start < end <= len(text):
            problems.append(Errors.E003.format(where=where, i=i, start=start, end=end, length=len(text)))
            continue
        if q["type"] not in QUOTE_TYPES:
            problems.append(Errors.E005.format(where=where, i=i, label=q["type"], options=list(QUOTE_TYPES)))
        stance = q.get("stance")
        if stance is not None:
            if not isinstance(stance, dict):
                problems.append(Errors.E006.format(
                    where=where, i=i, target=stance, options=list(TARGETS), label=None, labels=list(STANCE_LABELS)))
            else:
                for target, label in stance.items():
                    if target not in TARGETS or label not in STANCE_LABELS:
                        problems.append(Errors.E006.format(
                            where=where, i=i, target=target, options=list(TARGETS),
                            label=label, labels=list(STANCE_LABELS)))
        fields = [("quote", (start, end))]
        for key in ("cue", "speaker_span"):
            value = q.get(key)
            if value is None:
                continue
            if not _pair(value) or not 0 <= value[0] < value[1] <= len(text):
                problems.append(Errors.E010.format(where=where, i=i, field=key, value=value))
                continue
            if value[0] < end and start < value[1]:
                problems.append(Errors.E007.format(where=where, i=i, field=key, span=list(value), start=start, end=end))
            fields.append((key, tuple(value)))
        if doc is not None:
            for key, (s, e) in fields:
                if doc.char_span(s, e) is None:
                    problems.append(Errors.E008.format(where=where, i=i, field=key, start=s, end=e, text=text[s:e]))
        spans.append((start, end, i))
    spans.sort()
    for (s1, e1, i), (s2, e2, j) in zip(spans, spans[1:]):
        if s2 < e1:
            problems.append(Errors.E004.format(where=where, i=i, start=s1, end=e1, j=j, start2=s2, end2=e2))
    return problems


def read_records(path: Union[str, Path], nlp: Optional[Language] = None) -> Iterator[Tuple[str, Record]]:
    """Yield (where, Record) for a schema JSONL file; the first bad record raises ValueError."""
    for where, data in iter_jsonl(path):
        problems = check_record(data, where, nlp)
        if problems:
            raise ValueError(problems[0])
        yield where, Record.from_dict(data)


def validate(paths: List[Path], nlp: Language) -> List[str]:
    """Check every record of every file. RETURNS (List[str]): all problems found."""
    problems: List[str] = []
    for path in paths:
        try:
            for where, data in iter_jsonl(path):
                problems.extend(check_record(data, where, nlp))
        except ValueError as err:
            problems.append(str(err))
    return problems


def jsonl_to_docbin(path: Union[str, Path], nlp: Language) -> DocBin:
    """Convert a schema JSONL file to a DocBin that keeps quotes, ids and meta."""
    db = DocBin(store_user_data=True)
    for where, record in read_records(path, nlp):
        db.add(doc_from_record(nlp, record, where=where))
    return db


def docbin_to_records(path: Union[str, Path], nlp: Language) -> Iterator[Dict[str, Any]]:
    """Read a DocBin written by jsonl_to_docbin back as schema records."""
    for doc in read_docbin(path, nlp):
        yield to_record(doc)


def read_docbin(path: Union[str, Path], nlp: Language) -> Iterator[Doc]:
    db = DocBin(store_user_data=True).from_disk(path)
    return db.get_docs(nlp.vocab)
