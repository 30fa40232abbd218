import pytest
import spacy
import srsly
from spacy.training import Example

from quoteattr.records import doc_from_record, to_record

from ..conftest import markup

FAVOR = ["brave", "wise", "honest", "strong", "smart"]
AGAINST = ["a liar", "a disaster", "senile", "weak", "corrupt"]
NEUTRAL = ["has not called yet", "will speak on Monday", "met the envoy", "is in Washington"]
CANDIDATES = {"Donald Trump": "Trump", "Joe Biden": "Biden", "Kamala Harris": "Harris"}


SPEAKERS = [("Putin", "Vladimir Putin"), ("Lavrov", "Sergei Lavrov"), ("Peskov", "Dmitry Peskov")]


def _train():
    """Praise, insults and plain statements about each candidate, and some about none;
    every speaker says each kind, so the speaker tells the model nothing."""
    rows = []
    for i, (target, name) in enumerate(CANDIDATES.items()):
        for j in range(3):
            texts = {
                "favor": f"{name} is {FAVOR[(i + j) % 5]} and {FAVOR[(i + j + 1) % 5]}",
                "against": f"{name} is {AGAINST[(i + j) % 5]} and {AGAINST[(i + j + 1) % 5]}",
                "neutral": f"{name} {NEUTRAL[(i + j) % 4]}",
            }
            for k, (label, text) in enumerate(texts.items()):
                short, speaker = SPEAKERS[(j + k) % 3]
                rows.append((f'"{{q1|{text}}},” {{s1|{short}}} {{c1|said}}.', speaker, f"{target}={label}"))
    rows.append(('"{q1|The weather in Moscow is cold},” {s1|Peskov} {c1|said}.', "Dmitry Peskov", ""))
    rows.append(('"{q1|Our economy is strong and honest},” {s1|Putin} {c1|said}.', "Vladimir Putin", ""))
    return rows


TRAIN = _train()


def record(body, speaker, stance, i=0):
    return markup(f"Headline\n\n{body}\n===\nq1 direct c1 s1 | {speaker} | {stance}", date="2024-05-01",
                  doc_id=f"t{i}")


@pytest.fixture(scope="module")
def trained():
    nlp = spacy.blank("en")
    nlp.add_pipe("stance_tagger")
    examples = []
    for i, (body, speaker, stance) in enumerate(TRAIN):
        ref = doc_from_record(nlp, record(body, speaker, stance, i))
        pred = nlp.make_doc(ref.text)
        pred._.meta = dict(ref._.meta)
        pred.spans["quotes"] = ref.spans["quotes"].copy(pred)
        examples.append(Example(pred, ref))
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    losses = [nlp.update(examples, sgd=optimizer)["stance_tagger"] for _ in range(200)]
    return nlp, examples, losses


def tag(nlp, body, speaker="Dmitry Peskov"):
    rec = record(body, speaker, "")
    doc = doc_from_record(nlp, rec)
    return nlp(doc).spans["quotes"][0]


def test_obvious_cases(trained):
    nlp, _, _ = trained
    # word combinations the training data has for other candidates only
    assert tag(nlp, '"{q1|Trump is smart and brave},” {s1|Zakharova} {c1|said}.')._.stance == {"Donald Trump": "favor"}
    assert tag(nlp, '"{q1|Biden is corrupt and a liar},” {s1|Zakharova} {c1|said}.')._.stance == {"Joe Biden": "against"}
    assert tag(nlp, '"{q1|The snow in Moscow is cold},” {s1|Zakharova} {c1|said}.')._.stance == {}


def test_scores_are_probabilities(trained):
    nlp, _, _ = trained
    quote = tag(nlp, '"{q1|Harris is wise and honest},” {s1|Lavrov} {c1|said}.')
    assert quote._.stance
    assert set(quote._.stance_scores) == set(quote._.stance)
    assert all(0.0 < p <= 1.0 for p in quote._.stance_scores.values())


def test_loss_goes_down_and_labels_come_from_the_data(trained):
    nlp, examples, losses = trained
    tagger = nlp.get_pipe("stance_tagger")
    assert tagger.labels == ("favor", "against", "neutral")
    docs, quotes, _ = tagger._gold(examples)
    loss, _ = tagger.get_loss(examples, tagger.model.predict(tagger._inputs(docs, quotes)))
    assert loss < losses[0] / 10


def test_save_and_load_give_identical_predictions(trained, tmp_path):
    nlp, examples, _ = trained
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    for eg in examples:
        doc = eg.reference.copy()
        assert to_record(loaded(doc.copy()), with_scores=True) == to_record(nlp(doc.copy()), with_scores=True)


def test_not_initialized_is_a_coded_error():
    nlp = spacy.blank("en")
    nlp.add_pipe("stance_tagger")
    doc = doc_from_record(nlp, record(*TRAIN[0]))
    with pytest.raises(ValueError, match="E042"):
        nlp(doc)


def test_empty_and_quoteless_docs(trained):
    nlp, _, _ = trained
    assert list(nlp("").spans.get("quotes", [])) == []
    doc = nlp("One")
    assert list(doc.spans.get("quotes", [])) == []


def test_whole_text_statements(trained):
    from quoteattr.pipeline.stance_tagger import tag_statements

    nlp, _, _ = trained
    docs = list(tag_statements(nlp, ["Trump is smart and brave", "Biden is corrupt and a liar"],
                               dates=["2024-05-01", "2024-05-01"]))
    assert [d.spans["quotes"][0]._.stance for d in docs] == [{"Donald Trump": "favor"}, {"Joe Biden": "against"}]


def test_score_whole_text_tags_each_record_as_one_statement(trained, tmp_path):
    from quoteattr.batch import local

    nlp, _, _ = trained
    nlp.to_disk(tmp_path / "nlp")
    srsly.write_jsonl(tmp_path / "posts.jsonl", [
        {"id": "p1", "date": "2024-05-01", "text": "Trump is smart and brave"},
        {"id": "p2", "date": "2024-05-01", "text": "Biden is corrupt and a liar"},
    ])
    local.score([tmp_path / "posts.jsonl"], tmp_path / "out.jsonl", model=tmp_path / "nlp", whole_text=True)
    out = list(srsly.read_jsonl(tmp_path / "out.jsonl"))
    assert [(r["id"], r["text"], r["stance"]) for r in out] == [
        ("p1", "Trump is smart and brave", {"Donald Trump": "favor"}),
        ("p2", "Biden is corrupt and a liar", {"Joe Biden": "against"}),
    ]
