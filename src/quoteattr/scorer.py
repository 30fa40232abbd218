"""Evaluation metrics of the schema: quote detection, speakers, end to end, stance.

All functions read predicted and reference Docs through the span groups and
never modify the Examples. Results are flat ``<metric>_p/_r/_f`` keys, as
spaCy's own scorers return, so `spacy train` and `spacy evaluate` show them.
"""
import re
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Optional, Tuple

from spacy.training import Example
from spacy.util import registry

from .categories import speaker_forms
from .constants import QUOTE_TYPES, RELATIVE_PRONOUNS, STANCE_LABELS, TARGETS
from .kb import KnowledgeBase
from .records import Quote, quotes_of

Match = Tuple[int, int]  # (gold index, predicted index)


def prf(tp: float, n_pred: float, n_gold: float) -> Tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _token_set(offsets: List[Tuple[int, int]], start: int, end: int) -> set:
    return {i for i, (s, e) in enumerate(offsets) if s < end and start < e}


def match_quotes(gold: List[Quote], pred: List[Quote], token_offsets: List[Tuple[int, int]],
                 exact: bool = False) -> List[Match]:
    """Match gold and predicted quotes, each at most once.

    Overlap match: the spans share at least half of the shorter span's tokens;
    pairs are taken greedily by shared tokens. Exact: same character offsets.
    """
    if exact:
        index = {(q.start, q.end): i for i, q in enumerate(pred)}
        return [(g, index[(q.start, q.end)]) for g, q in enumerate(gold) if (q.start, q.end) in index]
    gold_tokens = [_token_set(token_offsets, q.start, q.end) for q in gold]
    pred_tokens = [_token_set(token_offsets, q.start, q.end) for q in pred]
    pairs = []
    for g, gt in enumerate(gold_tokens):
        for p, pt in enumerate(pred_tokens):
            shared = len(gt & pt)
            if shared and shared * 2 >= min(len(gt), len(pt)):
                pairs.append((shared, g, p))
    used_g, used_p, matches = set(), set(), []
    for _, g, p in sorted(pairs, reverse=True):
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            matches.append((g, p))
    return sorted(matches)


def same_speaker(gold: Optional[str], pred: Optional[str]) -> bool:
    norm = lambda s: " ".join((s or "").lower().split())  # noqa: E731
    return norm(gold) == norm(pred)


def carried_mentions(quotes: List[Quote]) -> List[Optional[Tuple[int, int]]]:
    """Each quote's speaker mention; a continuation (no mention, same speaker as the
    quote before) carries the mention of the turn it continues. Corpora differ on
    whether continuations repeat the mention (PolNeAR does, our schema does not)."""
    out: List[Optional[Tuple[int, int]]] = []
    for i, q in enumerate(quotes):
        span = q.speaker_span
        if span is None and i > 0 and q.speaker and q.speaker == quotes[i - 1].speaker:
            span = out[-1]
        out.append(tuple(span) if span is not None else None)  # type: ignore[arg-type]
    return out


