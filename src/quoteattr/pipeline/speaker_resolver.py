"""speaker_resolver: the canonical person behind each speaker mention."""
import json
import re
import warnings
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Tuple, Union

import datetime
import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span, SpanGroup
from spacy.training import Example
from spacy.util import ensure_path

from ..constants import CUES_KEY, PRONOUNS, QUOTES_KEY, SPEAKERS_KEY
from ..errors import Errors, Warnings
from ..extensions import install_extensions
from ..kb import KnowledgeBase
from ..kb.people import parse_date
from ..records import links
from ..rules.attribution import is_speech_verb
from ..rules.cues import SPEECH_VERB_FORMS
from ..scorer import score_speakers

MONTHS = ("january february march april may june july august september october november december").split()
MONTH_RE = "|".join(m[:3] + r"[a-z]*\.?" for m in MONTHS)
DATE_PATTERNS = [
    (re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)\b"), ("d", "m", "y")),
    (re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}}),?\s+(20\d\d)\b", re.I), ("M", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})\s+({MONTH_RE})\s+(20\d\d)\b", re.I), ("d", "M", "y")),
]
GENDER_OF_PRONOUN = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "hers": "female"}
DETERMINERS = ("A ", "An ", "The ", "Another ", "One ", "Some ", "Two ", "Three ", "Several ")
# Words before a name that are not part of it.
NAME_TITLES = frozenset(
    """mr mrs ms dr sen senator rep representative gov governor gen general mayor ambassador deputy minister
    president prime chairman chairwoman speaker secretary professor prof lieutenant colonel col adm admiral
    former acting vice dame sir lord rt hon judge justice mp envoy spokesman spokeswoman editor chancellor
    foreign defence defense interior finance trade economy state presenter commentator host anchor correspondent
    leader majority minority whip taoiseach premier congressman congresswoman democrat republican""".split()
)
NOT_GIVEN_NAMES = frozenset("the a an and as of in on by with from moscow russian american us u.s.".split()) | SPEECH_VERB_FORMS
# Words that make a title another office: "former president", "vice-president", "deputy minister".
QUALIFIERS = frozenset("former ex vice deputy acting".split())
# Heads of mentions that are documents rather than people: "the Kremlin statement".
STATEMENT_NOUNS = frozenset(
    "statement readout communique communiqué release transcript note decree letter account summary post answer reply"
    " response message".split())
# Heads of definite descriptions that refer back to a person: "the president", "the diplomat".
PERSON_NOUNS = frozenset(
    """president minister premier leader spokesman spokeswoman spokesperson diplomat ambassador envoy official
    head chief aide adviser advisor senator lawmaker deputy chairman chairwoman speaker secretary editor
    analyst expert governor mayor general commander negotiator politician candidate nominee businessman
    billionaire banker economist director diplomat insider source chancellor""".split()
)


def _heads(match: Span, mention: Span) -> bool:
    """Does a name or title found inside a mention name the mention itself, rather
    than modify it ("a spokesperson for the former president")?"""
    root = mention.root
    if match.start <= root.i < match.end:
        return True
    head = match.root
    while head.i != root.i and head.dep_ in ("appos", "compound", "flat", "conj") and head.head.i != head.i:
        head = head.head
        if head.i == root.i:
            return True
    # titles before a name: "Kremlin spokesman Dmitry Peskov" (root: Peskov)
    return match.root.head.i == root.i and match.root.dep_ in ("compound", "amod", "nmod") and root.pos_ == "PROPN"


def _speaks(token) -> bool:
    """Is the token (part of) the subject of a speech verb?"""
    head = token
    while head.dep_ in ("compound", "flat", "appos") and head.head.i != head.i:
        head = head.head
    return head.dep_ in ("nsubj", "nsubjpass") and is_speech_verb(head.head)


def _before_colon(doc: Doc, i: int) -> bool:
    """Token i is an interview or transcript label: "Haas: ..." """
    return i + 1 < len(doc) and doc[i + 1].text == ":"


def _is_subject(span: Span) -> bool:
    root = span.root
    if root.dep_ in ("nsubj", "nsubjpass"):
        return True
    return root.dep_ in ("compound", "appos", "flat") and root.head.dep_ in ("nsubj", "nsubjpass")


