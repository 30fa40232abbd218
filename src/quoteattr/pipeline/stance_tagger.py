"""stance_tagger: favor / against / neutral toward each US candidate, per quote."""
from itertools import islice
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_get_examples
from thinc.api import Config, Model, Optimizer
from thinc.types import Floats2d
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..constants import QUOTES_KEY, STANCE_ATTR, STANCE_LABELS, STANCE_SCORES_ATTR, TARGETS
from ..errors import Errors
from ..extensions import install_extensions
from ..kb import KnowledgeBase
from ..kb.people import parse_date
from ..ml.stance_model import build_stance_model  # noqa: F401  (registers the architecture)
from ..rules.targets import PRONOUN_RE, TargetFinder
from ..scorer import score_stance

N_TARGET_FEATURES = 13
CLASSES = ("none",) + STANCE_LABELS

DEFAULT_STANCE_MODEL = """
[model]
@architectures = "quoteattr.StanceLinear.v1"
n_features = 13
n_targets = 3
n_classes = 4
"""
DEFAULT_STANCE_MODEL_CFG = Config().from_str(DEFAULT_STANCE_MODEL)["model"]


@Language.factory(
    "stance_tagger",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={
        "model": DEFAULT_STANCE_MODEL_CFG,
        "context_sentences": 1,
        "balance_classes": True,
        "scorer": {"@scorers": "quoteattr.stance_scorer.v1"},
    },
    default_score_weights={
        "stance_macro_f": 0.4,
        "stance_favor_f": None,
        "stance_against_f": None,
        "stance_neutral_f": None,
    },
)
def make_stance_tagger(nlp: Language, name: str, model: Model, *, context_sentences: int, balance_classes: bool,
                       scorer: Optional[Callable]) -> "StanceTagger":
    return StanceTagger(nlp.vocab, model, name=name, context_sentences=context_sentences,
                        balance_classes=balance_classes, scorer=scorer)


