"""Custom attributes (`._.`): getters over doc.spans, installed once."""
from typing import Any, Dict, List, Optional

from spacy.tokens import Doc, Span

from .constants import CUES_KEY, QUOTES_KEY, SPEAKERS_KEY, STANCE_ATTR, STANCE_SCORES_ATTR


def _linked(span: Span, key: str) -> Optional[Span]:
    doc = span.doc
    if key not in doc.spans or not span.id_:
        return None
    for other in doc.spans[key]:
        if other.id_ == span.id_:
            return other
    return None


def _group_attr(span: Span, attr: str) -> Dict[str, Any]:
    doc = span.doc
    if QUOTES_KEY not in doc.spans:
        return {}
    return dict(doc.spans[QUOTES_KEY].attrs.get(attr, {}).get(span.id_, {}))


def _get_date(doc: Doc) -> Optional[str]:
    return (doc._.meta or {}).get("date")


def _set_date(doc: Doc, value: Optional[str]) -> None:
    meta = dict(doc._.meta or {})
    meta["date"] = value
    doc._.meta = meta


def _get_quotes(doc: Doc) -> List[Dict[str, Any]]:
    from .records import to_records

    return to_records(doc)


def install_extensions() -> None:
    """Register the quoteattr extensions; safe to call any number of times."""
    doc_ext = {
        "meta": {"default": None},
        "record_id": {"default": None},
        "date": {"getter": _get_date, "setter": _set_date},
        "quotes": {"getter": _get_quotes},
    }
    span_ext = {
        "speaker": {"getter": lambda s: s.kb_id_ or None},
        "speaker_span": {"getter": lambda s: _linked(s, SPEAKERS_KEY)},
        "cue": {"getter": lambda s: _linked(s, CUES_KEY)},
        "quote_type": {"getter": lambda s: s.label_ or None},
        "stance": {"getter": lambda s: _group_attr(s, STANCE_ATTR)},
        "stance_scores": {"getter": lambda s: _group_attr(s, STANCE_SCORES_ATTR)},
    }
    for name, kwargs in doc_ext.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in span_ext.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
