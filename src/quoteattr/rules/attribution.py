"""Rules over a parsed Doc: quote candidates, their cue and their speaker mention.

The quote_finder and speaker_attributor components call these functions; they
need the parser (dependency labels and sentences) and work on any English
pipeline that has one.
"""
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from spacy.tokens import Doc, Span, Token

from ..constants import ALL_MARKS, PRONOUNS, QUOTES_KEY, RELATIVE_PRONOUNS
from .cues import AUDIENCE_NOUNS, CHANNEL_NOUNS, IRREGULAR_FORMS, SPEECH_VERB_FORMS, SPEECH_VERBS, WEAK_VERBS
from .quote_marks import MarkSpan, iter_lines, pair_marks


CAPTION_RE = re.compile(
    r"^\s*(photo|caption|pictured|image|file photo|video|watch|above|top)\b|"
    r"\((photo|image|file|pictured)[^)]*\)|\bphoto:|\bphoto credit\b|"
    r"/\s*(reuters|afp|ap|getty|tass|sputnik|ria novosti|epa)\b|getty images|\bphotograph:",
    re.IGNORECASE,
)
# Lines of links to other stories: "Read more: Medvedev: '...'", "Related: ... | ...".
RELATED_RE = re.compile(
    r"^\W*(read (more|also)|related( stories| coverage)?|see also|also on (the|this) (subject|topic)"
    r"|more (analysis|on this story)|most (viewed|read)"
    r"|last week's issue|previous instalments?)\b|\s\|\s",
    re.IGNORECASE,
)
# The heading of a pull-quote box: "KEY QUOTES", "■ QUOTE OF THE DAY", "Quotes of the week".
QUOTE_BOX_RE = re.compile(r"^\W*(key |top )?quotes?( of the (day|week|year))?\W*$", re.IGNORECASE)
BULLETS = "-–—•→›»▶■*"
# Words right before marks that make them somebody's term, not a quote: 'the so-called
# «Russian hackers»', 'what officials call "friendly" jurisdictions', 'what it calls its "..."'
# (not 'what Trump called "a total shutdown"': his words, once).
SO_CALLED_RE = re.compile(r"(\bso-called|\bwhat (\w+ ){1,3}calls?( (its|their|his|her|the|a|an))?)\W{0,2}$",
                          re.IGNORECASE)
# A heading over a list of links: "Related coverage", "Read more:", "See also"
RELATED_HEADING_RE = re.compile(r"^\W*(related( stories| coverage| articles)?|read (more|also|next)|see also"
                                r"|more on this( story)?)\W*$", re.IGNORECASE)


def _is_link_line(text: str, line_start: int, line: str) -> bool:
    """A link to another story: "Read more: ...", "a | b", or an item under "Related coverage"."""
    if RELATED_RE.search(line):
        return True
    if line.lstrip()[:1] in BULLETS:
        return _under_heading(text, line_start, RELATED_HEADING_RE, BULLETS)
    # 'Read also:' / '«We are not going to attack»: Peskov on the doctrine', right below
    prev_end = max(line_start - 1, 0)
    prev = text[text.rfind("\n", 0, prev_end) + 1:prev_end]
    return line.lstrip()[:1] in ALL_MARKS and bool(RELATED_HEADING_RE.search(prev))


def _under_heading(text: str, line_start: int, heading: "re.Pattern", item_starts: str) -> bool:
    """Is this line an item of a list under a heading: pull quotes under "KEY QUOTES",
    links under "Related coverage"? Looks back over the lines before it that start
    like an item, one line break apart (a blank line only right after the heading)."""
    while line_start > 0:
        prev_end = line_start - 1
        while prev_end > 0 and text[prev_end - 1].isspace():
            prev_end -= 1
        prev_start = text.rfind("\n", 0, prev_end) + 1
        prev = text[prev_start:prev_end]
        if heading.search(prev):
            return True
        if prev.lstrip()[:1] not in item_starts or text.count("\n", prev_end, line_start) > 1:
            return False
        line_start = prev_start
    return False


# A word right before marks that makes them a title at any length: 'the newspaper
# «Vedomosti» reported', 'a panel titled "..."'.
TITLE_BEFORE = frozenset(
    "newspaper daily tabloid weekly magazine programme program channel titled entitled title heading headline "
    "memoir book film documentary column".split()
)
TITLE_CONTEXT = frozenset(
    """
    club forum newspaper paper daily weekly magazine journal operation film movie book
    novel programme program party project channel show festival movement initiative
    agency company group station conference summit exercise exercises doctrine treaty
    strategy plan act bill law song album series podcast campaign slogan motto brand
    called dubbed named nicknamed titled entitled so-called known branded labelled labeled
    """.split()
)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Speech verbs whose passive subject is the one spoken to ("was asked", "was told").
ADDRESSEE_VERBS = frozenset(("ask", "tell", "inform", "brief", "assure", "question", "urge"))
CLIMB_DEPS = ("advcl", "conj", "xcomp", "pcomp", "relcl", "acl", "ccomp", "prep")


@dataclass
class Candidate:
    """A possible quote: character span, type and why it was proposed."""

    start: int
    end: int
    type: str  # direct, indirect, mixed
    source: str  # marks, ccomp, according_to, colon
    mark: Optional[MarkSpan] = None
    cue_token: Optional[int] = None  # index of the cue's head token, where known
    negative: Optional[str] = None  # why rules think it is not a quote


def line_bounds(text: str) -> List[Tuple[int, int]]:
    return list(iter_lines(text))


def headline_end(text: str) -> int:
    """End offset of the headline (the first line), or 0 if the text is one line."""
    lines = line_bounds(text)
    if len(lines) < 2:
        return 0
    start, end = lines[0]
    return end if len(text[start:end].split()) <= 40 else 0


def is_speech_verb(token: Token) -> bool:
    if not token.doc.has_annotation("POS"):  # a pipeline without a tagger: word forms
        return token.lower_ in SPEECH_VERB_FORMS
    if token.lower_ == "said" and token.i > 0 and token.doc[token.i - 1].lower_ == "that" and (
            token.doc[token.i - 1].is_sent_start and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == ","):
        return False  # "That said, ..."
    if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS:
        return not (token.lower_ == "read" and token.tag_ == "VB")  # "Read our explainer": boilerplate
    if token.lemma_ == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in token.children):
        # '"...," Trump went on.' / 'She went on:' (not "went on to promote")
        nxt = token.doc[token.i + 2] if token.i + 2 < len(token.doc) else None
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "on" and (
            nxt is None or nxt.text in (",", ":", ".") or "\n" in nxt.text)
    if token.lower_ not in SPEECH_VERB_FORMS:
        return False
    # Past tenses the tagger takes for adjectives or names ("quipped", "Wrote Medvedev").
    if token.lower_.endswith("ed") or token.lower_ in IRREGULAR_FORMS:
        return True
    return _closes_inverted_attribution(token)


