"""The annotation schema (v1) as typed records, and their mapping to spaCy Docs.

A record is one article: ``{"id", "text", "meta", "quotes"}``. On a Doc the
quotes live in ``doc.spans["quotes"]`` (label = quote type, kb_id = canonical
speaker, id = "q<i>"), their cues in ``doc.spans["cues"]`` and their speaker
mentions in ``doc.spans["speakers"]`` (id = the quote's id), and their stance
in the quote group's ``attrs``. Everything therefore survives a DocBin.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from .constants import (
    CUES_KEY,
    QUOTES_KEY,
    SPEAKERS_KEY,
    STANCE_ATTR,
    STANCE_SCORES_ATTR,
)
from .errors import Errors
from .extensions import install_extensions

Offsets = Optional[Tuple[int, int]]


@dataclass
class Quote:
    start: int
    end: int
    type: str
    cue: Offsets = None
    speaker_span: Offsets = None
    speaker: Optional[str] = None
    stance: Optional[Dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Quote":
        return cls(
            start=data["start"],
            end=data["end"],
            type=data["type"],
            cue=tuple(data["cue"]) if data.get("cue") is not None else None,  # type: ignore[arg-type]
            speaker_span=tuple(data["speaker_span"]) if data.get("speaker_span") is not None else None,  # type: ignore[arg-type]
            speaker=data.get("speaker"),
            stance=dict(data["stance"]) if data.get("stance") is not None else None,
        )

    def to_dict(self) -> Dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "cue": list(self.cue) if self.cue is not None else None,
            "speaker_span": list(self.speaker_span) if self.speaker_span is not None else None,
            "speaker": self.speaker,
            "stance": dict(self.stance) if self.stance is not None else None,
        }


@dataclass
class Record:
    id: Optional[str]
    text: str
    meta: Dict[str, Any] = field(default_factory=dict)
    quotes: List[Quote] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Record":
        meta = dict(data.get("meta") or {})
        if data.get("date") and "date" not in meta:
            meta["date"] = data["date"]
        return cls(
            id=data.get("id"),
            text=data["text"],
            meta=meta,
            quotes=[Quote.from_dict(q) for q in data.get("quotes") or []],
        )

    def to_dict(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "meta": dict(self.meta),
            "quotes": [q.to_dict() for q in self.quotes],
        }

    @property
    def date(self) -> Optional[str]:
        return self.meta.get("date")


def quote_id(i: int) -> str:
    return f"q{i}"


def _char_span(doc: Doc, start: int, end: int, where: str, what: str, strict: bool = True,
               **kwargs: Any) -> Span:
    span = doc.char_span(start, end, alignment_mode="strict" if strict else "expand", **kwargs)
    if span is None:
        raise ValueError(Errors.E008.format(
            where=where, i=what.split()[0], field=what, start=start, end=end,
            text=doc.text[max(start, 0):end]))
    return span


def set_quotes(doc: Doc, quotes: Iterable[Quote], where: str = "<doc>", strict: bool = True) -> None:
    """Write quotes onto the Doc's span groups (replacing any there).

    strict (bool): spans must sit on token boundaries (else E008). With
        strict=False (external corpora), spans expand to whole tokens.
    """
    quote_spans, cue_spans, speaker_spans = [], [], []
    stance: Dict[str, Dict[str, str]] = {}
    for i, q in enumerate(sorted(quotes, key=lambda q: (q.start, q.end))):
        qid = quote_id(i)
        quote_spans.append(_char_span(
            doc, q.start, q.end, where, f"{i} quote", strict, label=q.type,
            kb_id=q.speaker or "", span_id=qid))
        if q.cue is not None:
            cue_spans.append(_char_span(doc, q.cue[0], q.cue[1], where, f"{i} cue", strict,
                                        label="CUE", span_id=qid))
        if q.speaker_span is not None:
            speaker_spans.append(_char_span(
                doc, q.speaker_span[0], q.speaker_span[1], where, f"{i} speaker_span", strict,
                label="SPEAKER", kb_id=q.speaker or "", span_id=qid))
        if q.stance is not None:
            stance[qid] = dict(q.stance)
    doc.spans[QUOTES_KEY] = SpanGroup(doc, name=QUOTES_KEY, attrs={STANCE_ATTR: stance}, spans=quote_spans)
    doc.spans[CUES_KEY] = cue_spans
    doc.spans[SPEAKERS_KEY] = speaker_spans


def doc_from_record(nlp: Language, record: Union[Record, Dict[str, Any]], where: str = "<record>",
                    strict: bool = True) -> Doc:
    """Make a Doc (tokenized only) carrying the record's id, meta and quotes."""
    install_extensions()
    if isinstance(record, dict):
        record = Record.from_dict(record)
    doc = nlp.make_doc(record.text)
    doc._.record_id = record.id
    doc._.meta = dict(record.meta)
    set_quotes(doc, record.quotes, where=where, strict=strict)
    return doc


def links(doc: Doc, key: str) -> Dict[str, Span]:
    """Map quote id -> linked span in doc.spans[key] (cues or speakers)."""
    if key not in doc.spans:
        return {}
    return {span.id_: span for span in doc.spans[key]}


def quotes_of(doc: Doc) -> List[Quote]:
    """Read the Doc's quotes back as Quote records."""
    if QUOTES_KEY not in doc.spans:
        return []
    group = doc.spans[QUOTES_KEY]
    stance = group.attrs.get(STANCE_ATTR, {})
    cues, speakers = links(doc, CUES_KEY), links(doc, SPEAKERS_KEY)
    quotes = []
    for span in group:
        cue, mention = cues.get(span.id_), speakers.get(span.id_)
        quotes.append(Quote(
            start=span.start_char,
            end=span.end_char,
            type=span.label_,
            cue=(cue.start_char, cue.end_char) if cue is not None else None,
            speaker_span=(mention.start_char, mention.end_char) if mention is not None else None,
            speaker=span.kb_id_ or None,
            stance=dict(stance[span.id_]) if span.id_ in stance else None,
        ))
    return quotes


def to_record(doc: Doc, with_scores: bool = False) -> Dict[str, Any]:
    """RETURNS (dict): the schema record of a processed Doc, JSON-ready."""
    install_extensions()
    quotes = [q.to_dict() for q in quotes_of(doc)]
    if with_scores and QUOTES_KEY in doc.spans:
        scores = doc.spans[QUOTES_KEY].attrs.get(STANCE_SCORES_ATTR, {})
        for span, q in zip(doc.spans[QUOTES_KEY], quotes):
            q["stance_scores"] = dict(scores.get(span.id_, {}))
    return {
        "id": doc._.record_id,
        "text": doc.text,
        # msgpack (DocBin, multiprocessing) turns lists into tuples: give JSON types back
        "meta": json.loads(json.dumps(doc._.meta or {})),
        "quotes": quotes,
    }


def to_records(doc: Doc) -> List[Dict[str, Any]]:
    """RETURNS (List[dict]): the Doc's quotes as schema quote dicts, with text."""
    out = []
    for q in to_record(doc, with_scores=True)["quotes"]:
        q["text"] = doc.text[q["start"]:q["end"]]
        out.append(q)
    return out


def read_jsonl(path: Union[str, Path]) -> Iterator[Dict[str, Any]]:
    return srsly.read_jsonl(path)  # type: ignore[no-any-return]


def write_jsonl(path: Union[str, Path], records: Iterable[Dict[str, Any]]) -> None:
    srsly.write_jsonl(path, records)
