"""Schema JSONL <-> Doc/DocBin round trips and the ._. extensions."""
from pathlib import Path

import pytest
import spacy
import srsly
from spacy.tokens import DocBin

from quoteattr.convert.authoring import read_documents
from quoteattr.convert.jsonl import docbin_to_records, jsonl_to_docbin
from quoteattr.corpus import SPLITS
from quoteattr.records import doc_from_record, to_record, to_records

from .conftest import markup

CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_jsonl_docbin_jsonl_identity(split, tmp_path):
    path = CORPUS / f"{split}.jsonl"
    records = list(srsly.read_jsonl(path))
    assert records, f"{path} is empty"
    nlp = spacy.blank("en")
    jsonl_to_docbin(path, nlp).to_disk(tmp_path / "c.spacy")
    assert list(docbin_to_records(tmp_path / "c.spacy", nlp)) == records


def test_corpus_jsonl_is_generated_from_authoring(tmp_path):
    """The committed JSONL is what build-corpus makes of corpus/authoring."""
    built = {rec["id"]: rec for _, rec in read_documents(CORPUS / "authoring")}
    committed = {rec["id"]: rec for split in SPLITS for rec in srsly.read_jsonl(CORPUS / f"{split}.jsonl")}
    assert committed == built


def test_second_stance_annotation_differs_from_the_dev_split_only_in_stance():
    """corpus/agreement re-labels stance on dev documents; all else must stay the
    dev split's, or the agreement it measures would compare different quotes."""
    dev = {rec["id"]: rec for rec in srsly.read_jsonl(CORPUS / "dev.jsonl")}
    second = list(srsly.read_jsonl(CORPUS / "agreement" / "dev-stance-second.jsonl"))
    assert len(second) == 40
    for rec in second:
        ref = dev[rec["id"]]
        assert rec["text"] == ref["text"] and rec["meta"] == ref["meta"]
        strip = lambda quotes: [{k: v for k, v in q.items() if k != "stance"} for q in quotes]  # noqa: E731
        assert strip(rec["quotes"]) == strip(ref["quotes"])


RECORD = markup(
    """
Peskov rules out a call

{s1|Kremlin spokesman Dmitry Peskov} {c1|said} on Friday that {q1|there were no plans for a call with Trump}.

“{q2|We will see,}” {s2|he} {c2|added}. “{q3|Nothing is decided.}”
===
q1 indirect c1 s1 | Dmitry Peskov | Donald Trump=neutral
q2 direct c2 s2 | Dmitry Peskov |
q3 direct c2 s2 | Dmitry Peskov | Joe Biden=against
"""
)


def test_extensions_are_getters_over_span_groups(blank_nlp):
    doc = doc_from_record(blank_nlp, RECORD)
    quotes = list(doc.spans["quotes"])
    assert [q._.quote_type for q in quotes] == ["indirect", "direct", "direct"]
    assert quotes[0]._.speaker == "Dmitry Peskov"
    assert quotes[0]._.speaker_span.text == "Kremlin spokesman Dmitry Peskov"
    assert quotes[0]._.cue.text == "said"
    assert quotes[2]._.cue.text == "added" and quotes[2]._.speaker_span.text == "he"
    assert quotes[0]._.stance == {"Donald Trump": "neutral"}
    assert quotes[1]._.stance == {}
    assert doc._.date == "2024-11-08"
    assert [q["text"] for q in doc._.quotes] == ["there were no plans for a call with Trump", "We will see,",
                                               "Nothing is decided."]
    assert to_records(doc) == doc._.quotes


def test_annotations_survive_docbin_and_a_fresh_vocab(blank_nlp):
    doc = doc_from_record(blank_nlp, RECORD)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    other = spacy.blank("en")
    loaded = list(DocBin().from_bytes(data).get_docs(other.vocab))[0]
    assert to_record(loaded) == to_record(doc)
    assert loaded.spans["quotes"][2]._.speaker_span.text == "he"


def test_record_survives_multiprocessing(blank_nlp):
    blank_nlp.add_pipe("quote_finder")
    doc = blank_nlp.make_doc(RECORD["text"])
    doc._.meta = {"date": "2024-11-08"}
    one = [to_record(d) for d in blank_nlp.pipe([doc, doc], n_process=1)]
    two = [to_record(d) for d in blank_nlp.pipe([doc, doc], n_process=2)]
    assert one == two
    assert two[0]["meta"]["date"] == "2024-11-08"
    assert [RECORD["text"][q["start"]:q["end"]] for q in two[0]["quotes"]] == ["We will see,", "Nothing is decided."]