class StanceTagger(TrainablePipe):
    """Tag each quote in doc.spans["quotes"] with its stance toward the candidates.

    For every (quote, target) pair the model picks one of none / favor /
    against / neutral from the quote's words, its context (the quote's
    sentences and the one before) and features that say whether and how the
    target is mentioned (name, a title the target held on the article date, a
    pronoun when the article is about the target), plus, for the models with a
    bag-of-words layer (StanceLinear.v1, StanceModel.v2), the pair's hashed n-grams. With balance_classes, the
    training loss weighs each class by the inverse of its frequency in the
    training pairs (most pairs are "none"). Results go to the quote
    group's attrs: STANCE_ATTR {quote_id: {target: label}} and
    STANCE_SCORES_ATTR {quote_id: {target: probability of that label}}.
    """

    def __init__(self, vocab, model: Model, name: str = "stance_tagger", *, context_sentences: int = 1,
                 balance_classes: bool = True, scorer: Optional[Callable] = score_stance) -> None:
        if not isinstance(context_sentences, int) or context_sentences < 0:
            raise ValueError(Errors.E041.format(name=name, setting="context_sentences",
                                                expected="an int >= 0", value=context_sentences))
        install_extensions()
        self.vocab = vocab
        self.model = model
        self.name = name
        self.scorer = scorer
        self.cfg: Dict = {"targets": list(TARGETS), "labels": [], "context_sentences": context_sentences,
                          "balance_classes": bool(balance_classes), "class_weights": None}
        self.kb = KnowledgeBase.default()
        self.targets = TargetFinder(self.kb, self.cfg["targets"])
        self.sentiment = SentimentIntensityAnalyzer()

    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    # Inputs ---------------------------------------------------------------
    def _context(self, doc: Doc, span: Span) -> Tuple[int, int]:
        if not doc.has_annotation("SENT_START"):
            return max(0, span.start - 40), min(len(doc), span.end + 10)
        first = doc[span.start].sent
        last = doc[span.end - 1].sent
        start = first.start
        for _ in range(self.cfg["context_sentences"]):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        return start, last.end

    @staticmethod
    def _paragraphs_around(text: str, start: int, end: int) -> Tuple[int, int]:
        """The character range of the paragraphs holding [start, end) and the one before."""
        p = text.rfind("\n\n", 0, start)
        p = text.rfind("\n\n", 0, p) if p > 0 else -1
        e = text.find("\n\n", end)
        return (p + 2 if p >= 0 else 0), (e if e >= 0 else len(text))

    def _features(self, doc: Doc, span: Span, context: Tuple[int, int], mentions: Dict, share: Dict[str, float],
                  focus: Optional[str], speaker: Optional[str]) -> List[float]:
        """Per target: how and where the quote, its context and the article mention it."""
        feats: List[float] = []
        qs, qe = span.start_char, span.end_char
        cs, ce = doc[context[0]].idx, doc[context[1] - 1].idx + len(doc[context[1] - 1])
        ps, pe = self._paragraphs_around(doc.text, qs, qe)
        quote_text = doc.text[qs:qe]
        polarity = self.sentiment.polarity_scores(quote_text)
        tone = [polarity["compound"], polarity["pos"], polarity["neg"]]
        # The candidate the article mentioned last before the quote ends.
        last = max(((s, t) for t, found in mentions.items() for s, _, _ in found if s < qe), default=(None, None))[1]
        for target in self.cfg["targets"]:
            found = mentions[target]
            in_quote = [k for s, e, k in found if qs <= s < qe]
            in_context = [k for s, e, k in found if cs <= s < ce and not qs <= s < qe]
            in_paragraphs = [k for s, e, k in found if ps <= s < pe and not qs <= s < qe]
            gender = self.targets.gender(target)
            pronoun = gender in PRONOUN_RE and bool(PRONOUN_RE[gender].search(quote_text))
            feats += [
                float("name" in in_quote),
                float("title" in in_quote),
                float(bool(in_context)),
                min(len(found), 10) / 10.0,
                float(pronoun and focus == target),
                float(speaker == target),
                float(bool(in_paragraphs)),
                float(last == target),
                float(focus == target),
                share[target],
                *tone,
            ]
        return feats

    def _ngrams(self, doc: Doc, span: Span, context: Tuple[int, int], speaker: Optional[str]) -> List[List[int]]:
        """Hashed n-gram keys of each (quote, target) pair: the quote's words and
        word pairs and the context's other words, each once as such and once
        tagged with the target (what a word says about one candidate need not
        hold for another), and the speaker tagged with the target (who speaks
        says much about the lean). One list per target, in self.cfg["targets"] order."""
        words = [t.norm_ for t in span if not t.is_space]
        grams = {"q " + w for w in words} | {"q2 " + a + " " + b for a, b in zip(words, words[1:])}
        grams |= {"c " + t.norm_ for t in doc[context[0]:context[1]]
                  if not t.is_space and not span.start <= t.i < span.end}
        shared = [hash_string(g) for g in sorted(grams)]
        rows = []
        for i in range(len(self.cfg["targets"])):
            own = [f"t{i} {g}" for g in sorted(grams)] + [f"t{i} speaker {speaker or '-'}"]
            rows.append(shared + [hash_string(g) for g in own])
        return rows

    def _inputs(self, docs: List[Doc], quote_spans: List[List[Span]]):
        spans, feats, keys, lengths = [], [], [], []
        bow = self.model.has_ref("bow")  # StanceModel.v1 reads no n-grams
        for doc, quotes in zip(docs, quote_spans):
            date = parse_date(doc._.date) if doc.has_extension("date") else None
            mentions = self.targets.spans(doc.text, date)
            # per article: each candidate's share of the candidate mentions, and the most mentioned one
            counts = {t: len(v) for t, v in mentions.items()}
            total = sum(counts.values())
            share = {t: n / total if total else 0.0 for t, n in counts.items()}
            focus = max(counts, key=counts.get) if total else None  # type: ignore[arg-type]
            speakers = {q.id_: q.kb_id_ for q in quotes}
            rows = []
            for q in quotes:
                cstart, cend = self._context(doc, q)
                rows.append((q.start, q.end, cstart, cend))
                for row_keys in self._ngrams(doc, q, (cstart, cend), speakers.get(q.id_) or None) if bow else []:
                    keys.extend(row_keys)
                    lengths.append(len(row_keys))
                feats.append(self._features(doc, q, (cstart, cend), mentions, share, focus,
                                            speakers.get(q.id_) or None))
            spans.append(numpy.asarray(rows, dtype="i").reshape(-1, 4))
        width = N_TARGET_FEATURES * len(self.cfg["targets"])
        lengths_a = numpy.asarray(lengths, dtype="int32")
        # each pair's n-grams weigh 1/sqrt(n), so long quotes do not dominate
        values = numpy.repeat(1.0 / numpy.sqrt(numpy.maximum(lengths_a, 1)), lengths_a).astype("float32")
        ngrams = (numpy.asarray(keys, dtype="uint64"), values, lengths_a)
        return docs, spans, self.model.ops.asarray2f(numpy.asarray(feats, dtype="f").reshape(-1, width)), ngrams

    # Pipe API -------------------------------------------------------------
    def predict(self, docs: Iterable[Doc]) -> Floats2d:
        docs = list(docs)
        if not self.labels:
            raise ValueError(Errors.E042)
        quotes = [list(doc.spans[QUOTES_KEY]) if QUOTES_KEY in doc.spans else [] for doc in docs]
        if not any(quotes):
            return self.model.ops.alloc2f(0, len(self.cfg["targets"]) * len(CLASSES))
        return self.model.predict(self._inputs(docs, quotes))

    def _probs(self, scores: Floats2d) -> numpy.ndarray:
        x = self.model.ops.to_numpy(scores).reshape(len(scores), len(self.cfg["targets"]), len(CLASSES))
        x = x - x.max(axis=2, keepdims=True)
        e = numpy.exp(x)
        return e / e.sum(axis=2, keepdims=True)

    def set_annotations(self, docs: Iterable[Doc], scores: Floats2d) -> None:
        probs = self._probs(scores)
        i = 0
        for doc in docs:
            if QUOTES_KEY not in doc.spans:
                continue
            group = doc.spans[QUOTES_KEY]
            # A candidate the article never names or titles cannot be what a quote is about.
            date = parse_date(doc._.date) if doc.has_extension("date") else None
            mentioned = {t for t, found in self.targets.spans(doc.text, date).items() if found}
            stance, stance_scores = {}, {}
            for q in group:
                labels, conf = {}, {}
                for t, target in enumerate(self.cfg["targets"]):
                    if target not in mentioned:
                        continue
                    c = int(probs[i, t].argmax())
                    if CLASSES[c] != "none":
                        labels[target] = CLASSES[c]
                        conf[target] = float(probs[i, t, c])
                stance[q.id_] = labels
                stance_scores[q.id_] = conf
                i += 1
            group.attrs[STANCE_ATTR] = stance
            group.attrs[STANCE_SCORES_ATTR] = stance_scores

    def _gold(self, examples: Iterable[Example]):
        """Gold quotes (mapped onto the predicted docs) that carry a stance annotation,
        and their class index per target."""
        docs, quotes, truths = [], [], []
        for eg in examples:
            pred = eg.predicted
            spans, rows = [], []
            ref = eg.reference
            stance = ref.spans[QUOTES_KEY].attrs.get(STANCE_ATTR, {}) if QUOTES_KEY in ref.spans else {}
            for q in ref.spans.get(QUOTES_KEY, []):
                if q.id_ not in stance:
                    continue  # not annotated for stance (e.g. external corpora)
                span = pred.char_span(q.start_char, q.end_char, alignment_mode="expand", span_id=q.id_,
                                      kb_id=q.kb_id_)
                if span is None or len(span) == 0:
                    continue
                spans.append(span)
                rows.append([CLASSES.index(stance[q.id_].get(t, "none")) for t in self.cfg["targets"]])
            if spans:
                docs.append(pred)
                quotes.append(spans)
                truths.extend(rows)
        return docs, quotes, numpy.asarray(truths, dtype="i").reshape(-1, len(self.cfg["targets"]))

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd: Optional[Optimizer] = None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        if losses is None:
            losses = {}
        losses.setdefault(self.name, 0.0)
        docs, quotes, truths = self._gold(examples)
        if not docs:
            return losses
        scores, backprop = self.model.begin_update(self._inputs(docs, quotes))
        loss, d_scores = self._loss(scores, truths)
        backprop(d_scores)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def _loss(self, scores: Floats2d, truths: numpy.ndarray) -> Tuple[float, Floats2d]:
        probs = self._probs(scores)
        onehot = numpy.zeros_like(probs)
        n, t = truths.shape
        onehot[numpy.arange(n)[:, None], numpy.arange(t)[None, :], truths] = 1.0
        weights = self.cfg.get("class_weights")
        w = numpy.asarray(weights, dtype="f")[truths][:, :, None] if weights else numpy.ones((n, t, 1), dtype="f")
        loss = float(-(w * onehot * numpy.log(probs + 1e-9)).sum())
        grad = (w * (probs - onehot)).reshape(n, -1) / max(n, 1)
        return loss, self.model.ops.asarray2f(grad.astype("f"))

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> Tuple[float, Floats2d]:
        _, _, truths = self._gold(examples)
        return self._loss(scores, truths)

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None) -> None:
        validate_get_examples(get_examples, "StanceTagger.initialize")
        labels = set()
        for eg in get_examples():
            if QUOTES_KEY in eg.reference.spans:
                for stance in eg.reference.spans[QUOTES_KEY].attrs.get(STANCE_ATTR, {}).values():
                    labels.update(stance.values())
        if not labels:
            raise ValueError(Errors.E042)
        self.cfg["labels"] = [label for label in STANCE_LABELS if label in labels]
        self.cfg["class_weights"] = None
        if self.cfg.get("balance_classes"):
            # sklearn's "balanced": n_pairs / (n_classes * n_pairs_of_class), over the training pairs
            _, _, truths = self._gold(get_examples())
            counts = numpy.bincount(truths.ravel(), minlength=len(CLASSES)).astype("f")
            present = counts > 0
            weights = numpy.where(present, counts.sum() / (present.sum() * numpy.maximum(counts, 1)), 0.0)
            self.cfg["class_weights"] = [round(float(x), 4) for x in weights]
        docs, quotes, _ = self._gold(islice(get_examples(), 10))
        self.model.initialize(X=self._inputs(docs, quotes) if docs else None)

    # Serialization: the model and cfg (TrainablePipe's to_disk writes both).
    def from_disk(self, path, *, exclude=tuple()):
        super().from_disk(path, exclude=exclude)
        self.targets = TargetFinder(self.kb, self.cfg["targets"])
        return self

    def from_bytes(self, bytes_data, *, exclude=tuple()):
        super().from_bytes(bytes_data, exclude=exclude)
        self.targets = TargetFinder(self.kb, self.cfg["targets"])
        return self


def tag_statements(nlp: Language, texts: Iterable[str], dates: Optional[Iterable[Optional[str]]] = None,
                   batch_size: int = 32) -> Iterable[Doc]:
    """Whole-text mode: each text is one statement by its author (a post, a headline,
    a press release); tag its stance with the pipeline's stance_tagger. The
    Python side of `quoteattr score --whole-text`.

    RETURNS (Iterable[Doc]): docs whose single quote spans the whole text.
    """
    from .statement import QUOTE_PIPES, whole_text_statement

    install_extensions()
    date_iter = iter(dates) if dates is not None else None

    def make(text: str) -> Doc:
        doc = nlp.make_doc(text)
        date = next(date_iter, None) if date_iter is not None else None
        doc._.meta = {"date": date} if date else {}
        return doc

    tagger = nlp.get_pipe("stance_tagger")
    upstream = [n for n in nlp.pipe_names if n not in QUOTE_PIPES + ("stance_tagger",)]
    with nlp.select_pipes(enable=upstream):
        for doc in nlp.pipe((make(t) for t in texts), batch_size=batch_size):
            whole_text_statement(doc)
            if len(doc):
                tagger.set_annotations([doc], tagger.predict([doc]))
            yield doc
