"""Malformed corpus records stop convert with the file, the line and the problem."""
import json

import pytest
import spacy

from quoteattr.convert.authoring import parse_document
from quoteattr.convert.jsonl import jsonl_to_docbin, validate

GOOD = {"id": "a", "text": "Putin said nothing will change.", "meta": {"date": "2024-06-06"},
        "quotes": [{"start": 11, "end": 30, "type": "indirect", "cue": [6, 10], "speaker_span": [0, 5],
                    "speaker": "Vladimir Putin", "stance": {}}]}


def write(tmp_path, lines):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def with_quote(**changes):
    rec = json.loads(json.dumps(GOOD))
    rec["quotes"][0].update(changes)
    return rec


@pytest.mark.parametrize(
    "bad,code",
    [
        (with_quote(end=999), "E003"),
        ({**GOOD, "quotes": GOOD["quotes"] + [dict(GOOD["quotes"][0], start=19, end=30, cue=None, speaker_span=None)]}, "E004"),
        (with_quote(type="paraphrase"), "E005"),
        (with_quote(stance={"Hillary Clinton": "favor"}), "E006"),
        (with_quote(stance={"Donald Trump": "love"}), "E006"),
        (with_quote(cue=[10, 14]), "E007"),
        (with_quote(start=12), "E008"),
        ({"id": "b", "quotes": []}, "E002"),
        ({"id": "c", "text": 42, "quotes": []}, "E002"),
        ('{"id": "d", "text": ', "E009"),
    ],
)
def test_malformed_record_names_file_line_and_problem(tmp_path, bad, code):
    path = write(tmp_path, [GOOD, bad])
    with pytest.raises(ValueError, match=code) as err:
        jsonl_to_docbin(path, spacy.blank("en"))
    assert f"{path}:2" in str(err.value)


def test_validate_reports_every_problem(tmp_path):
    path = write(tmp_path, [with_quote(end=999), GOOD, with_quote(type="x")])
    problems = validate([path], spacy.blank("en"))
    assert [p[:6] for p in problems] == ["[E003]", "[E005]"]
    assert f"{path}:1" in problems[0] and f"{path}:3" in problems[1]


def test_good_file_converts(tmp_path):
    assert len(jsonl_to_docbin(write(tmp_path, [GOOD, GOOD]), spacy.blank("en"))) == 2


DOC = """id: x
date: 2020-01-01
---
{s1|Lavrov} {c1|said} {q1|talks went well}.
===
q1 indirect c1 s1 | Sergei Lavrov | Donald Trump=neutral
"""


def test_authoring_markup_to_offsets():
    rec = parse_document(DOC, "x.txt")
    q = rec["quotes"][0]
    assert rec["text"] == "Lavrov said talks went well."
    assert rec["text"][q["start"]:q["end"]] == "talks went well"
    assert q["cue"] == [7, 11] and q["speaker_span"] == [0, 6]
    assert q["stance"] == {"Donald Trump": "neutral"}


@pytest.mark.parametrize(
    "broken,problem",
    [
        (DOC.replace("{q1|talks went well}", "{q1|talks went well"), "never closed"),
        (DOC.replace("q1 indirect c1 s1", "q1 indirect c9 s1"), "c9 is not"),
        (DOC.replace("{s1|Lavrov}", "{s2|Lavrov}"), "s1 is not"),
        (DOC.replace("---\n", ""), "no '---'"),
    ],
)
def test_authoring_errors_name_the_file(broken, problem):
    with pytest.raises(ValueError, match="E020") as err:
        parse_document(broken, "corpus/authoring/x.txt")
    assert "corpus/authoring/x.txt" in str(err.value) and problem in str(err.value)
