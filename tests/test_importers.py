"""Label Studio and Prodigy exports of the same annotations import to the same records."""
import json
from pathlib import Path

import pytest
import spacy
import srsly

from quoteattr.convert.jsonl import check_record
from quoteattr.convert.label_studio import export_label_studio, import_label_studio
from quoteattr.convert.prodigy import export_prodigy, import_prodigy

FIXTURES = Path(__file__).parent / "fixtures"


def test_label_studio_and_prodigy_import_to_the_same_records():
    expected = list(srsly.read_jsonl(FIXTURES / "annotations.jsonl"))
    from_ls = list(import_label_studio(FIXTURES / "label_studio_export.json"))
    from_prodigy = list(import_prodigy(FIXTURES / "prodigy.jsonl"))
    assert from_ls == expected  # the cancelled task is skipped
    assert from_prodigy == expected  # the rejected answer is skipped
    nlp = spacy.blank("en")
    assert all(check_record(rec, "x", nlp) == [] for rec in from_ls)


def test_export_then_import_is_lossless(tmp_path):
    records = list(srsly.read_jsonl(FIXTURES / "annotations.jsonl"))
    (tmp_path / "ls.json").write_text(json.dumps(export_label_studio(records)))
    srsly.write_jsonl(tmp_path / "p.jsonl", export_prodigy(records, spacy.blank("en")))
    assert list(import_label_studio(tmp_path / "ls.json")) == records
    assert list(import_prodigy(tmp_path / "p.jsonl")) == records


def test_unknown_label_names_the_task(tmp_path):
    tasks = json.loads((FIXTURES / "label_studio_export.json").read_text())
    tasks[1]["annotations"][0]["result"][0]["value"]["labels"] = ["QUOTATION"]
    (tmp_path / "bad.json").write_text(json.dumps(tasks))
    with pytest.raises(ValueError, match=r"E060.*task 2.*QUOTATION"):
        list(import_label_studio(tmp_path / "bad.json"))


def test_relation_to_the_wrong_kind_of_span(tmp_path):
    tasks = [json.loads(line) for line in (FIXTURES / "prodigy.jsonl").read_text().splitlines()]
    rel = tasks[0]["relations"][0]
    rel["label"] = "SPEAKER" if rel["label"] == "CUE" else "CUE"
    srsly.write_jsonl(tmp_path / "bad.jsonl", tasks)
    with pytest.raises(ValueError, match=r"E060.*bad.jsonl:1.*must link a quote"):
        list(import_prodigy(tmp_path / "bad.jsonl"))
