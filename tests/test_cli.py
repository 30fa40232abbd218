"""The command line, through typer's CliRunner."""
import json
from pathlib import Path

import srsly
from typer.testing import CliRunner

from quoteattr.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def test_convert_validate_and_report(tmp_path):
    src = FIXTURES / "annotations.jsonl"
    result = runner.invoke(app, ["convert", str(src), str(tmp_path / "a.spacy")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.spacy").exists()
    assert runner.invoke(app, ["validate", str(src)]).exit_code == 0
    report = runner.invoke(app, ["report", str(src)])
    assert report.exit_code == 0 and "Dmitry Peskov" in report.output
    assert runner.invoke(app, ["report", str(src), "--strict"]).exit_code == 1  # two docs meet no minimum


def test_convert_stops_on_a_bad_record_with_file_and_line(tmp_path):
    records = list(srsly.read_jsonl(FIXTURES / "annotations.jsonl"))
    records[1]["quotes"][0]["end"] = 10 ** 6
    srsly.write_jsonl(tmp_path / "bad.jsonl", records)
    result = runner.invoke(app, ["convert", str(tmp_path / "bad.jsonl"), str(tmp_path / "x.spacy")])
    assert result.exit_code == 1
    assert "E003" in result.output and "bad.jsonl:2" in result.output
    assert not (tmp_path / "x.spacy").exists()


def test_import_annotations(tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["import-annotations", str(FIXTURES / "label_studio_export.json"), str(out)])
    assert result.exit_code == 0, result.output
    assert list(srsly.read_jsonl(out)) == list(srsly.read_jsonl(FIXTURES / "annotations.jsonl"))


def test_build_corpus_from_authoring(tmp_path):
    (tmp_path / "auth").mkdir()
    (tmp_path / "auth" / "d.txt").write_text(
        "id: d1\ndate: 2020-01-01\n---\n{s1|Lavrov} {c1|said} {q1|talks went well}.\n===\n"
        "q1 indirect c1 s1 | Sergei Lavrov |\n")
    result = runner.invoke(app, ["build-corpus", str(tmp_path / "auth"), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for split in ("train", "dev", "test")
             for line in (tmp_path / "out" / f"{split}.jsonl").read_text().splitlines()]
    assert [r["id"] for r in lines] == ["d1"]