def _closes_inverted_attribution(token: Token) -> bool:
    """'"...," the editorial read.', '"...," Conway notes.': a verb form that ends
    a short verbless phrase after a closing quotation mark (the tagger often
    takes it for a noun); also before a channel: '"...," the Saudis state in the white paper',
    and after a longer phrase: '"...," a voice-over in the ad states.'."""
    doc = token.doc
    if token.i + 1 < len(doc) and not (doc[token.i + 1].is_punct or "\n" in doc[token.i + 1].text
                                       or doc[token.i + 1].lower_ in ("in", "on")):
        return False
    for j in range(token.i - 1, max(-1, token.i - 9), -1):
        t = doc[j]
        if _is_mark(t) and j < token.i - 1:
            return True
        if t.pos_ in ("VERB", "AUX") or "\n" in t.text or (t.is_punct and t.text not in ",—-"):
            return False
    return False


def _char_to_tokens(doc: Doc, start: int, end: int) -> Optional[Span]:
    return doc.char_span(start, end, alignment_mode="expand")


def _adjacent_cue(doc: Doc, span: Span, window: int = 5) -> bool:
    """Is there a speech verb (or "according to", or a colon intro) next to the span?"""
    after = doc[span.end:min(len(doc), span.end + window)]
    before = doc[max(0, span.start - window):span.start]
    # '"The bullying," Fox's Chris Wallace said': a comma inside the marks lets the
    # attribution come further on in the sentence
    if span.text.endswith(",") and doc.has_annotation("SENT_START"):
        after = doc[span.end:min(len(doc), span.end + 9, doc[span.end - 1].sent.end)]
    # ... but not across words that go on the phrase: 'wearing "Ted Cruz" campaign pins, said'
    nxt = next((t for t in after if not _is_mark(t) and not t.is_space), None)
    if (nxt is not None and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ", "NUM")
            and not (span.text.rstrip()[-1:] in ",.!?…" or is_speech_verb(nxt))):
        after = after[:0]
    for tok in after:
        if "\n" in tok.text:
            break
        if is_speech_verb(tok) or (tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
            return True
        if tok.pos_ == "VERB":
            break  # 'a "reset" was launched, suggested': the marks belong to another clause
    # Before the span only an intro counts: a colon, or a speech verb just before the
    # mark ('He said, "..."', 'yelled "You lie!"', '"A," he added. "B."'; 'told the
    # newspaper "Kommersant"' is a title).
    prev = [t for t in before if not t.is_space and not _is_mark(t)]
    if prev and prev[-1].text in (",", "."):  # '"A," he added. "B."'
        prev = prev[:-1]
    return bool(prev) and (_is_colon(prev[-1]) or is_speech_verb(prev[-1]))


def _is_colon(token: Token) -> bool:
    """A colon, also the "):" the tokenizer keeps whole (as an emoticon): "Rep. Ann Dale (R-S.C.):"."""
    return token.text == ":" or (token.text.endswith("):") and not token.like_url)


def classify_marks(doc: Doc, ms: MarkSpan, head_end: int) -> Optional[str]:
    """RETURNS (Optional[str]): a negative kind (headline, caption, title, scare) or None."""
    text = doc.text
    if ms.start < head_end:
        return "headline"
    line_start = text.rfind("\n", 0, ms.start) + 1
    line_end = text.find("\n", ms.start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if CAPTION_RE.search(line) or _under_heading(text, line_start, QUOTE_BOX_RE, ALL_MARKS):
        return "caption"
    if _is_link_line(text, line_start, line):
        return "headline"
    first = doc.char_span(line_start, line_start + len(line), alignment_mode="expand")
    if first is not None and doc.has_annotation("TAG") and any(
            t.tag_ == "VBZ" and is_speech_verb(t) and _is_headline_line(t) for t in first):
        return "headline"  # a standfirst: 'Kremlin says it will not answer "every statement"'
    before, after = text[line_start:ms.start - 1].strip(), text[ms.end + 1:line_start + len(line)].strip()
    if before.endswith(":") and not after and len(line.split()) <= 15 and not text[ms.start:ms.end].rstrip().endswith(
            (".", "!", "?", ",", "…")):
        return "headline"  # a crosshead: "Kremlin: 'They know our phone number'"
    span = _char_to_tokens(doc, ms.start, ms.end)
    if span is None:
        return None
    prev_word = next((t for t in reversed(doc[max(0, span.start - 3):span.start]) if not t.is_punct and not t.is_space), None)
    if SO_CALLED_RE.search(text, max(0, ms.start - 60), ms.start) and len(span) <= 6:
        # 'the so-called «Russian hackers», Medvedev remarked', 'what officials call "friendly"'
        # (not a phrase's worth: 'what it calls "sensible gun violence prevention laws, policy and regulations"')
        return "scare"
    # (a comma may come between: 'Her memoir, "The Truths We Hold", is said to be')
    near = prev_word is not None and (prev_word.i >= span.start - 2 or (
        prev_word.i == span.start - 3 and doc[prev_word.i + 1].text == ","))
    if near and prev_word.lower_ in TITLE_BEFORE and len(span) <= 15:
        return "title"
    words = [t for t in span if not t.is_punct and not t.is_space]
    if len(words) > 4 or any(t.text in ".!?" for t in span[:-1]):
        return None
    if _adjacent_cue(doc, span):
        return None
    if _named_by_speaker(span) is not None:
        return None
    prev_words = [t.lower_ for t in doc[max(0, span.start - 4):span.start] if not t.is_punct]
    if any(w in TITLE_CONTEXT for w in prev_words[-3:]) or (
        words and all(t.text[:1].isupper() or not t.is_alpha for t in words)
    ):
        return "title"
    return "scare"


NAMING_VERBS = frozenset("call describe brand label dub".split())


def _named_by_speaker(span: Span) -> Optional[Token]:
    """'Zimmerman called Obama an "ignorant baboon"', 'Hollande described the remarks as
    "hurtful"': a speaker's own words for something (not "the so-called", "a plan
    called", "what Moscow calls"). RETURNS the naming verb, or None."""
    for node in _tokens_above(span, max_steps=4):
        if node.pos_ != "VERB":
            continue
        if (node.lemma_.lower() not in NAMING_VERBS or node.i > span.start or node.dep_ in ("acl", "relcl", "amod")
                or node.tag_ == "VBG" or any(c.dep_ == "auxpass" for c in node.children)  # not "is called"
                or any(t.lower_ == "what" for t in node.doc[max(0, node.i - 3):node.i])):  # "what officials call"
            return None
        subjects = [c for c in node.children if c.dep_ == "nsubj"]
        objects = [c for c in node.children if c.dep_ == "dobj"]
        # a name or a pronoun for someone: "Zimmerman", "he" (not "the practice")
        named = bool(subjects) and (subjects[0].pos_ == "PROPN" or subjects[0].ent_type_ in ("PERSON", "ORG", "NORP")
                                    or subjects[0].lower_ in PRONOUNS - NON_PERSON_PRONOUNS) and not any(
            o.lower_ in ("what", "which") for o in objects)
        return node if named else None
    return None


def direct_candidates(doc: Doc) -> List[Candidate]:
    head_end = headline_end(doc.text)
    out = []
    for ms in pair_marks(doc.text):
        if ms.end <= ms.start or not doc.text[ms.start:ms.end].strip():
            continue
        negative = classify_marks(doc, ms, head_end)
        span = _char_to_tokens(doc, ms.start, ms.end) if negative is None else None
        naming = _named_by_speaker(span) if span is not None and doc.has_annotation("DEP") else None
        if naming is not None and naming.i + 1 < span.start:
            # 'called Obama an "ignorant baboon"': a mixed quote from the named thing on
            end = ms.end + len(ms.close_mark) if ms.closed else ms.end
            out.append(Candidate(doc[naming.i + 1].idx, end, "mixed", "marks", mark=ms, cue_token=naming.i))
            continue
        out.append(Candidate(ms.start, ms.end, "direct", "marks", mark=ms, negative=negative))
    return out


def line_of(token: Token) -> Tuple[int, int]:
    """Character bounds of the line (paragraph) a token is on."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return start, len(text) if end < 0 else end


def _clause_span(head: Token, exclude: Sequence[Token] = (), within: Optional[Token] = None) -> Tuple[int, int]:
    """Token range of head's subtree minus leading "that"/punct, trailing punct, and
    excluded subtrees, kept on the line of `within` (sentences can run across lines)."""
    line_start, line_end = line_of(within if within is not None else head)
    skip: Set[int] = set(t.i for t in head.subtree if not line_start <= t.idx < line_end)
    for tok in exclude:
        skip.update(t.i for t in tok.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    # keep the contiguous run around head
    members = set(t.i for t in tokens)
    if head.i not in members:
        return head.i, head.i
    lo = hi = head.i
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members:
        hi += 1
    doc = head.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or (doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that", "whether", "if"))):
        if doc[lo].text in "\"“«„‘'" and doc[lo].dep_ != "mark":
            break
        lo += 1
    while hi > lo and (doc[hi].is_space or doc[hi].dep_ == "cc"
                       or (doc[hi].is_punct and doc[hi].text not in "\"”»’'“")):
        hi -= 1
    return lo, hi + 1


WH_WORDS = frozenset("why how what when where who whom whose which whether if".split())
SENTENCE_END = tuple(".!?\"”’»:;)…'")


CLOSING_AFTER = re.compile(r"[.,!?…]?[\"”»]")


def _through_closing_mark(text: str, start: int, end: int) -> int:
    """A mixed clause that stops inside its marks ('was "following the situation
    closely' + '."') ends after the closing mark, as the corpus marks them."""
    part = text[start:end]
    open_ = part.count('"') % 2 == 1 or part.count("“") > part.count("”") or part.count("«") > part.count("»")
    m = CLOSING_AFTER.match(text, end) if open_ else None
    return m.end() if m else end


def _is_question(clause: Token) -> bool:
    """An indirect question: "whether/if ..." or a wh-clause ("why he had not called")."""
    first = min(clause.subtree, key=lambda t: t.i)
    return first.lower_ in WH_WORDS or any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children)


def _is_headline_line(token: Token) -> bool:
    """Is the token on a short line with no sentence-final punctuation (a headline,
    a standfirst, a related link)?"""
    start, end = line_of(token)
    line = token.doc.text[start:end].strip()
    # ('... says it will not answer "every statement"': a mark does not end a sentence)
    return len(line.split()) <= 25 and not line.rstrip("".join(ALL_MARKS)).endswith(SENTENCE_END)


def indirect_candidates(doc: Doc, marks: Optional[List[MarkSpan]] = None) -> List[Candidate]:
    """Reported clauses: complements of speech verbs, and "according to X" sentences.
    marks: the text's paired quotation marks, where the caller has them already."""
    out = []
    head_end = headline_end(doc.text)
    marked = [(ms.start, ms.end) for ms in (pair_marks(doc.text) if marks is None else marks)]
    for tok in doc:
        if tok.idx < head_end:
            continue
        if is_speech_verb(tok):
            # A verb inside marks reports only what is inside them too ('Ostrov was asked,
            # "Now, you said ..."' is no reported clause of "said").
            inside = next(((s, e) for s, e in marked if s <= tok.idx < e), None)
            if tok.tag_ == "VBZ" and _is_headline_line(tok):
                continue  # "Kremlin says Putin 'was joking'": a headline or a related link
            line_start, line_end = line_of(tok)
            line = doc.text[line_start:line_end]
            if CAPTION_RE.search(line) or _is_link_line(doc.text, line_start, line):
                continue  # a photo caption repeating what someone said, a link to another story
            for child in tok.children:
                if child.dep_ not in ("ccomp",):
                    continue
                if tok.lemma_.lower() in WEAK_VERBS and not any(c.dep_ == "mark" for c in child.children):
                    continue
                if _is_question(child):
                    continue  # "asked whether ...", "explained why ...": not a statement
                first = min(child.subtree, key=lambda t: t.i)
                if first.i == tok.i + 1 and first.text[:1].isupper() and _is_mark(doc[tok.i - 1]):
                    continue  # '"...," said Robert Reich, who ... endorsed X': the speaker, misparsed
                # "said A, and that B": two reported statements
                splits = [c for c in child.children if c.dep_ == "conj" and c.i > child.i
                          and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
                joins = [c for c in child.children if c.dep_ in ("cc", "punct") and splits and child.i < c.i < splits[0].i]
                # "told ABC that he agrees A and said "B"": the conjoined speech verb reports its own
                own = [c for c in child.children if c.dep_ == "conj" and c.i > child.i and is_speech_verb(c)
                       and c not in splits]
                joins += [c for c in child.children if c.dep_ == "cc" and own and child.i < c.i < own[0].i]
                for clause, exclude in [(child, splits + joins + own)] + [(c, []) for c in splits]:
                    lo, hi = _clause_span(clause, exclude=exclude, within=tok)
                    if hi - lo < 3 or doc[lo].idx < head_end:
                        continue
                    if doc[lo].text in "\"“«„":
                        # '“...,” Gene Sperling, an adviser, said': the clause is the marked
                        # quote; the name after its closing mark is the speaker
                        close = next((t.i for t in doc[lo + 1:hi] if t.text in '"”»“'), None)
                        hi = close + 1 if close is not None else hi
                    span = doc[lo:hi]
                    if not any(t.pos_ in ("VERB", "AUX") for t in span):
                        continue
                    if inside is not None and not inside[0] <= span.start_char < inside[1]:
                        continue
                    # A stray mark inside a reported clause still makes it a mixed quote.
                    qtype = "mixed" if any(_is_mark(t) and t.text not in SINGLE_MARK_TOKENS for t in span) else "indirect"
                    out.append(Candidate(span.start_char, span.end_char, qtype, "ccomp", cue_token=tok.i))
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            clause_head = tok.head
            while clause_head.dep_ not in ("ROOT", "ccomp", "conj") and clause_head.head != clause_head:
                clause_head = clause_head.head
            if clause_head.i == tok.i:
                continue
            lo, hi = _clause_span(clause_head, exclude=[tok], within=tok)
            if hi - lo < 3 or (lo <= tok.i < hi):
                continue
            span = doc[lo:hi]
            out.append(Candidate(span.start_char, span.end_char, "indirect", "according_to", cue_token=tok.i))
    return out


# A transcript turn: an upper-case speaker label, a colon and the words, unmarked
# ("LAVROV: I have not seen a single fact.", "[Clip] PESKOV: ...", "SEN. KAMALA HARRIS: ...",
# "MARK DALTON, FORMER SENATE AIDE: ...").
TURN_RE = re.compile(r"^(?:\[[^\]\n]{1,20}\]\s*)?(?P<label>[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,5}"
                     r"(?:, [A-Z][A-Z.'’\- ]*)?):[ \t]+(?P<words>\S[^\n]*)$", re.MULTILINE)
# Labels of page furniture, not speakers ("UPDATE: ...", "WATCH: ...").
NOT_SPEAKER_LABELS = {"update", "updated", "watch", "live", "related", "read", "correction", "clarification",
                      "editor's", "editor’s", "note", "photo", "video", "breaking", "source", "sources", "advertisement",
                      "caption", "graphic", "exclusive", "analysis", "opinion", "listen", "see", "more", "also",
                      "q", "a", "tags", "topics", "share", "comments", "subscribe", "disclaimer", "bio"}


def transcript_turns(doc: Doc) -> List[Tuple[int, int, int, int, int]]:
    """Unmarked transcript turns ("NAME: words") in a text with at least two of them,
    after the headline: (words start, words end, label start, label end, colon) in
    characters; the label ends before a role after a comma ("MARK DALTON, AIDE")."""
    head_end = headline_end(doc.text)
    turns = []
    for m in TURN_RE.finditer(doc.text):
        label, words = m.group("label"), m.group("words").rstrip()
        if m.start() < head_end or sum(c.isalpha() for c in label) < 2:
            continue
        if label.split()[0].lower().rstrip(".") in NOT_SPEAKER_LABELS or len(words.split()) < 3:
            continue
        name = label.split(",")[0]
        turns.append((m.start("words"), m.start("words") + len(words), m.start("label"),
                      m.start("label") + len(name), m.end("label")))
    return turns if len(turns) >= 2 else []


def transcript_candidates(doc: Doc) -> List[Candidate]:
    """Transcript turns as quotes, one per turn, typed indirect (unmarked verbatim
    speech, GUIDELINES section 2); a turn that ends in a question (the host's) is no quote."""
    return [Candidate(s, e, "indirect", "transcript") for s, e, _, _, _ in transcript_turns(doc)
            if not doc.text[s:e].endswith("?")]


def transcript_attributions(doc: Doc) -> Dict[int, Tuple[Span, Span]]:
    """(colon, label) of each transcript turn, by the character where its words start."""
    out = {}
    for start, _, label_start, label_end, colon in transcript_turns(doc):
        cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
        label = doc.char_span(label_start, label_end, alignment_mode="expand")
        if cue is not None and label is not None:
            out[start] = (cue, label)
    return out


def merge_candidates(doc: Doc, directs: List[Candidate], indirects: List[Candidate]) -> List[Candidate]:
    """Resolve overlaps: a clause that is mostly one marked quote is that direct quote;
    a clause that embeds marked text is mixed; otherwise the direct quote wins."""
    kept_direct = {id(c): c for c in directs}
    result: List[Candidate] = []
    for ind in sorted(indirects, key=lambda c: (c.start, -(c.end - c.start))):
        inside = [d for d in directs if d.start < ind.end and ind.start < d.end and d.negative not in ("headline", "caption")]
        if not inside:
            result.append(ind)
            continue
        covered = sum(min(d.end, ind.end) - max(d.start, ind.start) for d in inside)
        # words of the reporter before the marks ('said Biden was "writing ..."') make a
        # mixed quote however much of the clause the marks cover
        lead = len(re.findall(r"\w+", doc.text[ind.start:min(d.start for d in inside)]))
        if covered >= 0.6 * (ind.end - ind.start) and lead < 2:
            for d in inside:  # the clause is the marked quote: remember its cue
                if d.cue_token is None:
                    d.cue_token = ind.cue_token
            continue
        if all(ind.start <= d.start - 1 and d.end <= ind.end + 1 for d in inside):
            end = max([ind.end] + [d.end + 1 for d in inside if d.mark and d.mark.closed])
            end = min(end, len(doc.text))
            result.append(Candidate(ind.start, end, "mixed", ind.source, cue_token=ind.cue_token))
            for d in inside:
                kept_direct.pop(id(d), None)
    # Drop clauses that overlap an earlier kept clause (nested reports: keep the outer one).
    result.sort(key=lambda c: (c.start, -(c.end - c.start)))
    final: List[Candidate] = []
    for c in result:
        if final and c.start < final[-1].end:
            continue
        final.append(c)
    for c in final:  # where a mixed quote ends, as the corpus marks it
        if c.type == "mixed":
            c.end = _cut_after_last_mark(doc.text, c.start, _through_closing_mark(doc.text, c.start, c.end))
    directs_left = [d for d in kept_direct.values() if not any(d.start < c.end and c.start < d.end for c in final)]
    return sorted(final + directs_left, key=lambda c: c.start)


def _cut_after_last_mark(text: str, start: int, end: int) -> int:
    """A mixed quote ends at its last closing mark when what follows is set off by a
    comma or a dash: the reporter's aside ('..."not to give up on the country", a line
    that drew the longest applause'; '... — a thinly veiled reference to Washington')."""
    part = text[start:end]
    last = max(part.rfind(ch) for ch in '"”»')
    if last < 0:
        return end
    rest = part[last + 1:]
    dash = re.search(r"\s[—–]\s", rest)
    if rest.startswith(","):
        return start + last + 1
    if dash:
        return start + last + 1 + len(rest[:dash.start()].rstrip())
    return end


# Attribution ---------------------------------------------------------------


def cue_span(doc: Doc, verb: Token) -> Span:
    """The cue phrase around a speech verb: auxiliaries of "was quoted as saying",
    particles ("pointed out"), the audience of "told" and an adjacent channel
    ("said in a statement", "wrote on Telegram")."""
    lo = hi = verb.i
    if verb.lower_ == "according":
        return doc[verb.i:verb.i + 2]
    for child in verb.children:
        if child.dep_ == "prt" and child.i == hi + 1:
            hi = child.i
        elif child.dep_ in ("dative", "dobj") and child.i > verb.i and verb.lemma_ in ("tell", "inform", "assure", "brief"):
            sub = list(child.subtree)
            audience = child.lower_ in AUDIENCE_NOUNS or child.pos_ == "PROPN"
            if audience and len(sub) <= 4 and sub[0].i == hi + 1:
                hi = sub[-1].i
        elif child.dep_ == "prep" and child.i == hi + 1 and child.lower_ in ("in", "on", "during", "via", "at"):
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj and pobj[0].lower_ in CHANNEL_NOUNS:
                sub = list(child.subtree)
                if len(sub) <= 5:
                    hi = sub[-1].i
    # "was quoted as saying": the cue runs from the passive auxiliary to the verb.
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_ == "quote":
        quoted = verb.head.head
        aux = [c for c in quoted.children if c.dep_ == "auxpass"]
        lo = aux[0].i if aux else quoted.i
    return doc[lo:hi + 1]


def _ends_in_name(phrase: Token) -> bool:
    """Does a phrase end in a multi-word proper name ("to the US Anatoly Antonov")?"""
    last = max(phrase.subtree, key=lambda t: t.i)
    doc = last.doc
    return last.pos_ == "PROPN" and (last.ent_type_ == "PERSON" or (last.i > 0 and doc[last.i - 1].pos_ == "PROPN"))


def _trim_mention(head: Token) -> Optional[Span]:
    """The noun phrase of a subject without relative clauses, trailing appositions
    of a name and punctuation."""
    doc = head.doc
    line_start, line_end = line_of(head)
    drop: Set[int] = set(t.i for t in head.subtree if not line_start <= t.idx < line_end)
    for child in head.children:
        right = child.i > head.i
        names_person = any(t.ent_type_ == "PERSON" for t in child.subtree)
        if right and child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "advmod"):
            drop.update(t.i for t in child.subtree)
        elif right and child.dep_ == "prep" and child.lower_ not in ("of", "for", "at", "in", "with", "from") \
                and not names_person and not _ends_in_name(child):  # keep "Ambassador to the US Anatoly Antonov"
            drop.update(t.i for t in child.subtree)
        elif child.dep_ == "appos" and head.pos_ == "PROPN" and (
                head.ent_type_ == "PERSON" or not any(t.ent_type_ == "PERSON" for t in child.subtree)):
            # drop "Dmitry Peskov, the Kremlin spokesman"; keep the name in "Minister Hakan Fidan"
            drop.update(t.i for t in child.subtree)
    # a title whose apposition names the person: keep everything up to the name
    # ("Russia's ambassador in Washington, Anatoly Antonov", "Former president and prime minister Dmitry Medvedev")
    named = [c for c in head.children if c.dep_ == "appos" and c.i > head.i and head.ent_type_ != "PERSON"
             and any(t.ent_type_ == "PERSON" for t in c.subtree)]
    if named:
        end = max(t.i for t in named[-1].subtree)
        drop -= {i for i in range(head.i, end + 1) if line_start <= doc[i].idx < line_end}
    # a relative clause further down ("a person familiar with the talks, who asked ...")
    drop.update(t.i for tok in head.subtree if tok.dep_ == "relcl" and tok.i > head.i for t in tok.subtree)
    idx = [t.i for t in head.subtree if t.i not in drop]
    lo, hi = head.i, head.i
    members = set(idx)
    while lo - 1 in members:
        lo -= 1
    while hi + 1 in members:
        hi += 1
    # a quote the parser hung on the mention ('“It’s unanimous,” councilmember Mark Levine said')
    marks = [i for i in range(lo, head.i) if _is_mark(doc[i])]
    if marks:
        lo = marks[-1] + 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    # keep hyphenated words whole: "the vice-president" (the parser may split it into three subjects)
    while lo - 2 >= 0 and doc[lo - 1].text == "-" and not doc[lo - 2].whitespace_ and not doc[lo - 1].whitespace_:
        lo = min(t.i for t in doc[lo - 2].subtree if t.i <= lo - 2)
    while hi + 2 < len(doc) and doc[hi + 1].text == "-" and not doc[hi].whitespace_ and not doc[hi + 1].whitespace_:
        hi += 2
    if doc[lo].is_punct or doc[lo].is_space:
        return None
    return doc[lo:hi + 1]


# A lone single mark inside a clause is more often an apostrophe ("officials' view").
SINGLE_MARK_TOKENS = frozenset("'’‘‚‹›")


def _is_mark(token: Token) -> bool:
    return all(c in ALL_MARKS for c in token.text)


def _after_quote(verb: Token) -> bool:
    """Does the verb follow a closing quotation mark (inverted attribution)?"""
    doc = verb.doc
    prev = [t for t in doc[max(0, verb.i - 3):verb.i] if not t.is_space]
    while prev and prev[-1].is_punct and not _is_mark(prev[-1]) and prev[-1].text != "—":
        prev.pop()  # '"...," said': only punctuation between the mark and the verb
    return bool(prev) and (_is_mark(prev[-1]) or prev[-1].text == "—")


def _is_name_phrase(tokens: Sequence[Token], ends: bool = True) -> bool:
    """A noun phrase of determiners, adjectives, nouns and names ("Robert Reich",
    "a top Clinton adviser"), with no verb, that ends in a noun or a name
    (ends=False: any such tokens)."""
    def capitalised(t: Token) -> bool:  # a name the tagger took for something else ("said Skelly")
        return t.text[:1].isupper() and t.pos_ not in ("VERB", "AUX", "PRON")

    return bool(tokens) and (not ends or tokens[-1].pos_ in ("PROPN", "NOUN") or capitalised(tokens[-1])) and all(
        t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "NUM") or capitalised(t) or t.lower_ == "of" or t.tag_ == "POS"
        or t.text in ".-" for t in tokens)


def _name_beside(verb: Token) -> Optional[Span]:
    """The speaker's name next to an inverted verb the parser left without a
    subject: 'said Robert Reich, who served ...', or between the quote and the
    verb: '”, Gene Sperling, a top Clinton adviser, said at an event'."""
    doc = verb.doc
    line_start, line_end = line_of(verb)
    if _after_quote(verb):
        end = verb.i + 1
        while (end < len(doc) and end - verb.i <= 8 and doc[end].idx < line_end and not doc[end].is_punct
               and _is_name_phrase([doc[end]], ends=False)):
            end += 1
        while end - 1 > verb.i and (doc[end - 1].pos_ == "DET" or doc[end - 1].lower_ == "of"):
            end -= 1
        after = doc[verb.i + 1:end]
        followed_by_verb = end < len(doc) and doc[end].pos_ in ("VERB", "AUX")  # 'said Biden had been'
        if _is_name_phrase(list(after)) and any(t.text[:1].isupper() for t in after) and not followed_by_verb:
            return after
        # 'said Oversight ranking Democrat Elijah Cummings (D-Md.)': a title the tagger
        # reads as verbs, up to a name (two or more proper nouns)
        k = verb.i + 1
        while (k < min(len(doc), verb.i + 7) and verb.tag_ != "VBG" and doc[k].idx < line_end
               and doc[k].pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "DET")):
            if doc[k].pos_ == "PROPN" and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
                end = k
                while end < len(doc) and doc[end].pos_ == "PROPN":
                    end += 1
                return doc[verb.i + 1:end]
            k += 1
    # '”, NAME(, apposition,) said': the first comma-separated chunk after the closing mark
    j = verb.i - 1
    while j > max(-1, verb.i - 21):
        if doc[j].idx < line_start:
            return None
        if (_is_mark(doc[j]) and doc[j].whitespace_ and j + 1 < verb.i and doc[j + 1].is_lower
                and j > 0 and not doc[j - 1].is_punct):
            # marks inside an apposition: '”, Bill Eastland, wearing "Ted Cruz" pins, said'
            j -= 1
            while j > 0 and not _is_mark(doc[j]):
                j -= 1
        elif _is_mark(doc[j]):
            chunk = []
            for t in doc[j + 1:verb.i]:
                if t.text == "," and chunk:
                    break
                if not t.is_punct:
                    chunk.append(t)
            # ("the editorial read": the tagger may take the noun for an adjective)
            if _is_name_phrase(chunk, ends=False) and chunk[0].pos_ in ("PROPN", "DET") and chunk[-1].pos_ != "DET":
                return doc[chunk[0].i:chunk[-1].i + 1]
            return None
        j -= 1
    return None


