"""The people knowledge base: canonical names, aliases, gender and dated roles.

The KB answers two questions the resolver and the stance tagger ask:
which person does a name or alias mean, and who held a role ("the US
president", "the Kremlin spokesman") on a given date.
"""
import datetime
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Union

from ..errors import Errors

# Titles led by a nationality also appear in the possessive: "Russia's prime minister".
POSSESSIVE_FORMS = {"Russian": "Russia", "American": "America", "Ukrainian": "Ukraine", "Chinese": "China"}


def parse_date(value: Optional[str]) -> Optional[datetime.date]:
    """Parse an ISO date (YYYY-MM-DD, or a longer ISO timestamp); None if absent or invalid."""
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Role:
    role: str
    start: Optional[datetime.date]
    end: Optional[datetime.date]

    def holds_on(self, date: datetime.date) -> bool:
        if self.start is not None and date < self.start:
            return False
        return self.end is None or date < self.end


@dataclass
class Person:
    name: str
    aliases: List[str] = field(default_factory=list)
    gender: Optional[str] = None
    nationality: Optional[str] = None
    roles: List[Role] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def to_dict(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "gender": self.gender,
            "nationality": self.nationality,
            "roles": [
                {
                    "role": r.role,
                    "start": r.start.isoformat() if r.start else None,
                    "end": r.end.isoformat() if r.end else None,
                }
                for r in self.roles
            ],
        }


class KnowledgeBase:
    """People and the titles (role phrases) that name them on a date."""

    def __init__(self, people: Iterable[Person] = (), roles: Optional[Dict[str, List[str]]] = None):
        self.people: Dict[str, Person] = {}
        self.roles: Dict[str, List[str]] = {}
        self._aliases: Dict[str, str] = {}
        self.add(people, roles or {})

    # Construction -------------------------------------------------------
    @classmethod
    def default(cls) -> "KnowledgeBase":
        """RETURNS (KnowledgeBase): the KB shipped with the package."""
        text = resources.files("quoteattr.kb").joinpath("people.json").read_text("utf8")
        return cls.from_json(json.loads(text), "quoteattr/kb/people.json")

    @classmethod
    def from_path(cls, path: Union[str, Path]) -> "KnowledgeBase":
        path = Path(path)
        if not path.exists():
            raise ValueError(Errors.E030.format(path=path, problem="no such file"))
        try:
            data = json.loads(path.read_text("utf8"))
        except json.JSONDecodeError as err:
            raise ValueError(Errors.E030.format(path=path, problem=f"invalid JSON: {err}")) from None
        return cls.from_json(data, str(path))

    @classmethod
    def from_json(cls, data: Any, where: str = "<json>") -> "KnowledgeBase":
        if not isinstance(data, dict) or not isinstance(data.get("people"), list):
            raise ValueError(Errors.E030.format(path=where, problem="expected an object with a 'people' list"))
        roles = data.get("roles", {})
        if not isinstance(roles, dict):
            raise ValueError(Errors.E030.format(path=where, problem="'roles' must map role ids to title lists"))
        people = []
        for i, entry in enumerate(data["people"]):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise ValueError(Errors.E030.format(path=where, problem=f"person {i} has no 'name'"))
            person_roles = []
            for r in entry.get("roles", []):
                if r.get("role") not in roles:
                    raise ValueError(Errors.E030.format(
                        path=where, problem=f"{entry['name']}: unknown role {r.get('role')!r}"))
                person_roles.append(Role(r["role"], parse_date(r.get("start")), parse_date(r.get("end"))))
            people.append(Person(
                name=entry["name"],
                aliases=list(entry.get("aliases", [])),
                gender=entry.get("gender"),
                nationality=entry.get("nationality"),
                roles=person_roles,
            ))
        return cls(people, roles)

    def add(self, people: Iterable[Person], roles: Dict[str, List[str]]) -> None:
        """Add people and role titles; a person already known by name is replaced."""
        for role, titles in roles.items():
            known = self.roles.setdefault(role, [])
            known.extend(t for t in titles if t not in known)
        for person in people:
            self.people[person.name] = person
            for alias in [person.name, *person.aliases]:
                self._aliases.setdefault(alias.lower(), person.name)

    def to_json(self) -> Dict[str, Any]:
        return {"roles": self.roles, "people": [p.to_dict() for p in self.people.values()]}

    # Queries -----------------------------------------------------------
    def __contains__(self, name: str) -> bool:
        return name in self.people

    def __len__(self) -> int:
        return len(self.people)

    def lookup(self, name: str) -> Optional[Person]:
        """Find a person by canonical name or alias (case-insensitive)."""
        canonical = self._aliases.get(name.strip().lower())
        return self.people.get(canonical) if canonical else None

    def holders(self, role: str, date: Optional[datetime.date]) -> List[Person]:
        """People who held `role` on `date` (all who ever held it if date is None)."""
        found = []
        for person in self.people.values():
            for r in person.roles:
                if r.role == role and (date is None or r.holds_on(date)):
                    found.append(person)
                    break
        return found

    def title_patterns(self) -> Dict[str, List[str]]:
        """RETURNS (Dict[str, List[str]]): role id -> title phrases, with the possessive
        form of a leading adjective of nationality ("Russia's prime minister" for
        "Russian prime minister")."""
        out = {}
        for role, titles in self.roles.items():
            extra = []
            for title in titles:
                first, _, rest = title.partition(" ")
                if first in POSSESSIVE_FORMS and rest:
                    owner = POSSESSIVE_FORMS[first]
                    extra += [f"{owner}'s {rest}", f"{owner}’s {rest}"]
            out[role] = list(titles) + [t for t in extra if t not in titles]
        return out

    def alias_patterns(self) -> Dict[str, List[str]]:
        """RETURNS (Dict[str, List[str]]): canonical name -> name and aliases."""
        return {p.name: [p.name, *p.aliases] for p in self.people.values()}
