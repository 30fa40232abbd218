"""Evaluate a trained pipeline on a gold DocBin: the full pipeline, an ablation of
its parts, and stance baselines on the same split."""
import json
from collections import Counter
from copy import deepcopy
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup
from spacy.training import Example

from .constants import QUOTES_KEY, SPEAKERS_KEY, STANCE_ATTR, TARGETS
from .errors import Errors
from .kb import KnowledgeBase
from .kb.people import parse_date
from .records import Quote, doc_from_record, quotes_of
from .rules.targets import TargetFinder
from .scorer import QuoteEval, _token_offsets, evaluate_examples

QUOTEATTR_PIPES = ("quote_finder", "speaker_attributor", "speaker_resolver", "stance_tagger")


def _predict(nlp: Language, examples: List[Example], batch_size: int = 16) -> List[Doc]:
    docs = []
    for eg in examples:
        doc = nlp.make_doc(eg.reference.text)
        doc._.meta = dict(eg.reference._.meta or {})
        doc._.record_id = eg.reference._.record_id
        docs.append(doc)
    return list(nlp.pipe(docs, batch_size=batch_size))


def _score(examples: List[Example], preds: List[List[Quote]], kb: KnowledgeBase) -> Dict[str, Any]:
    ev = QuoteEval(kb)
    for eg, pred in zip(examples, preds):
        ref = eg.reference
        ev.add(ref.text, _token_offsets(ref), quotes_of(ref), pred, (ref._.meta or {}).get("negatives", []))
    return ev.scores()


def _mention_as_speaker(doc: Doc) -> List[Quote]:
    """The quotes with the raw mention text as speaker (no resolution)."""
    quotes = quotes_of(doc)
    for q in quotes:
        q.speaker = doc.text[q.speaker_span[0]:q.speaker_span[1]] if q.speaker_span else None
    return quotes


def evaluate_pipeline(nlp: Language, examples: List[Example], kb: Optional[KnowledgeBase] = None,
                      ablation: bool = True, train_examples: Optional[List[Example]] = None) -> Dict[str, Any]:
    """RETURNS (dict): {"pipeline": scores, "ablation": {row: scores}, "stance_gold_quotes": {...}}."""
    kb = kb or KnowledgeBase.default()
    docs = _predict(nlp, examples)
    result: Dict[str, Any] = {"pipeline": _score(examples, [quotes_of(d) for d in docs], kb)}
    annotated = annotated_fields(examples)
    result["annotated"] = annotated
    if not annotated["canonical_speakers"]:
        # Gold speakers are mention texts ("he"): canonical-speaker scores mean nothing.
        for key in ("speaker_acc", "e2e_p", "e2e_r", "e2e_f"):
            result["pipeline"][key] = None
        for form in result["pipeline"]["by_form"].values():
            form["speaker_acc"] = None
    if not annotated["stance"]:
        result["pipeline"]["stance_macro_f"] = None
    if ablation and "quote_finder" in nlp.pipe_names:
        rows: Dict[str, Any] = {}
        finder = nlp.get_pipe("quote_finder")
        old = dict(finder.cfg)
        try:
            finder.cfg["indirect"] = False
            marks_docs = _predict(nlp, examples)
            rows["marks only (no parse rules)"] = _score(examples, [quotes_of(d) for d in marks_docs], kb)
        finally:
            finder.cfg.update(old)
        rows["rules, speaker = mention text (no resolver)"] = _score(
            examples, [_mention_as_speaker(d) for d in docs], kb)
        rows["full pipeline"] = result["pipeline"]
        result["ablation"] = rows
    if "stance_tagger" in nlp.pipe_names and annotated["stance"]:
        result["stance_gold_quotes"] = evaluate_stance_on_gold(nlp, examples, kb, train_examples)
    return result


def annotated_fields(examples: List[Example]) -> Dict[str, bool]:
    """Which optional layers the gold data annotates. External corpora such as
    PolNeAR have no stance (null, not {}) and give the speaker as the mention's
    own text, with no canonical person."""
    stance = False
    named = differs = 0
    for eg in examples:
        ref = eg.reference
        for q in quotes_of(ref):
            stance = stance or q.stance is not None
            if q.speaker and q.speaker_span:
                named += 1
                differs += q.speaker != ref.text[q.speaker_span[0]:q.speaker_span[1]]
    # canonical when most speakers are not just their mention's text (a few are: "Peskov" -> "Dmitry Peskov" is not)
    return {"stance": stance, "canonical_speakers": named > 0 and differs * 2 > named}


def _gold_quote_docs(nlp: Language, examples: List[Example]) -> List[Doc]:
    """Docs run through the upstream pipeline, with the gold quotes (and gold
    speakers) in place of predicted ones: stance is measured on its own."""
    upstream = [n for n in nlp.pipe_names if n not in QUOTEATTR_PIPES]
    with nlp.select_pipes(enable=upstream):
        docs = _predict(nlp, examples)
    out = []
    for doc, eg in zip(docs, examples):
        ref = eg.reference
        spans = []
        for q in ref.spans.get(QUOTES_KEY, []):
            span = doc.char_span(q.start_char, q.end_char, label=q.label_, kb_id=q.kb_id_, span_id=q.id_)
            if span is not None:
                spans.append(span)
        doc.spans[QUOTES_KEY] = SpanGroup(doc, name=QUOTES_KEY, attrs={STANCE_ATTR: {}}, spans=spans)
        doc.spans[SPEAKERS_KEY] = []
        out.append(doc)
    return out