class _Context:
    """What the resolver knows about one document while it walks its quotes."""

    def __init__(self, doc: Doc, date: Optional[datetime.date], matches: List[Tuple[str, int, int]]):
        self.doc = doc
        self.date = date
        self.matches = matches
        self.persons = [e for e in doc.ents if e.label_ == "PERSON" and any(t.text[:1].isupper() for t in e)
                        and not e.text.isupper()]  # "RDIF" is no one's name
        # one-word names NER tags only as places or groups ("Europe", "Washington"): no "he" or "she"
        person_texts = {e.text for e in self.persons}
        self.places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "NORP") and len(e) == 1} - person_texts
        self.mentioned: List[Tuple[int, str, bool]] = []  # (token, person, is subject)
        self.history: List[Tuple[int, str, str]] = []  # (token, speaker, mention text) of earlier quotes
        quoted = set()
        for q in doc.spans.get(QUOTES_KEY, []):
            quoted.update(range(q.start, q.end))
        self.quoted = quoted  # tokens inside quotes: people named there are not the speakers around them


def find_date(text: str, window: int = 1500) -> Optional[datetime.date]:
    """The first date written in the opening part of an article (dateline, timestamp)."""
    head = text[:window]
    found = []
    for regex, order in DATE_PATTERNS:
        for m in regex.finditer(head):
            parts = dict(zip(order, m.groups()))
            try:
                month = int(parts["m"]) if "m" in parts else MONTHS.index(
                    next(x for x in MONTHS if x.startswith(parts["M"][:3].lower()))) + 1
                found.append((m.start(), datetime.date(int(parts["y"]), month, int(parts["d"]))))
            except (ValueError, StopIteration):
                continue
    return min(found)[1] if found else None


@Language.factory(
    "speaker_resolver",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc.ents"],
    default_config={"max_continuation_lines": 2, "scorer": {"@scorers": "quoteattr.speaker_scorer.v1"}},
    default_score_weights={"speaker_acc": 0.2, "e2e_f": 0.3},
)
def make_speaker_resolver(nlp: Language, name: str, *, max_continuation_lines: int,
                          scorer: Optional[Callable]) -> "SpeakerResolver":
    return SpeakerResolver(nlp.vocab, name=name, make_doc=nlp.make_doc,
                           max_continuation_lines=max_continuation_lines, scorer=scorer)


