import numpy
import pytest
import spacy
import srsly
from spacy.training import Example
from thinc.api import Config

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


# The neural stance models (the transformer pipeline uses v2 with a listener).
NEURAL = """
[model]
@architectures = "quoteattr.StanceModel.v2"

[model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 32
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [2000, 500, 500, 500]
include_static_vectors = false

[model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 32
window_size = 1
maxout_pieces = 3
depth = 1
"""
ARCHITECTURES = [None, "quoteattr.StanceModel.v2", "quoteattr.StanceModel.v1"]


def stance_config(architecture):
    """The stance_tagger config for an architecture (None: the factory default)."""
    if architecture is None:
        return {}
    model = Config().from_str(NEURAL)["model"]
    model["@architectures"] = architecture
    return {"model": model}


@pytest.fixture(scope="module", params=ARCHITECTURES, ids=["default", "v2", "v1"])
def trained(request):
    nlp = spacy.blank("en")
    nlp.add_pipe("stance_tagger", config=stance_config(request.param))
    examples = []
    for i, (body, speaker, stance) in enumerate(TRAIN):
        ref = doc_from_record(nlp, record(body, speaker, stance, i))
        pred = nlp.make_doc(ref.text)
        pred._.meta = dict(ref._.meta)
        pred.spans["quotes"] = ref.spans["quotes"].copy(pred)
        examples.append(Example(pred, ref))
    spacy.util.fix_random_seed(0)
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = 0.005  # as configs/cpu.cfg
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


def test_training_classes_are_balanced(trained):
    """Training weighs each class by n_pairs / (n_classes * n_pairs_of_class) over the
    training pairs, so the rare labels count as much as the many "none" pairs."""
    nlp, examples, _ = trained
    tagger = nlp.get_pipe("stance_tagger")
    counts = {"none": 0, "favor": 0, "against": 0, "neutral": 0}
    for _, _, stance in TRAIN:
        label = stance.split("=")[1] if stance else None
        counts["none"] += 3 - bool(label)
        if label:
            counts[label] += 1
    n = sum(counts.values())
    expected = [n / (4 * counts[c]) for c in ("none", "favor", "against", "neutral")]
    assert tagger.cfg["class_weights"] == pytest.approx(expected, abs=1e-3)
    assert tagger.cfg["class_weights"][0] < 1 < min(tagger.cfg["class_weights"][1:])


def test_default_architecture_is_the_linear_one():
    nlp = spacy.blank("en")
    assert nlp.add_pipe("stance_tagger").model.name == "stance_linear"


def test_balanced_loss_weighs_each_pair_by_its_gold_class():
    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("stance_tagger")
    tagger.cfg["class_weights"] = [0.5, 2.0, 2.0, 2.0]
    scores = numpy.zeros((1, 12), dtype="f")  # uniform probabilities for the three targets
    truths = numpy.asarray([[0, 1, 0]], dtype="i")  # Trump none, Biden favor, Harris none
    _, grad = tagger._loss(scores, truths)
    per_target = numpy.abs(grad.reshape(3, 4)).sum(axis=1)
    assert per_target[1] == pytest.approx(4 * per_target[0])
    tagger.cfg["class_weights"] = None  # balance_classes = false
    _, grad = tagger._loss(scores, truths)
    per_target = numpy.abs(grad.reshape(3, 4)).sum(axis=1)
    assert per_target[1] == pytest.approx(per_target[0])


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