def evaluate_stance_on_gold(nlp: Language, examples: List[Example], kb: KnowledgeBase,
                            train_examples: Optional[List[Example]] = None) -> Dict[str, Any]:
    """Stance macro-F1 on the gold quotes for the model and two baselines
    (majority class of the training data; VADER sentiment of the quote), the
    baselines labelling every target that the quote's sentence mentions."""
    docs = _gold_quote_docs(nlp, examples)
    tagger = nlp.get_pipe("stance_tagger")
    model_docs = deepcopy(docs)
    tagger.set_annotations(model_docs, tagger.predict(model_docs))
    rows: Dict[str, Any] = {"stance_tagger": _stance_only(examples, model_docs, kb)}
    finder = TargetFinder(kb)
    majority = _majority_label(train_examples or examples)
    rows["majority class"] = _stance_only(examples, _baseline(docs, finder, lambda text: majority), kb)
    vader = _vader()
    if vader is not None:
        def by_sentiment(text: str) -> str:
            compound = vader.polarity_scores(text)["compound"]
            return "favor" if compound >= 0.05 else "against" if compound <= -0.05 else "neutral"

        rows["VADER sentiment"] = _stance_only(examples, _baseline(docs, finder, by_sentiment), kb)
    return rows


def _stance_only(examples: List[Example], docs: List[Doc], kb: KnowledgeBase) -> Dict[str, Any]:
    scores = _score(examples, [quotes_of(d) for d in docs], kb)
    keep = ("stance_macro_f", "stance_favor_f", "stance_against_f", "stance_neutral_f", "stance_per_target",
            "stance_confusion", "stance_pairs")
    return {k: scores[k] for k in keep}


def _majority_label(examples: Iterable[Example]) -> str:
    counts: Counter = Counter()
    for eg in examples:
        for q in quotes_of(eg.reference):
            counts.update((q.stance or {}).values())
    return counts.most_common(1)[0][0] if counts else "neutral"


def _baseline(docs: List[Doc], finder: TargetFinder, label_of: Callable[[str], str]) -> List[Doc]:
    """Label every target that the quote or its sentence mentions with label_of(quote text)."""
    out = deepcopy(docs)
    for doc in out:
        date = parse_date(doc._.date)
        group = doc.spans[QUOTES_KEY]
        stance = {}
        for q in group:
            context = doc[q.sent.start:doc[q.end - 1].sent.end] if doc.has_annotation("SENT_START") else q
            found = finder.spans(context.text, date)
            stance[q.id_] = {t: label_of(q.text) for t in TARGETS if found[t]}
        group.attrs[STANCE_ATTR] = stance
    return out


def _vader():
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    return SentimentIntensityAnalyzer()



def _valid_records(path: Path, nlp: Language, problems: List[str]) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """Yield (where, record) for each valid line of a schema JSONL file; the problems
    of the others go to `problems`, and reading goes on."""
    from .convert.jsonl import check_record

    if not Path(path).exists():
        raise ValueError(Errors.E013.format(path=path))
    with Path(path).open("r", encoding="utf8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(Errors.E009.format(where=where, error=err))
                continue
            found = check_record(data, where, nlp)
            if found:
                problems.append(found[0])
                continue
            yield where, data


def annotator_agreement(reference: Path, other: Path, nlp: Language,
                        kb: Optional[KnowledgeBase] = None) -> Tuple[Dict[str, Any], List[str], int]:
    """Score a second annotation of some documents against the reference one, with
    the pipeline's own metrics: quote overlap, speaker agreement on the quotes both
    marked, stance macro-F1 over (quote, target) pairs. Records are matched by id;
    the second file may hold a subset. A bad or unmatched record is reported and
    left out; the rest are scored.
    RETURNS: (scores, problems, number of documents scored)."""
    problems: List[str] = []
    refs: Dict[str, Tuple[str, Dict[str, Any]]] = {}
    for where, data in _valid_records(reference, nlp, problems):
        if data["id"] in refs:
            problems.append(Errors.E083.format(where=where, id=data["id"]))
            continue
        refs[data["id"]] = (where, data)
    examples, seen = [], set()
    for where, data in _valid_records(other, nlp, problems):
        rid = data["id"]
        if rid in seen:
            problems.append(Errors.E083.format(where=where, id=rid))
            continue
        seen.add(rid)
        if rid not in refs:
            problems.append(Errors.E081.format(where=where, id=rid, reference=reference))
            continue
        ref_where, ref = refs[rid]
        if ref["text"] != data["text"]:
            problems.append(Errors.E082.format(where=where, id=rid, reference=reference))
            continue
        examples.append(Example(doc_from_record(nlp, data, where), doc_from_record(nlp, ref, ref_where)))
    return evaluate_examples(examples, kb), problems, len(examples)
