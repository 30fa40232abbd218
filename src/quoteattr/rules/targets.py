"""Which candidates a text talks about: names, aliases and date-dependent titles."""
import datetime
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..constants import TARGETS
from ..kb import KnowledgeBase

PRONOUN_RE = {"male": re.compile(r"\b(he|him|his)\b", re.I), "female": re.compile(r"\b(she|her|hers)\b", re.I)}


class TargetFinder:
    """Find mentions of each target in text: names and aliases at any date, and
    the titles of roles the target held on the article date ("the American
    president" is Biden in 2022; "the former president" is Trump in 2023)."""

    def __init__(self, kb: KnowledgeBase, targets: Sequence[str] = TARGETS):
        self.kb = kb
        self.targets = list(targets)
        self._names = {}
        for t in self.targets:
            person = kb.lookup(t)
            names = [t] + (person.aliases if person else [])
            self._names[t] = self._regex(names)
        self._cache: Dict[Optional[datetime.date], Dict[str, Optional[re.Pattern]]] = {}

    @staticmethod
    def _regex(phrases: List[str]) -> Optional["re.Pattern[str]"]:
        alts = sorted({re.escape(p) for p in phrases if p}, key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(alts) + r")\b", re.I) if alts else None

    def _titles(self, date: Optional[datetime.date]) -> Dict[str, Optional["re.Pattern[str]"]]:
        if date not in self._cache:
            out = {}
            for t in self.targets:
                person = self.kb.lookup(t)
                roles = {r.role for r in person.roles if date is not None and r.holds_on(date)} if person else set()
                titles = [title for role in roles for title in self.kb.roles.get(role, [])]
                out[t] = self._regex(titles)
            self._cache[date] = out
        return self._cache[date]

    def gender(self, target: str) -> Optional[str]:
        person = self.kb.lookup(target)
        return person.gender if person else None

    def spans(self, text: str, date: Optional[datetime.date]) -> Dict[str, List[Tuple[int, int, str]]]:
        """RETURNS: target -> [(start, end, "name"|"title")] in text."""
        titles = self._titles(date)
        out: Dict[str, List[Tuple[int, int, str]]] = {}
        for t in self.targets:
            found = []
            if self._names[t] is not None:
                found += [(m.start(), m.end(), "name") for m in self._names[t].finditer(text)]
            if titles[t] is not None:
                found += [(m.start(), m.end(), "title") for m in titles[t].finditer(text)]
            out[t] = sorted(found)
        return out
