"""Corpus coverage report: the counts issue #3 asks the corpus to meet."""
import re
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Optional, Tuple

from .categories import MARK_KINDS, SPEAKER_FORMS, mark_kinds, speaker_forms
from .constants import NEGATIVE_KINDS, QUOTE_TYPES, STANCE_LABELS, TARGETS
from .kb import KnowledgeBase

KEY_SPEAKERS = ("Vladimir Putin", "Dmitry Peskov", "Dmitry Medvedev", "Kirill Dmitriev")
DATED_ROLES = ("us_president", "russian_president", "former_us_president")
# Requirements: (section, item) -> minimum. Type shares are fractions.
MINIMUMS: Dict[Tuple[str, str], float] = {
    ("size", "documents"): 200,
    ("size", "quotes"): 1500,
    ("types", "direct share"): 0.40,
    ("types", "indirect share"): 0.30,
    ("types", "mixed share"): 0.06,
    **{("speaker forms", f): 60 for f in SPEAKER_FORMS if f != "unnamed"},
    **{("marks", k): 25 for k in MARK_KINDS},
    ("negatives", "all"): 150,
    ("speakers", "distinct"): 30,
    **{("speakers", s): 60 for s in KEY_SPEAKERS},
    ("speakers", "unnamed sources"): 1,
    **{("stance", f"{t}: {label}"): 60 for t in TARGETS for label in STANCE_LABELS},
    **{("stance", f"{t}: unnamed target"): 1 for t in TARGETS},
    **{("dated titles", f"{role} (distinct years)"): 3 for role in DATED_ROLES},
}


def _title_regex(titles: Iterable[str]) -> "re.Pattern[str]":
    alts = sorted({re.escape(t.lower()) for t in titles}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(alts) + r")\b")


def coverage(records: List[Dict[str, Any]], kb: Optional[KnowledgeBase] = None) -> Dict[Tuple[str, str], float]:
    """RETURNS (dict): (section, item) -> count or share, over all records."""
    kb = kb or KnowledgeBase.default()
    counts: Dict[Tuple[str, str], float] = Counter()
    types: Counter = Counter()
    speakers: Counter = Counter()
    role_years: Dict[str, set] = defaultdict(set)
    role_res = {role: _title_regex(kb.roles[role]) for role in DATED_ROLES}
    counts[("size", "documents")] = len(records)
    for rec in records:
        text = rec["text"]
        low = text.lower()
        year = str((rec.get("meta") or {}).get("date", ""))[:4]
        for role, regex in role_res.items():
            if year and regex.search(low):
                role_years[role].add(year)
        for neg in (rec.get("meta") or {}).get("negatives", []):
            counts[("negatives", neg["kind"])] += 1
            counts[("negatives", "all")] += 1
        for q in rec["quotes"]:
            counts[("size", "quotes")] += 1
            types[q["type"]] += 1
            for form in speaker_forms(text, q, kb):
                counts[("speaker forms", form)] += 1
            if q["type"] in ("direct", "mixed"):
                for kind in mark_kinds(text, q):
                    counts[("marks", kind)] += 1
            if q.get("speaker"):
                speakers[q["speaker"]] += 1
                if kb.lookup(q["speaker"]) is None and q["speaker"][:1].islower():
                    counts[("speakers", "unnamed sources")] += 1
            quote_text = text[q["start"]:q["end"]].lower()
            for target, label in (q.get("stance") or {}).items():
                counts[("stance", f"{target}: {label}")] += 1
                if target.split()[-1].lower() not in quote_text:
                    counts[("stance", f"{target}: unnamed target")] += 1
    total = sum(types.values()) or 1
    for t in QUOTE_TYPES:
        counts[("types", f"{t} share")] = round(types[t] / total, 3)
    counts[("speakers", "distinct")] = len(speakers)
    for s in KEY_SPEAKERS:
        counts[("speakers", s)] = speakers[s]
    for role in DATED_ROLES:
        counts[("dated titles", f"{role} (distinct years)")] = len(role_years[role])
    for kind in NEGATIVE_KINDS:
        counts.setdefault(("negatives", kind), 0)
    return dict(counts)


def report_rows(counts: Dict[Tuple[str, str], float]) -> List[Tuple[str, str, float, Any, bool]]:
    """RETURNS: rows (section, item, value, minimum or "", ok) in a stable order."""
    rows = []
    keys = list(MINIMUMS) + sorted(k for k in counts if k not in MINIMUMS)
    for key in keys:
        value = counts.get(key, 0)
        minimum = MINIMUMS.get(key)
        ok = minimum is None or value >= minimum
        rows.append((key[0], key[1], value, "" if minimum is None else minimum, ok))
    return rows