def _subject_mention(subj: Token) -> Optional[Span]:
    """The mention a subject gives: a relative pronoun gives its antecedent
    ("Kingson, who is running and who worked the crowd, praising ...")."""
    clause = subj.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head  # "who is running and who worked the crowd"
    if subj.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl":
        return _trim_mention(clause.head)
    return _trim_mention(subj)


def speaker_of(verb: Token) -> Optional[Span]:
    """The mention that a speech verb attributes to: its subject, climbing from
    "adding that" / "was quoted as saying" to the clause that has one."""
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        pobj = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
        mention = _trim_mention(pobj[0]) if pobj else None
        if to is not None:
            # "according to Moscow political scientist Gleb Ostapenko, ...": the parser
            # may cut the phrase; take it up to the comma when it ends in a person's name.
            end = to.i + 1
            while end < len(verb.doc) and end - to.i <= 8 and (
                    verb.doc[end].pos_ in ("PROPN", "NOUN", "ADJ", "DET") or verb.doc[end].lower_ == "of"):
                end += 1
            phrase = verb.doc[to.i + 1:end]
            if (len(phrase) > 1 and phrase[-1].ent_type_ == "PERSON"
                    and (mention is None or len(phrase) > len(mention) and phrase.start <= mention.start)):
                return phrase
        return mention
    passive, agent = _passive(verb)
    if passive is not None and verb.lemma_ in ADDRESSEE_VERBS:
        # "Sanders was asked by host Bill Maher": the subject was spoken to; the
        # speaker is the agent, or nobody the text names.
        return _trim_mention(agent) if agent is not None else None
    doc = verb.doc
    quotes = doc.spans[QUOTES_KEY] if QUOTES_KEY in doc.spans else []
    node = verb
    for _ in range(4):
        line_start, line_end = line_of(node)
        subjects = [c for c in node.children
                    if c.dep_ in SUBJECT_DEPS and line_start <= c.idx < line_end and not c.is_punct]
        # '"Meh," wrote a supporter': a "subject" inside a quote is the parser's mistake
        # (not a title in marks: 'The daily "Kommersant" noted')
        subjects = [c for c in subjects if not any(q.start <= c.i < q.end and not q.start <= verb.i < q.end
                                                   for q in quotes if q.label_ == "direct" and q.text[-1:] in ",.!?…")]
        if not subjects and node is verb and _after_quote(verb) and verb.tag_ != "VBG":
            # '"...," replied Pence': the parser often takes an inverted subject for an object
            # (not '"...," telling reporters': a participle's object is its audience).
            subjects = [c for c in node.children if c.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and c.i > verb.i
                        and not c.is_punct and c.i - verb.i <= 4 and c.lower_ not in NON_PERSON_PRONOUNS]
        if not subjects and (node is verb or is_speech_verb(node)):
            beside = _name_beside(node)
            if beside is not None:
                return beside
        if not subjects and node is verb:
            # "At Boca West, where ..., Jay DiPietro, the club's president, suggested": the
            # parser hangs the subject on the fronted phrase as an apposition
            fronted = [t for c in node.children if c.dep_ == "prep" and c.i < node.i for t in c.subtree
                       if t.dep_ == "appos" and t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
            if fronted:
                return _trim_mention(fronted[-1])
            # "Sanders, meanwhile, who sits on no board, said": the parser hangs the
            # subject on the relative clause before the verb.
            subjects = [g for c in node.children if c.dep_ == "advcl" and c.i < node.i and c.tag_ != "VBG"
                        for g in c.children if g.dep_ == "nsubj" and g.lower_ not in RELATIVE_PRONOUNS
                        and any(w.dep_ == "nsubj" and w.lower_ in RELATIVE_PRONOUNS for w in c.children)]
        if subjects:
            subj = min(subjects, key=lambda c: abs(c.i - node.i))
            if subj.dep_ == "nsubjpass" and subj.lower_ == "it":
                return None  # "it was revealed that ...": nobody named
            relative = {"that", "which"} if node.dep_ == "relcl" else set()  # (their antecedent may speak)
            if node is not verb and subj.lower_ in NON_PERSON_PRONOUNS - relative:
                return None  # "It seems unfair to tell them": no speaker
            return _subject_mention(subj)
        if (node is verb and node.dep_ == "conj" and node.head.dep_ == "ccomp"
                and is_speech_verb(node.head.head)):
            # "told ABC that he agrees A and said "B"": the reporting verb's speaker,
            # not the reported clause's subject
            return speaker_of(node.head.head)
        if node.dep_ in CLIMB_DEPS and node.head is not node:
            node = node.head
            continue
        break
    if verb.tag_ == "VBG":
        # 'Flea shared the news, writing "..."': the parser may hang the participle on
        # the quote; its subject is that of the clause before it on the line.
        line_start, _ = line_of(verb)
        for tok in reversed(verb.doc[max(0, verb.i - 30):verb.i]):
            if tok.idx < line_start or tok.text in ".!?":
                break
            if tok.dep_ in SUBJECT_DEPS and tok.head.i < verb.i and tok.head.pos_ in ("VERB", "AUX"):
                return _subject_mention(tok)
    return None


def _colon_attribution(doc: Doc, span: Span) -> Optional[Tuple[Span, Span]]:
    """`Medvedev on Telegram: "..."` or `Lavrov: "..."`: mention and cue before a colon."""
    i = span.start - 1
    while i >= 0 and (doc[i].is_space or _is_mark(doc[i])):
        i -= 1
    if i < 0 or not _is_colon(doc[i]):
        return None
    colon = doc[i]
    line_start, _ = line_of(colon)
    # the intro: the line before the colon, from its last sentence end (the parser may
    # start a sentence inside "Putin on the president-elect:")
    left_tokens = []
    for t in reversed(doc[:colon.i]):
        if t.idx < line_start or t.text in (".", "!", "?", "]"):  # "[Clip] PESKOV:"
            break
        if not t.is_space:
            left_tokens.insert(0, t)
    if not left_tokens or len(left_tokens) > 25:
        return None
    left = doc[left_tokens[0].i:colon.i]
    verbs = [t for t in left if is_speech_verb(t)]
    if verbs:
        verb = verbs[-1]
        mention = speaker_of(verb)
        after = doc[verb.i + 1:colon.i]
        if mention is None and verb.i == left.start and _is_name_phrase(list(after)):
            return doc[verb.i:verb.i + 1], after  # "Stated Stone:", "Added Sen. Ann Dale:"
        return (cue_span(doc, verb), mention) if mention is not None else None
    # "Medvedev on Telegram:", "The Foreign Ministry in a statement:", "Lavrov:"
    names: List[Token] = []
    for t in left:  # "Secretary of State Antony Blinken:" (of/the between names)
        if t.pos_ == "PROPN" or (names and t.lower_ in ("of", "the") and t.i + 1 < colon.i
                                 and doc[t.i + 1].pos_ in ("PROPN", "DET")):
            names.append(t)
        else:
            break
    chunks = list(left.noun_chunks)
    if not names and left[-1].pos_ == "PROPN" and _is_name_phrase(list(left)):
        mention = left  # "Former secretary of state Hillary Rodham Clinton:" (a transcript)
    elif chunks and (not names or chunks[0].start <= names[0].i) and not (
            names and chunks[0].start == names[0].i and names[-1].i >= chunks[0].end):
        mention = chunks[0]  # "Kremlin spokesman Dmitry Peskov:"
    elif names:
        mention = doc[names[0].i:names[-1].i + 1]  # "Medvedev on Telegram:"
    else:
        return None
    if mention.start != left.start:
        # "Here they are:" introduces a list; "In Moscow, Dmitry Medvedev:" a speaker
        after_comma = [c for c in chunks if doc[c.start - 1].text == ","]
        if not after_comma:
            return None
        mention = after_comma[-1]
    rest = doc[mention.end:colon.i]
    # (a bracket or a role after the name is no cue: "Rep. Trey Gowdy (R-S.C.):",
    # "MARK DALTON, FORMER SENATE AIDE:")
    cue = (rest if len(rest) and not all(t.is_punct for t in rest) and rest[0].text not in ("(", ",")
           else doc[colon.i:colon.i + 1])
    return cue, mention


def _outside(mention: Optional[Span], quote: Span) -> bool:
    """Is there a mention, and does it lie outside the quote?"""
    return mention is not None and not (mention.start < quote.end and quote.start < mention.end)


def _tokens_above(quote: Span, max_steps: int = 6) -> Iterator[Token]:
    """The quote's heads in the parse, nearest first, outside the quote and on its line."""
    doc = quote.doc
    line_start, line_end = line_of(doc[quote.start])
    # a quote of several sentences hangs on the parse by its first one
    node = doc[quote.start:min(quote.end, doc[quote.start].sent.end)].root
    for _ in range(max_steps):
        if node.head is node:
            return
        node = node.head
        if not line_start <= node.idx < line_end:
            return
        if not quote.start <= node.i < quote.end:
            yield node


def _claim_owner(quote: Span) -> Optional[Tuple[Span, Span]]:
    """'Donald Trump's claim that Obama "founded ISIS"', 'her comment that, "..."':
    the quote completes a noun of speech; its owner is the speaker."""
    doc = quote.doc
    for node in _tokens_above(quote, max_steps=3):
        if node.pos_ in ("VERB", "AUX"):
            return None
        if node.pos_ == "NOUN" and node.lemma_.lower() in CLAIM_NOUNS:
            poss = [c for c in node.children if c.dep_ == "poss" and c.lower_ not in ("its", "their")]
            mention = _trim_mention(poss[0]) if poss else None
            return (doc[node.i:node.i + 1], mention) if _outside(mention, quote) else None
    return None


def governing_verb(quote: Span) -> Optional[Token]:
    """The first speech verb above the quote in the parse ("said" in 'Sanders said
    after the vote that he had "serious concerns"'); weak verbs ("put", "praise") do not count."""
    return next((t for t in _tokens_above(quote) if is_speech_verb(t) and t.lemma_.lower() not in WEAK_VERBS), None)


SIGN_OFF_RE = re.compile(r"[-—–]+[ \t]*((?:[A-Z][\w.'’-]*[ \t]?){1,6})")


def _is_own_paragraph(quote: Span) -> bool:
    """Is the quote, marks aside, the whole of its line?"""
    start, end = line_of(quote.doc[quote.start])
    strip = " " + "".join(ALL_MARKS)
    return quote.doc.text[start:end].strip(strip) == quote.text.strip(strip)


def _sign_off(doc: Doc, quote: Span) -> Optional[Span]:
    """A quote that is its own paragraph, signed on the next line: "- Bernie Sanders."
    (fact-checks, quote-of-the-day boxes)."""
    text = doc.text
    start, end = line_of(doc[quote.start])
    if not _is_own_paragraph(quote):
        return None
    nxt = end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    m = SIGN_OFF_RE.match(text, nxt)
    if m is None:
        return None
    name = m.group(1).rstrip().rstrip(".")
    return doc.char_span(m.start(1), m.start(1) + len(name), alignment_mode="contract")


def attribute(doc: Doc, quote: Span, cue_token: Optional[int] = None,
              continues: bool = False) -> Tuple[Optional[Span], Optional[Span]]:
    """Find (cue, speaker mention) for a quote span; (None, None) if the text has none.
    continues: the quote follows another on its line ('"A," Tenney said. "B." She
    went on: ...'), whose attribution it shares rather than the next sentence's."""
    if cue_token is not None:
        verb = doc[cue_token]
        mention = speaker_of(verb)
        if _outside(mention, quote):
            return cue_span(doc, verb), mention
    # '"...?" asked Dunn': a verb right after the closing mark beats one before the quote
    # (not a participle: '"...," saying ...' belongs to the clause before).
    j = quote.end
    while j < len(doc) and (doc[j].is_punct or doc[j].is_space) and "\n" not in doc[j].text:
        j += 1
    if (j < len(doc) and doc[j].text[:1].islower() and doc[j].tag_ != "VBG" and is_speech_verb(doc[j])
            and _after_quote(doc[j])):
        mention = speaker_of(doc[j])
        if _outside(mention, quote):
            return cue_span(doc, doc[j]), mention
    naming = _named_by_speaker(quote)
    mention = speaker_of(naming) if naming is not None else None
    if _outside(mention, quote):
        return doc[naming.i:naming.i + 1], mention
    owner = _claim_owner(quote)
    if owner is not None:
        return owner
    # The speech verb that governs the quote ('Sanders said ... that he had "..."').
    verb = governing_verb(quote)
    if verb is not None:
        mention = speaker_of(verb)
        if _outside(mention, quote) or _spoken_by_nobody(verb):
            return cue_span(doc, verb), mention
    # Speech verbs in the sentences the quote touches, outside the quote, same line.
    text = doc.text
    line_start = text.rfind("\n", 0, quote.start_char) + 1
    line_end = text.find("\n", quote.end_char)
    line_end = len(text) if line_end < 0 else line_end
    lo = doc[quote.start].sent.start
    hi = doc[quote.end - 1].sent.end
    j = quote.end
    while j < len(doc) and (doc[j].is_punct or doc[j].is_space) and doc[j].idx < line_end:
        j += 1
    found = _nearest_speech_verb(doc, quote, lo, hi, line_start, line_end)
    if found is None:
        found = _colon_attribution(doc, quote)
    if found is None:
        found = _clause_subject(doc, quote)
    if found is None and not continues and j < len(doc) and doc[j].idx < line_end and doc[j].sent.end > hi:
        # '"..." Zakharova wrote.' can be split after the mark: the next sentence
        found = _nearest_speech_verb(doc, quote, hi, doc[j].sent.end, line_start, line_end)
    if found is None:
        sign_off = _sign_off(doc, quote)
        found = (None, sign_off) if sign_off is not None else None
    if found is None:
        found = _paragraph_intro(doc, quote)
    return found if found is not None else (None, None)


def _paragraph_intro(doc: Doc, quote: Span) -> Optional[Tuple[Span, Span]]:
    """A quote that is its own paragraph after a paragraph whose last sentence
    reports speech without quoting any: 'Howard continued his remarks.' / '"..."'."""
    text = doc.text
    start, end = line_of(doc[quote.start])
    if not _is_own_paragraph(quote) or start < 2 or text[start:end].rstrip()[-1:] not in ALL_MARKS:
        return None  # (an unclosed mark: a quote of several paragraphs, cue often in the last)
    prev_end = start
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    prev_start = text.rfind("\n", 0, prev_end) + 1
    line = text[prev_start:prev_end]
    if not line.endswith(".") or any(c in ALL_MARKS and c not in "'’" for c in line):
        return None
    last = doc.char_span(prev_start, prev_end, alignment_mode="contract")
    quotes = doc.spans[QUOTES_KEY] if QUOTES_KEY in doc.spans else []
    if last is None or len(last) == 0 or any(q.start_char < prev_end and prev_start < q.end_char for q in quotes):
        return None  # 'Peskov added that ...' / '"..."': a continuation, the resolver's job
    sent = doc[last.end - 1].sent
    for tok in sent:
        if tok.idx >= prev_start and is_speech_verb(tok):
            mention = speaker_of(tok)
            if _names_someone(mention):
                return cue_span(doc, tok), mention
    return None


def _nearest_speech_verb(doc: Doc, quote: Span, lo: int, hi: int, line_start: int,
                         line_end: int) -> Optional[Tuple[Span, Span]]:
    """(cue, mention) of the speech verb in doc[lo:hi], on the quote's line and
    outside it, nearest to the quote (after it before before it) that has a speaker."""
    options = []
    for tok in doc[lo:hi]:
        if quote.start <= tok.i < quote.end or not (line_start <= tok.idx < line_end):
            continue
        if is_speech_verb(tok) or (tok.lower_ == "according" and tok.i + 1 < len(doc)
                                   and doc[tok.i + 1].lower_ == "to"):
            distance = tok.i - quote.end if tok.i >= quote.end else (quote.start - tok.i) + 0.5
            options.append((distance, tok))
    for _, verb in sorted(options, key=lambda x: x[0]):
        mention = speaker_of(verb)
        if _outside(mention, quote):
            return cue_span(doc, verb), mention
        if _spoken_by_nobody(verb):
            return cue_span(doc, verb), None
    return None


def _passive(verb: Token) -> Tuple[Optional[Token], Optional[Token]]:
    """A passive verb's subject and the agent of its by-phrase, where it has them."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    return subject, agent


def _spoken_by_nobody(verb: Token) -> bool:
    """'Blumenthal was asked, "...?"', 'it was revealed that ...': a passive speech
    verb whose speaker is not in the text."""
    subject, agent = _passive(verb)
    return subject is not None and agent is None and (verb.lemma_ in ADDRESSEE_VERBS or subject.lower_ == "it")


def _clause_subject(doc: Doc, quote: Span) -> Optional[Tuple[Span, Span]]:
    """A quote that is part of a clause with another verb: 'Gorab called the show
    "the news show of record"', 'the protesters chanted "..."': the subject of the
    nearest verb above it that has a person-like one ("it", "that" are not).
    Not for a word or two in marks, more often scare quotes than speech."""
    words = [t for t in quote if not (t.is_punct or t.is_space)]
    if len(words) < 3:
        return None
    for node in _tokens_above(quote):
        if node.pos_ not in ("VERB", "AUX"):
            continue
        mention = speaker_of(node)
        if not _outside(mention, quote):
            continue
        if not _names_someone(mention):
            continue
        return doc[node.i:node.i + 1], mention
    return None


# Nouns of speech whose owner says what completes them ("her claim that ...").
CLAIM_NOUNS = frozenset("""claim comment remark statement assertion argument suggestion warning promise
    pledge insistence contention charge accusation declaration assurance vow boast prediction""".split())
NON_PERSON_PRONOUNS = frozenset("it that this which what there these those".split())


def _names_someone(mention: Optional[Span]) -> bool:
    """A mention other than a lone "it", "that", "this" ..."""
    return mention is not None and not (len(mention) == 1 and mention[0].lower_ in NON_PERSON_PRONOUNS)


def continuation_groups(doc: Doc, quotes: List[Span]) -> Dict[int, int]:
    """Map quote index -> index of the earlier quote whose attribution it shares:
    an interrupted quote ("A," he said. "B.") in the same line, or the next
    paragraph of an unclosed multi-paragraph quote."""
    text = doc.text
    out: Dict[int, int] = {}
    for i in range(1, len(quotes)):
        prev, cur = quotes[i - 1], quotes[i]
        between = text[prev.end_char:cur.start_char]
        if "\n" not in between:
            out[i] = i - 1
        elif (prev.label_ == cur.label_ == "direct" and between.startswith("\n")
              and between.strip() in ('"', "“", "«", "„", "‘", "'", "‹")):
            out[i] = i - 1  # the next paragraph of an unclosed multi-paragraph quote
    return out
