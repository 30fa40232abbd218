"""Derive the categories the corpus report and the evaluation break down by.

Speaker forms, attribution shapes and quotation-mark styles are read off a
gold quote and its text (with the KB for names), so no annotator types them.
"""
import re
from typing import Any, Dict, Optional, Set

from .constants import ALL_MARKS, MARK_STYLES, PRONOUNS
from .kb import KnowledgeBase

SPEAKER_FORMS = (
    "full_name", "surname", "title", "title_name", "pronoun", "unnamed",
    "continuation", "inverted", "according_to", "colon", "written",
)
MARK_KINDS = ("straight", "curly", "single", "guillemets", "nested", "unclosed", "apostrophe")
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "the", "'s", "’s"}
WRITTEN_WORDS = re.compile(
    r"\b(wrote|writes|write|writing|written|posted|posts|post|tweeted|tweet|statement|"
    r"telegram|published|letter|blog|column|op-ed|communiqu[eé]|channel|message|vk|"
    r"on x|decree|notice|note)\b",
    re.IGNORECASE,
)
UNNAMED = re.compile(
    r"\b(official|officials|source|sources|diplomat|diplomats|aide|aides|insider|insiders|"
    r"person|people|analyst|analysts|observer|observers|expert|experts|spokes\w*|"
    r"ministry|kremlin|embassy|agency|office|service|committee|mission|press)\b",
    re.IGNORECASE,
)
APOSTROPHE = re.compile(r"\w['’]\w|\w['’](?=\s|$|[,.;:!?])|['’]\d0s")


def _name_tokens(speaker: str, kb: Optional[KnowledgeBase]) -> Dict[str, Set[str]]:
    person = kb.lookup(speaker) if kb is not None else None
    names = [speaker] + (person.aliases if person is not None else [])
    full = {n.lower() for n in names if len(n.split()) > 1}
    single = {n.lower() for n in names if len(n.split()) == 1}
    single.add(speaker.split()[-1].lower())
    return {"full": full, "single": single}


def mention_form(mention: str, speaker: Optional[str], kb: Optional[KnowledgeBase]) -> str:
    """Classify a speaker mention: full_name, surname, title, title_name, pronoun or unnamed."""
    low = mention.lower().strip()
    if low in PRONOUNS:
        return "pronoun"
    if speaker:
        names = _name_tokens(speaker, kb)
        for full in names["full"]:
            if full in low:
                rest = low.replace(full, " ").split()
                return "title_name" if [t for t in rest if t not in HONORIFICS] else "full_name"
        tokens = re.findall(r"[\w.'’-]+", low)
        stripped = [t.rstrip(".") for t in tokens]
        for single in names["single"]:
            if single in stripped or single + "'s" in tokens or single + "’s" in tokens:
                rest = [t for t, s in zip(tokens, stripped) if s != single and t not in HONORIFICS]
                return "title_name" if rest else "surname"
        # Unnamed sources keep their mention as the speaker ("a senior official").
        if speaker.lower().removeprefix("the ") in low and UNNAMED.search(low):
            return "unnamed"
        return "title"
    return "unnamed"


def speaker_forms(text: str, quote: Dict[str, Any], kb: Optional[KnowledgeBase] = None) -> Set[str]:
    """RETURNS (Set[str]): the SPEAKER_FORMS a gold quote shows (several may apply)."""
    forms: Set[str] = set()
    cue, span, speaker = quote.get("cue"), quote.get("speaker_span"), quote.get("speaker")
    if span is not None:
        forms.add(mention_form(text[span[0]:span[1]], speaker, kb))
    if cue is None:
        if speaker:
            forms.add("continuation")
        return forms
    cue_text = text[cue[0]:cue[1]].lower()
    if cue_text.startswith("according to"):
        forms.add("according_to")
    elif span is not None and cue[0] < span[0]:
        forms.add("inverted")
    attribution_end = max(cue[1], span[1] if span is not None else cue[1])
    if cue_text.strip() == ":" or (
        attribution_end <= quote["start"]
        and text[attribution_end:quote["start"]].strip(" \n\"'“”‘’«»„").endswith(":")
    ):
        forms.add("colon")
    # The channel often follows the verb: "said in a statement", "wrote on Telegram".
    if WRITTEN_WORDS.search(text[cue[0]:cue[1] + 25]):
        forms.add("written")
    return forms


def mark_kinds(text: str, quote: Dict[str, Any]) -> Set[str]:
    """RETURNS (Set[str]): quotation-mark kinds (MARK_KINDS) of a direct or mixed quote."""
    kinds: Set[str] = set()
    start, end = quote["start"], quote["end"]
    content = text[start:end]
    if quote.get("type") == "direct":
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if before in MARK_STYLES:
            kinds.add(MARK_STYLES[before])
        if after not in ALL_MARKS and (after in ("", "\n")):
            kinds.add("unclosed")
    else:
        for ch in content:
            if ch in MARK_STYLES and ch not in "'‘":
                kinds.add(MARK_STYLES[ch])
                break
    if APOSTROPHE.search(content):
        kinds.add("apostrophe")
    if quote.get("type") == "direct":
        masked = APOSTROPHE.sub("", content)
        if any(ch in ALL_MARKS for ch in masked):
            kinds.add("nested")
    return kinds
