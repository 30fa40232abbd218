"""Label Studio JSON export <-> schema records.

Labeling config (the label set of convert/labels.py)::

    <View>
      <Labels name="label" toName="text">
        <Label value="QUOTE_DIRECT"/><Label value="QUOTE_INDIRECT"/><Label value="QUOTE_MIXED"/>
        <Label value="CUE"/><Label value="SPEAKER"/>
        <Label value="NOT_QUOTE_TITLE"/><Label value="NOT_QUOTE_SCARE"/>
        <Label value="NOT_QUOTE_HEADLINE"/><Label value="NOT_QUOTE_CAPTION"/>
      </Labels>
      <Relations><Relation value="CUE"/><Relation value="SPEAKER"/></Relations>
      <Text name="text" value="$text"/>
      <TextArea name="speaker" toName="text" perRegion="true"/>
      <Choices name="stance_trump" toName="text" perRegion="true"> favor / against / neutral </Choices>
      <Choices name="stance_biden" ...> <Choices name="stance_harris" ...>
    </View>

Task data: ``text``, and optionally ``id``, ``date``, ``source``.
"""
import json
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Union

from ..errors import Errors
from .labels import SPEAKER_FIELD, STANCE_FIELDS, build_record, record_spans

TARGET_OF_FIELD = {field: target for target, field in STANCE_FIELDS.items()}


def import_label_studio(path: Union[str, Path]) -> Iterator[Dict[str, Any]]:
    """Yield schema records from a Label Studio JSON export (first non-cancelled annotation per task)."""
    path = Path(path)
    try:
        tasks = json.loads(path.read_text("utf8"))
    except json.JSONDecodeError as err:
        raise ValueError(Errors.E060.format(where=str(path), problem=f"invalid JSON: {err}")) from None
    if not isinstance(tasks, list):
        raise ValueError(Errors.E060.format(where=str(path), problem="expected a list of tasks"))
    for n, task in enumerate(tasks):
        where = f"{path} task {task.get('id', n)}"
        data = task.get("data") or {}
        if not isinstance(data.get("text"), str):
            raise ValueError(Errors.E060.format(where=where, problem="data.text is missing"))
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        if not annotations:
            continue
        spans, links, speakers, stances = {}, [], {}, {}
        for item in annotations[0].get("result", []):
            kind, value = item.get("type"), item.get("value", {})
            if kind == "labels":
                spans[item["id"]] = (value["start"], value["end"], value["labels"][0])
            elif kind == "relation":
                for label in item.get("labels") or []:
                    links.append((item["from_id"], item["to_id"], label))
            elif kind == "textarea" and item.get("from_name") == SPEAKER_FIELD:
                speakers[item["id"]] = " ".join(value.get("text", [])).strip()
            elif kind == "choices" and item.get("from_name") in TARGET_OF_FIELD:
                stances.setdefault(item["id"], {})[TARGET_OF_FIELD[item["from_name"]]] = value["choices"][0]
        meta = {k: data[k] for k in ("date", "source") if data.get(k)}
        yield build_record(where, data["text"], meta, data.get("id"), spans, links, speakers, stances)


def export_label_studio(records: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Schema records as Label Studio tasks with annotations (for review or pre-annotation)."""
    tasks = []
    for n, rec in enumerate(records, start=1):
        spans, links = record_spans(rec)
        result: List[Dict[str, Any]] = []
        ids = [f"r{n}-{i}" for i in range(len(spans))]
        for rid, (start, end, label) in zip(ids, spans):
            value = {"start": start, "end": end, "text": rec["text"][start:end]}
            result.append({"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                           "value": {**value, "labels": [label]}})
            quote = next((q for q in rec["quotes"] if (q["start"], q["end"]) == (start, end)
                          and label.startswith("QUOTE_")), None)
            if quote is None:
                continue
            if quote.get("speaker"):
                result.append({"id": rid, "from_name": SPEAKER_FIELD, "to_name": "text", "type": "textarea",
                               "value": {**value, "text": [quote["speaker"]]}})
            for target, choice in (quote.get("stance") or {}).items():
                result.append({"id": rid, "from_name": STANCE_FIELDS[target], "to_name": "text",
                               "type": "choices", "value": {**value, "choices": [choice]}})
        for qi, si, label in links:
            result.append({"from_id": ids[qi], "to_id": ids[si], "type": "relation", "direction": "right",
                           "labels": [label]})
        meta = rec.get("meta") or {}
        data = {"text": rec["text"], "id": rec.get("id"), **{k: meta[k] for k in ("date", "source") if k in meta}}
        tasks.append({"id": n, "data": data, "annotations": [{"id": n, "result": result, "was_cancelled": False}]})
    return tasks