class SpeakerResolver(Pipe):
    """Resolve each quote's speaker mention to a canonical name, across the document.

    Names and aliases come from the knowledge base (PhraseMatcher patterns);
    titles ("the Kremlin spokesman", "the US president") resolve to whoever held
    the role on the article date (doc._.date, else the first date in the text);
    pronouns to the closest earlier speaker or person of the right gender; people
    outside the KB keep the fullest name the article gives; unnamed sources stay
    as written. A quote with no mention continues the previous speaker's turn.
    """

    def __init__(self, vocab, name: str = "speaker_resolver", *, make_doc: Callable[[str], Doc],
                 kb: Optional[KnowledgeBase] = None,
                 max_continuation_lines: int = 2, scorer: Optional[Callable] = score_speakers) -> None:
        if not isinstance(max_continuation_lines, int) or max_continuation_lines < 0:
            raise ValueError(Errors.E041.format(name=name, setting="max_continuation_lines",
                                                expected="an int >= 0", value=max_continuation_lines))
        install_extensions()
        self.vocab = vocab
        self.name = name
        self.make_doc = make_doc
        self.cfg = {"max_continuation_lines": max_continuation_lines}
        self.scorer = scorer
        self.set_kb(kb or KnowledgeBase.default())

    def set_kb(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        for person, names in kb.alias_patterns().items():
            self.matcher.add("P|" + person, [self.make_doc(n) for n in names])
        for role, titles in kb.title_patterns().items():
            self.matcher.add("R|" + role, [self.make_doc(t) for t in titles])

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None,
                   kb_path: Optional[Union[str, Path]] = None, extend_default: bool = True) -> None:
        """Load the KB: the shipped one, extended (or replaced) by the file at kb_path."""
        kb = KnowledgeBase.default() if extend_default or kb_path is None else KnowledgeBase()
        if kb_path:
            user = KnowledgeBase.from_path(kb_path)
            kb.add(user.people.values(), user.roles)
        self.set_kb(kb)

    # Resolution -----------------------------------------------------------
    def doc_date(self, doc: Doc) -> Optional[datetime.date]:
        value = doc._.date
        date = parse_date(value)
        if value and date is None:
            warnings.warn(Warnings.W001.format(date=value))
        return date or find_date(doc.text)

    def _matches(self, doc: Doc) -> List[Tuple[str, int, int]]:
        out = []
        for match_id, start, end in self.matcher(doc):
            label = self.vocab.strings[match_id]
            if label.startswith("P|") and self._other_given_name(doc, start, label[2:]):
                continue
            out.append((label, start, end))
        return out

    @staticmethod
    def _other_given_name(doc: Doc, start: int, person: str) -> bool:
        """A surname after another person's given name: "Ivanka Trump", "Hunter
        Biden", "Irish Taoiseach Simon Harris" are not the KB's Trump, Biden, Harris."""
        if start == 0:
            return False
        before = doc[start - 1]
        own = {w.lower() for w in person.split()}
        return (before.pos_ == "PROPN" and before.ent_type_ not in ("DATE", "TIME")  # not "On Tuesday Putin"
                and before.text[:1].isupper() and not before.text.isupper()
                and not before.text.endswith(".") and before.lower_ not in own
                and before.lower_ not in NAME_TITLES | NOT_GIVEN_NAMES | PERSON_NOUNS
                and not (start >= 2 and doc[start - 2].lower_ in own))  # "Vladimir Vladimirovich Putin"

    def _gender(self, name: str) -> Optional[str]:
        person = self.kb.lookup(name)
        return person.gender if person is not None else None

    def __call__(self, doc: Doc) -> Doc:
        if QUOTES_KEY not in doc.spans:
            return doc
        ctx = _Context(doc, self.doc_date(doc), self._matches(doc))
        for label, start, end in ctx.matches:
            if label.startswith("P|") and self._is_person_mention(doc[start:end], None):
                ctx.mentioned.append((start, label[2:], _is_subject(doc[start:end])))
        for ent in ctx.persons:
            if not any(s <= ent.start < e for label, s, e in ctx.matches if label.startswith("P|")):
                ctx.mentioned.append((ent.start, self._fullest(doc, ent.text), _is_subject(ent)))
        ctx.mentioned.sort()
        cues = links(doc, CUES_KEY)
        mentions = links(doc, SPEAKERS_KEY)
        group = doc.spans[QUOTES_KEY]
        resolved: List[Span] = []
        previous: Optional[Tuple[Span, Optional[str]]] = None
        for quote in group:
            mention = mentions.get(quote.id_)
            speaker: Optional[str] = None
            if mention is not None:
                speaker = self.resolve_mention(ctx, mention)
            elif cues.get(quote.id_) is None and previous is not None and self._continues(doc, previous[0], quote):
                speaker = previous[1]
            resolved.append(Span(doc, quote.start, quote.end, label=quote.label, kb_id=speaker or "",
                                 span_id=quote.id_))
            if speaker:
                ctx.history.append((mention.start if mention is not None else quote.start, speaker,
                                    mention.text.lower() if mention is not None else ""))
            previous = (quote, speaker)
        doc.spans[QUOTES_KEY] = SpanGroup(doc, name=QUOTES_KEY, attrs=dict(group.attrs), spans=resolved)
        by_id = {q.id_: q.kb_id_ for q in resolved}
        doc.spans[SPEAKERS_KEY] = [Span(doc, m.start, m.end, label=m.label, kb_id=by_id.get(m.id_, ""), span_id=m.id_)
                                   for m in doc.spans.get(SPEAKERS_KEY, [])]
        return doc

    def _continues(self, doc: Doc, prev: Span, quote: Span) -> bool:
        between = doc.text[prev.end_char:quote.start_char]
        return between.count("\n\n") + between.count("\n") // 2 <= self.cfg["max_continuation_lines"]

    def _fullest(self, doc: Doc, name: str) -> str:
        """The fullest form of a name in the doc: "Alexander Tolmachev" for "Tolmachev",
        "Harold Nkemelu" for a transcript's "NKEMELU"."""
        if name.isupper() and len(name) > 3:
            titled = self._fullest(doc, name.title())
            if len(titled.split()) > len(name.split()):
                return titled
        words = re.sub(r"['’]s$", "", name).split()
        titled = [i for i, w in enumerate(words) if w.strip(".").lower() in NAME_TITLES]
        words = words[titled[-1] + 1:] if titled else words  # "Foreign Minister Hakan Fidan" -> "Hakan Fidan"
        while len(words) > 1 and words[0].lower() in NOT_GIVEN_NAMES:
            words = words[1:]  # NER's "As Akhil Amar", "Stated Stone" at a sentence start
        if not words:
            return name
        surname = words[-1]
        best = " ".join(words)
        known = words[:-1]  # a given name we already have must stay: "Joey Reed" is not "Trevor Reed"
        pattern = re.compile(r"((?:[A-Z][\w'’.-]+ ){1,3})" + re.escape(surname) + r"\b")
        for m in pattern.finditer(doc.text):
            given = m.group(1).split()
            # only the words after a title or a sentence end: "House Speaker Nancy Pelosi"
            cut = [i for i, w in enumerate(given) if w.strip(".").lower() in NAME_TITLES
                   or (w.endswith(".") and len(w.strip(".")) > 1)]
            given = given[cut[-1] + 1:] if cut else given
            while given and (given[0].lower() in NOT_GIVEN_NAMES or self.kb.lookup(given[0]) is not None):
                given = given[1:]
            candidate = " ".join(given + [surname])
            if known and given[-len(known):] != known:
                continue
            if len(candidate.split()) > len(best.split()):
                best = candidate
        return best

    def _is_person_mention(self, span: Span, mention: Optional[Span]) -> bool:
        """A name that modifies a common noun ("the Trump campaign", "Putin's
        spokesman", "an Obama administration official") does not name the speaker."""
        root = span.root
        if any(t.text in ("'s", "’s") for t in span.doc[span.end:span.end + 1]):
            return False
        if (mention is not None and root.dep_ == "pobj" and root.head.lower_ in ("for", "to", "with", "by", "close")
                and mention.start <= root.head.head.i < mention.end):
            return False  # "a spokesperson for Biden", "an aide to Putin"
        if root.dep_ in ("compound", "poss", "nmod", "amod") and root.head.pos_ == "NOUN":
            return mention is not None and not mention.start <= root.head.i < mention.end
        return True

    def resolve_mention(self, ctx: "_Context", mention: Span) -> Optional[str]:
        """The canonical speaker for a mention (see the class docstring for the order)."""
        doc = ctx.doc
        inside = [(label, s, e) for label, s, e in ctx.matches if s >= mention.start and e <= mention.end]
        people = [(label[2:], s, e) for label, s, e in inside
                  if label.startswith("P|") and self._is_person_mention(doc[s:e], mention)]
        roles = [(label[2:], s, e) for label, s, e in inside
                 if label.startswith("R|") and _heads(doc[s:e], mention)]
        if people:
            name, s, e = max(people, key=lambda x: x[2] - x[1])
            if not any(rs <= s and e <= re_ and (re_ - rs) > (e - s) for _, rs, re_ in roles):
                return name
        ents = [p for p in ctx.persons if p.start >= mention.start and p.end <= mention.end
                and self._is_person_mention(p, mention)]
        # A person named in the mention's head ("Turkish Foreign Minister Hakan Fidan")
        # beats a title; a title in the head beats a name elsewhere ("the head of the RDIF").
        heading = [p for p in ents if p.start <= mention.root.i < p.end  # or in apposition to the head:
                   or (p.root.dep_ == "appos" and p.root.head.i == mention.root.i)]  # "Ukraine's foreign minister, Dmytro Kuleba"
        if heading or (ents and not roles):
            return self._fullest(doc, (heading or ents)[-1].text)
        low = mention.text.lower()
        if low in PRONOUNS:
            return self._antecedent(ctx, mention)
        root = mention.root
        role_end = max((e for _, _, e in roles), default=mention.end)
        if (roles and root.pos_ == "PROPN" and root.i >= role_end and root.lower_ not in NAME_TITLES | PERSON_NOUNS
                and root.ent_type_ not in ("ORG", "GPE", "NORP", "FAC", "LOC")):
            # a title then a name the KB does not know: "Turkish Foreign Minister Hakan Fidan"
            return self._fullest(doc, doc[role_end:mention.end].text)
        if roles:
            role, _, _ = max(roles, key=lambda x: x[2] - x[1])
            holders = self.kb.holders(role, ctx.date)
            if holders:
                in_doc = {name for _, name, _ in ctx.mentioned}
                preferred = [p for p in holders if p.name in in_doc]
                return (preferred or holders)[0].name
        named = self._named_elsewhere(ctx, mention)
        if named:
            return named
        # NER's ORG or GPE does not count after a title ("Former South Carolina governor Nikki
        # Haley") or for a one-word interview label ("Haas: ...")
        titled = (doc[mention.start].lower_ not in ("the", "a", "an")  # not "the Russian Foreign Ministry"
                  and any(t.lower_ in NAME_TITLES for t in doc[mention.start:root.i]))
        label = len(mention) == 1 and _before_colon(doc, mention.start)
        if (root.pos_ == "PROPN" and root.lower_ not in NAME_TITLES | PERSON_NOUNS
                and (root.ent_type_ not in ("ORG", "GPE", "NORP", "FAC", "LOC") or titled or label)
                and (root.ent_type_ == "PERSON" or not mention.text.startswith(DETERMINERS))):
            # A name the KB and NER missed: "Pushkov" -> "Alexei Pushkov".
            end = root.i + 1 if titled else mention.end  # "Representative Jonah Petrakis of Ohio"
            return self._fullest(doc, doc[root.i:end].text)
        if mention.text.isupper() and len(mention) <= 4 and mention.text.replace(" ", "").replace(".", "").isalpha():
            # a transcript label the tagger did not read as a name: "NIKONOV" -> "VYACHESLAV NIKONOV"
            return self._fullest(doc, mention.text)
        head = root.lemma_.lower()
        if head in STATEMENT_NOUNS:
            # "the Kremlin's account", "Barr's summary": whoever owns the statement
            owners = [c for c in root.children if c.dep_ == "poss" and mention.start <= c.i < mention.end]
            if owners:
                tokens = [t for t in owners[0].subtree if t.dep_ != "case"]
                owner = doc[tokens[0].i:tokens[-1].i + 1]
                if owner.root.lower_ not in PRONOUNS:
                    return self.resolve_mention(ctx, owner)
            org = [t for t in mention if t.pos_ == "PROPN"]
            if org:
                return "the " + " ".join(t.text for t in org)
            if ctx.history:  # "the statement said": the speaker the article is quoting
                return ctx.history[-1][1]
        if low.startswith(("the ", "this ", "that ")) and head in PERSON_NOUNS:
            found = self._description_antecedent(ctx, mention, head)
            if found:
                return found
        text = mention.text
        if text.startswith(DETERMINERS):
            text = text[0].lower() + text[1:]
        return text

    def _named_elsewhere(self, ctx: "_Context", mention: Span) -> Optional[str]:
        """A surname whose full name the article gives as a person elsewhere, even
        where NER tags this mention as something else: "Akufo-Addo" (ORG) after
        "President Nana Akufo-Addo" (PERSON)."""
        root = mention.root
        doc = ctx.doc
        # an interview label the tagger read as a noun at the line start: "Haas: ..."
        label = root.text[:1].isupper() and _before_colon(doc, root.i)
        if ((root.pos_ != "PROPN" and not label) or root.lower_ in NAME_TITLES | PERSON_NOUNS
                or mention.text.startswith(DETERMINERS)):
            return None
        lo = root.i  # the surname, hyphenated parts included: "Akufo-Addo"
        while lo - 2 >= mention.start and doc[lo - 1].text == "-" and not doc[lo - 2].whitespace_:
            lo -= 2
        tail = re.sub(r"['’]s$", "", doc[lo:root.i + 1].text).strip()
        if not tail[:1].isupper():
            return None
        for ent in ctx.persons:
            words = ent.text.split()
            if len(words) > 1 and words[-1] == tail and not mention.start <= ent.start < mention.end:
                return self._fullest(doc, ent.text)
        for _, speaker, _ in reversed(ctx.history):  # an earlier speaker NER missed
            words = speaker.split()
            if len(words) > 1 and words[-1] == tail and speaker[:1].isupper():
                return speaker
        return None

    def _description_antecedent(self, ctx: "_Context", mention: Span, head: str) -> Optional[str]:
        """ "the president", "the diplomat", "the head of the cabinet": the latest
        earlier person whose role on the date, title in the text, or earlier
        mention has that noun."""
        doc = ctx.doc
        before = [(i, name) for i, name, _ in ctx.mentioned if i < mention.start and i not in ctx.quoted]
        for i, name in reversed(before):
            person = self.kb.lookup(name)
            if person is None or ctx.date is None:
                continue
            titles = [t.lower() for r in person.roles if r.holds_on(ctx.date) for t in self.kb.roles.get(r.role, [])]
            # "the president" is not a former president, a vice-president or a deputy
            said = set(mention.text.lower().replace("-", " ").split())
            titles = [t for t in titles if not (set(t.replace("-", " ").split()) & QUALIFIERS) - said]
            if any(re.search(rf"\b{re.escape(head)}\b", t) for t in titles):
                return name
        # An earlier quote whose mention has the noun ("a European diplomat" ... "the diplomat"),
        for _, speaker, text in reversed(ctx.history):
            if head in text.split() or head in speaker.lower().split():
                return speaker
        # an earlier "<title> <Name>" or "<Name>, the <title>" in the text,
        for tok in reversed(doc[:mention.start]):
            if tok.lemma_.lower() == head:
                near = [name for i, name in before if abs(i - tok.i) <= 6 and doc[i].sent == tok.sent]
                if near:
                    return near[-1]
        # else the last named speaker: the article's protagonist.
        for _, speaker, _ in reversed(ctx.history):
            if speaker[:1].isupper():
                return speaker
        return None

    def _antecedent(self, ctx: "_Context", mention: Span) -> Optional[str]:
        gender = GENDER_OF_PRONOUN.get(mention.text.lower())

        def fits(name: str) -> bool:
            g = self._gender(name)
            if gender is not None and g is None and (name.startswith("the ") and name[4:5].isupper()
                                                     or name in ctx.places):
                return False  # "he" is not "the Kremlin", "the State Department" or "Europe"
            return gender is None or g is None or g == gender

        # A subject earlier in the same paragraph ("Peskov said X. 'Y,' he added."),
        # the subject of a speech verb first ("Putin said Trump was brave. 'Z,' he added."),
        line_start = ctx.doc.text.rfind("\n", 0, mention.start_char) + 1
        subjects = [(i, name) for i, name, subject in ctx.mentioned
                    if subject and i < mention.start and ctx.doc[i].idx >= line_start and fits(name)
                    and i not in ctx.quoted]
        for i, name in reversed(subjects):
            if _speaks(ctx.doc[i]):
                return name
        if subjects:
            return subjects[-1][1]
        # else the last quoted speaker (news style: "he added" continues the turn),
        for _, name, _ in reversed(ctx.history):
            if fits(name):
                return name
        # else the closest person mentioned before.
        for i, name, _ in reversed(ctx.mentioned):
            if i < mention.start and fits(name) and i not in ctx.quoted:
                return name
        return None

    # Serialization --------------------------------------------------------
    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "kb.json", self.kb.to_json())
        srsly.write_json(path / "cfg", self.cfg)

    def from_disk(self, path, *, exclude=tuple()) -> "SpeakerResolver":
        path = ensure_path(path)
        self.cfg.update(srsly.read_json(path / "cfg"))
        self.set_kb(KnowledgeBase.from_json(srsly.read_json(path / "kb.json"), str(path / "kb.json")))
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps({"kb": json.dumps(self.kb.to_json()), "cfg": self.cfg})

    def from_bytes(self, bytes_data: bytes, *, exclude=tuple()) -> "SpeakerResolver":
        data = srsly.msgpack_loads(bytes_data)
        self.cfg.update(data["cfg"])
        self.set_kb(KnowledgeBase.from_json(json.loads(data["kb"]), "<bytes>"))
        return self

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128):
        error_handler = self.get_error_handler()
        for doc in stream:
            try:
                yield self(doc)
            except Exception as e:
                error_handler(self.name, self, [doc], e)
