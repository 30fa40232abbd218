"""Prodigy spans + relations JSONL (rel.manual / spans.manual output) <-> schema records.

Span labels are those of convert/labels.py. Relations go from a quote span (head)
to its CUE or SPEAKER span (child), labelled CUE or SPEAKER. A quote span may
carry ``"speaker"`` (canonical name) and ``"stance"`` ({target: label}) keys,
which a custom interface or a review script adds. The task's ``meta`` gives
``id``, ``date`` and ``source``. Only accepted answers are imported.
"""
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Union

from .jsonl import iter_jsonl
from .labels import build_record, record_spans


def import_prodigy(path: Union[str, Path]) -> Iterator[Dict[str, Any]]:
    """Yield schema records from a Prodigy JSONL file."""
    for where, task in iter_jsonl(path):
        if task.get("answer", "accept") != "accept":
            continue
        text = task.get("text")
        spans, speakers, stances = {}, {}, {}
        for span in task.get("spans", []):
            key = (span["start"], span["end"], span["label"])
            spans[key] = key
            if span.get("speaker"):
                speakers[key] = span["speaker"]
            if span.get("stance"):
                stances[key] = dict(span["stance"])
        links = []
        for rel in task.get("relations", []):
            head = (rel["head_span"]["start"], rel["head_span"]["end"], rel["head_span"]["label"])
            child = (rel["child_span"]["start"], rel["child_span"]["end"], rel["child_span"]["label"])
            links.append((head, child, rel["label"]))
        meta = dict(task.get("meta") or {})
        doc_id = meta.pop("id", None)
        meta = {k: meta[k] for k in ("date", "source") if meta.get(k)}
        yield build_record(where, text if isinstance(text, str) else "", meta, doc_id, spans, links,
                           speakers, stances)


def export_prodigy(records: Iterable[Dict[str, Any]], nlp) -> List[Dict[str, Any]]:
    """Schema records as Prodigy tasks with tokens, spans and relations."""
    tasks = []
    for rec in records:
        doc = nlp.make_doc(rec["text"])
        tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t), "id": t.i, "ws": bool(t.whitespace_)}
                  for t in doc]
        spans, links = record_spans(rec)

        def span_dict(start: int, end: int, label: str) -> Dict[str, Any]:
            s = doc.char_span(start, end, alignment_mode="expand")
            return {"start": start, "end": end, "token_start": s.start, "token_end": s.end - 1, "label": label}

        out = []
        for start, end, label in spans:
            item = span_dict(start, end, label)
            quote = next((q for q in rec["quotes"] if (q["start"], q["end"]) == (start, end)
                          and label.startswith("QUOTE_")), None)
            if quote is not None:
                if quote.get("speaker"):
                    item["speaker"] = quote["speaker"]
                if quote.get("stance"):
                    item["stance"] = quote["stance"]
            out.append(item)
        relations = []
        for qi, si, label in links:
            head, child = span_dict(*spans[qi]), span_dict(*spans[si])
            relations.append({"head": head["token_end"], "child": child["token_end"], "head_span": head,
                              "child_span": child, "label": label})
        meta = {"id": rec.get("id"), **{k: v for k, v in (rec.get("meta") or {}).items() if k in ("date", "source")}}
        tasks.append({"text": rec["text"], "meta": meta, "tokens": tokens, "spans": out, "relations": relations,
                      "answer": "accept"})
    return tasks