def same_mention(text: str, gold: Optional[Tuple[int, int]], pred: Optional[Tuple[int, int]]) -> bool:
    """Do two speaker mentions agree? The same span (overlapping), another mention
    with the same words ("Espinoza" twice), or the antecedent of a relative pronoun
    that the gold data marks instead ("Chris Christie, who said ...": corpora differ
    on which of the two is the mention; PolNeAR takes "who")."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if gold[0] < pred[1] and pred[0] < gold[1]:
        return True
    if same_speaker(text[gold[0]:gold[1]], text[pred[0]:pred[1]]):
        return True
    if text[gold[0]:gold[1]].lower() not in RELATIVE_PRONOUNS or pred[1] > gold[0]:
        return False
    between = text[pred[1]:gold[0]].strip()
    # "Chris Christie, who" or, across an apposition, "Dianne Feinstein, the ranking
    # Democrat on the committee, who": set off by commas, brackets or dashes, one sentence
    return between in ("", ",") or (
        between[0] in ",(-–—" and between[-1] in ",-–—" and len(between.split()) <= 12
        and not re.search(r"[.!?]\s+[A-Z]", between))


class QuoteEval:
    """Accumulates counts over documents; `scores()` gives the flat metrics."""

    def __init__(self, kb: Optional[KnowledgeBase] = None):
        self.kb = kb
        self.c: Counter = Counter()
        self.stance: Dict[str, Counter] = defaultdict(Counter)  # target -> (gold, pred) counts

    def add(self, text: str, token_offsets: List[Tuple[int, int]], gold: List[Quote], pred: List[Quote],
            negatives: Iterable[Dict[str, Any]] = ()) -> None:
        c = self.c
        c["n_gold"] += len(gold)
        c["n_pred"] += len(pred)
        for q in gold:
            c[f"n_gold_{q.type}"] += 1
        for q in pred:
            c[f"n_pred_{q.type}"] += 1
        exact = match_quotes(gold, pred, token_offsets, exact=True)
        c["tp_exact"] += len(exact)
        for g, _ in exact:
            c[f"tp_exact_gold_{gold[g].type}"] += 1
        for _, p in exact:
            c[f"tp_exact_pred_{pred[p].type}"] += 1
        matches = match_quotes(gold, pred, token_offsets)
        gold_mentions, pred_mentions = carried_mentions(gold), carried_mentions(pred)
        c["tp_overlap"] += len(matches)
        for g, p in matches:
            gq, pq = gold[g], pred[p]
            c[f"tp_overlap_gold_{gq.type}"] += 1
            c[f"tp_overlap_pred_{pq.type}"] += 1
            c["type_correct"] += gq.type == pq.type
            ok = same_speaker(gq.speaker, pq.speaker)
            c["speaker_correct"] += ok
            c["mention_correct"] += same_mention(text, gold_mentions[g], pred_mentions[p])
            for form in speaker_forms(text, gq.to_dict(), self.kb):
                c[f"form_{form}_matched"] += 1
                c[f"form_{form}_speaker_correct"] += ok
            if gq.stance is not None:
                gs, ps = gq.stance, pq.stance or {}
                for target in TARGETS:
                    if target in gs or target in ps:
                        self.stance[target][(gs.get(target, "none"), ps.get(target, "none"))] += 1
        for q in gold:
            for form in speaker_forms(text, q.to_dict(), self.kb):
                c[f"form_{form}_gold"] += 1
        for neg in negatives:
            c["negatives"] += 1
            c["negatives_taken"] += any(q.start < neg["end"] and neg["start"] < q.end for q in pred)

    def scores(self) -> Dict[str, Any]:
        c = self.c
        out: Dict[str, Any] = {}
        for kind in ("overlap", "exact"):
            p, r, f = prf(c[f"tp_{kind}"], c["n_pred"], c["n_gold"])
            out[f"quote_{kind}_p"], out[f"quote_{kind}_r"], out[f"quote_{kind}_f"] = p, r, f
            for t in QUOTE_TYPES:
                # precision over quotes predicted as t, recall over gold quotes of type t
                p = c[f"tp_{kind}_pred_{t}"] / c[f"n_pred_{t}"] if c[f"n_pred_{t}"] else 0.0
                r = c[f"tp_{kind}_gold_{t}"] / c[f"n_gold_{t}"] if c[f"n_gold_{t}"] else 0.0
                out[f"quote_{kind}_{t}_f"] = 2 * p * r / (p + r) if p + r else 0.0
                out[f"quote_{kind}_{t}_p"], out[f"quote_{kind}_{t}_r"] = p, r
        matched = c["tp_overlap"]
        out["quote_type_acc"] = c["type_correct"] / matched if matched else 0.0
        out["speaker_acc"] = c["speaker_correct"] / matched if matched else 0.0
        out["speaker_mention_acc"] = c["mention_correct"] / matched if matched else 0.0
        p, r, f = prf(c["speaker_correct"], c["n_pred"], c["n_gold"])
        out["e2e_p"], out["e2e_r"], out["e2e_f"] = p, r, f
        out["negatives_false_alarm"] = c["negatives_taken"] / c["negatives"] if c["negatives"] else None
        forms = sorted({k.split("_", 1)[1].rsplit("_", 1)[0] for k in c if k.startswith("form_") and k.endswith("_gold")})
        out["by_form"] = {
            form: {
                "n": c[f"form_{form}_gold"],
                "recall": c[f"form_{form}_matched"] / c[f"form_{form}_gold"] if c[f"form_{form}_gold"] else 0.0,
                "speaker_acc": (c[f"form_{form}_speaker_correct"] / c[f"form_{form}_matched"]
                                if c[f"form_{form}_matched"] else 0.0),
            }
            for form in forms
        }
        out["counts"] = {"gold": c["n_gold"], "pred": c["n_pred"],
                         **{f"gold_{t}": c[f"n_gold_{t}"] for t in QUOTE_TYPES}}
        out.update(stance_scores(self.stance))
        return out


def stance_scores(confusion: Dict[str, Counter]) -> Dict[str, Any]:
    """Macro-F1 over favor/against/neutral on (quote, target) pairs; "none" marks a
    target that only one side has. Also per target, and the confusion matrices."""
    out: Dict[str, Any] = {}
    total: Counter = Counter()
    for target, counts in confusion.items():
        total.update(counts)
    labels = list(STANCE_LABELS)

    def macro(counts: Counter) -> Tuple[float, Dict[str, float]]:
        per = {}
        for label in labels:
            tp = counts[(label, label)]
            n_pred = sum(v for (g, p), v in counts.items() if p == label)
            n_gold = sum(v for (g, p), v in counts.items() if g == label)
            per[label] = prf(tp, n_pred, n_gold)[2]
        return sum(per.values()) / len(per), per

    out["stance_macro_f"], per = macro(total)
    for label, f in per.items():
        out[f"stance_{label}_f"] = f
    out["stance_per_target"] = {}
    for target in TARGETS:
        f, per_t = macro(confusion.get(target, Counter()))
        out["stance_per_target"][target] = {"macro_f": f, **{f"{k}_f": v for k, v in per_t.items()}}
    names = labels + ["none"]
    out["stance_confusion"] = {
        target: {g: {p: confusion.get(target, Counter())[(g, p)] for p in names} for g in names}
        for target in TARGETS
    }
    out["stance_pairs"] = sum(total.values())
    return out


def _token_offsets(doc) -> List[Tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in doc]


def evaluate_examples(examples: Iterable[Example], kb: Optional[KnowledgeBase] = None) -> Dict[str, Any]:
    """Score predicted vs. reference docs. RETURNS (dict): every metric, nested breakdowns included."""
    ev = QuoteEval(kb or KnowledgeBase.default())
    for eg in examples:
        ref = eg.reference
        negatives = (ref._.meta or {}).get("negatives", []) if ref.has_extension("meta") else []
        ev.add(ref.text, _token_offsets(ref), quotes_of(ref), quotes_of(eg.predicted), negatives)
    return ev.scores()


QUOTE_KEYS = ("quote_overlap_p", "quote_overlap_r", "quote_overlap_f", "quote_exact_f",
              *[f"quote_overlap_{t}_f" for t in QUOTE_TYPES])
SPEAKER_KEYS = ("speaker_acc", "e2e_f")


def score_quotes(examples: Iterable[Example], **kwargs: Any) -> Dict[str, float]:
    """Flat quote-detection metrics for spaCy's Scorer."""
    scores = evaluate_examples(examples)
    return {k: scores[k] for k in QUOTE_KEYS}


def score_speakers(examples: Iterable[Example], **kwargs: Any) -> Dict[str, float]:
    """Speaker accuracy on matched quotes and end-to-end F1, for spaCy's Scorer."""
    scores = evaluate_examples(examples)
    return {k: scores[k] for k in SPEAKER_KEYS}


def score_stance(examples: Iterable[Example], **kwargs: Any) -> Dict[str, Any]:
    """Flat stance metrics for spaCy's Scorer."""
    scores = evaluate_examples(examples)
    return {k: scores[k] for k in ("stance_macro_f", "stance_favor_f", "stance_against_f", "stance_neutral_f")}


@registry.scorers("quoteattr.quote_scorer.v1")
def make_quote_scorer():
    return score_quotes


@registry.scorers("quoteattr.speaker_scorer.v1")
def make_speaker_scorer():
    return score_speakers


@registry.scorers("quoteattr.stance_scorer.v1")
def make_stance_scorer():
    return score_stance
