"""The label set of annotation projects (Label Studio, Prodigy) that import losslessly.

Span labels: QUOTE_DIRECT, QUOTE_INDIRECT, QUOTE_MIXED, CUE, SPEAKER, and the
negatives NOT_QUOTE_TITLE, NOT_QUOTE_SCARE, NOT_QUOTE_HEADLINE, NOT_QUOTE_CAPTION.
Relations from a quote to its cue and to its speaker mention: CUE, SPEAKER.
Per quote: the canonical speaker (free text) and a stance per target.
"""
from typing import Any, Dict, List, Optional, Tuple

from ..constants import NEGATIVE_KINDS, QUOTE_TYPES, STANCE_LABELS, TARGETS
from ..errors import Errors

QUOTE_LABELS = {f"QUOTE_{t.upper()}": t for t in QUOTE_TYPES}
NEGATIVE_LABELS = {f"NOT_QUOTE_{k.upper()}": k for k in NEGATIVE_KINDS}
LINK_LABELS = ("CUE", "SPEAKER")
SPAN_LABELS = (*QUOTE_LABELS, *LINK_LABELS, *NEGATIVE_LABELS)
# Label Studio per-region fields: from_name of the textarea and of each stance choice.
SPEAKER_FIELD = "speaker"
STANCE_FIELDS = {t: "stance_" + t.split()[-1].lower() for t in TARGETS}


def build_record(where: str, text: str, meta: Dict[str, Any], doc_id: Optional[str],
                 spans: Dict[Any, Tuple[int, int, str]], links: List[Tuple[Any, Any, str]],
                 speakers: Dict[Any, str], stances: Dict[Any, Dict[str, str]]) -> Dict[str, Any]:
    """Assemble a schema record from spans {key: (start, end, label)}, links
    (quote key, other key, CUE|SPEAKER), canonical speakers and stances per quote key."""
    def fail(problem: str) -> ValueError:
        return ValueError(Errors.E060.format(where=where, problem=problem))

    for key, (start, end, label) in spans.items():
        if label not in SPAN_LABELS:
            raise fail(f"unknown span label {label!r}; expected one of {list(SPAN_LABELS)}")
        if not 0 <= start < end <= len(text):
            raise fail(f"span {label} [{start}, {end}) is outside the text")
    linked: Dict[Any, Dict[str, List[int]]] = {k: {} for k, s in spans.items() if s[2] in QUOTE_LABELS}
    for head, child, label in links:
        if label not in LINK_LABELS:
            raise fail(f"unknown relation label {label!r}; expected CUE or SPEAKER")
        if head not in linked and child in linked:
            head, child = child, head  # drawn from the cue or speaker to the quote
        if head not in linked or child not in spans or spans[child][2] != label:
            raise fail(f"relation {label} must link a quote to a {label} span")
        linked[head][label.lower()] = list(spans[child][:2])
    quotes = []
    for key, links_of in linked.items():
        start, end, label = spans[key]
        stance = stances.get(key, {})
        for target, value in stance.items():
            if target not in TARGETS or value not in STANCE_LABELS:
                raise fail(f"stance {target!r}={value!r} is not a known target and label")
        quotes.append({
            "start": start,
            "end": end,
            "type": QUOTE_LABELS[label],
            "cue": links_of.get("cue"),
            "speaker_span": links_of.get("speaker"),
            "speaker": speakers.get(key) or None,
            "stance": dict(sorted(stance.items(), key=lambda kv: TARGETS.index(kv[0]))),
        })
    negatives = [{"start": s, "end": e, "kind": NEGATIVE_LABELS[label]}
                 for s, e, label in spans.values() if label in NEGATIVE_LABELS]
    meta = dict(meta)
    if negatives:
        meta["negatives"] = sorted(negatives, key=lambda n: n["start"])
    return {"id": doc_id, "text": text, "meta": meta, "quotes": sorted(quotes, key=lambda q: (q["start"], q["end"]))}


def record_spans(record: Dict[str, Any]) -> Tuple[List[Tuple[int, int, str]], List[Tuple[int, int, str]]]:
    """For exporters: the distinct spans of a record (start, end, label) and the
    links (quote index, span index, CUE|SPEAKER)."""
    spans: List[Tuple[int, int, str]] = []
    links: List[Tuple[int, int, str]] = []

    def index(span: Tuple[int, int, str]) -> int:
        if span not in spans:
            spans.append(span)
        return spans.index(span)

    for q in record["quotes"]:
        qi = index((q["start"], q["end"], f"QUOTE_{q['type'].upper()}"))
        if q.get("cue"):
            links.append((qi, index((q["cue"][0], q["cue"][1], "CUE")), "CUE"))
        if q.get("speaker_span"):
            links.append((qi, index((q["speaker_span"][0], q["speaker_span"][1], "SPEAKER")), "SPEAKER"))
    for n in (record.get("meta") or {}).get("negatives", []):
        index((n["start"], n["end"], f"NOT_QUOTE_{n['kind'].upper()}"))
    return spans, links
