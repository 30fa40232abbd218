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


def _second_annotation(tmp_path, edit):
    records = list(srsly.read_jsonl(FIXTURES / "annotations.jsonl"))
    edit(records)
    path = tmp_path / "second.jsonl"
    srsly.write_jsonl(path, records)
    return path


def test_agreement_of_an_annotation_with_itself_is_perfect(tmp_path):
    out = tmp_path / "agree.json"
    result = runner.invoke(app, ["agreement", str(FIXTURES / "annotations.jsonl"),
                                 str(FIXTURES / "annotations.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scores = srsly.read_json(out)
    assert scores["documents"] == 2 and scores["problems"] == []
    assert scores["quote_overlap_f"] == 1.0 and scores["speaker_acc"] == 1.0
    # the fixture has no favor label, so only against and neutral are scored
    assert scores["stance_against_f"] == 1.0 and scores["stance_neutral_f"] == 1.0
    assert scores["stance_pairs"] == 6


def test_agreement_counts_each_changed_stance_in_the_confusion_matrix(tmp_path):
    def edit(records):
        records[0]["quotes"][1]["stance"] = {"Joe Biden": "neutral"}  # against -> neutral
        records[1]["quotes"][1]["stance"] = {"Donald Trump": "favor"}  # a target only the second one sees
    second = _second_annotation(tmp_path, edit)
    out = tmp_path / "agree.json"
    result = runner.invoke(app, ["agreement", str(FIXTURES / "annotations.jsonl"), str(second), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scores = srsly.read_json(out)
    biden, trump = scores["stance_confusion"]["Joe Biden"], scores["stance_confusion"]["Donald Trump"]
    assert biden["against"]["neutral"] == 1 and biden["against"]["against"] == 1
    assert trump["none"]["favor"] == 1 and trump["neutral"]["neutral"] == 2
    assert scores["stance_against_f"] < 1.0 and scores["quote_overlap_f"] == 1.0


def test_agreement_reports_bad_records_and_scores_the_rest(tmp_path):
    records = list(srsly.read_jsonl(FIXTURES / "annotations.jsonl"))
    unknown = dict(records[1], id="not-in-reference")
    changed = dict(records[0], text=records[0]["text"].replace("Peskov", "PESKOV", 1))
    second = tmp_path / "second.jsonl"
    lines = [json.dumps(records[1]), "{not json", json.dumps(unknown), json.dumps(changed)]
    second.write_text("\n".join(lines) + "\n", encoding="utf8")
    out = tmp_path / "agree.json"
    result = runner.invoke(app, ["agreement", str(FIXTURES / "annotations.jsonl"), str(second), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scores = srsly.read_json(out)
    assert scores["documents"] == 1 and scores["stance_against_f"] == 1.0
    problems = "\n".join(scores["problems"])
    assert "second.jsonl:2" in problems and "E009" in problems
    assert "not-in-reference" in problems and "E081" in problems
    assert "fixture-peskov-1" in problems and "E082" in problems


def test_agreement_fails_when_no_record_matches(tmp_path):
    second = _second_annotation(tmp_path, lambda records: [r.update(id=r["id"] + "-x") for r in records])
    result = runner.invoke(app, ["agreement", str(FIXTURES / "annotations.jsonl"), str(second)])
    assert result.exit_code == 1 and "nothing to score" in " ".join(result.output.split())  # wasabi wraps lines
