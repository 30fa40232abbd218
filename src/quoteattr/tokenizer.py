"""Tokenizer settings for news text: quotation marks glued to the words around them.

Scraped and hastily typed news glues marks to their neighbours: 'Ryan said,"Look, ...',
'... I love Hispanics!”Former governor ...'. The base English tokenizer keeps
'said,"Look' as one token, so a quote would start inside a token and take "said," with
it. These infixes split the mark (and the punctuation before it) off.
"""
import re
from typing import Callable

from spacy.language import Language
from spacy.util import registry

MARKS = "\"“”«»„"
GLUED_MARK_INFIXES = (
    rf"(?<=\w)[,.:;!?](?=[{MARKS}]\w)",  # the comma of 'said,"Look', the "!" of 'Hispanics!”Former'
    rf"(?<=[,.:;!?])[{MARKS}](?=\w)",  # the mark itself
)


def split_glued_marks(nlp: Language) -> Language:
    """Add the glued-mark infixes to nlp's tokenizer, keeping its own infixes."""
    finditer = nlp.tokenizer.infix_finditer
    own = finditer.__self__.pattern if finditer is not None else None
    if own is not None and GLUED_MARK_INFIXES[0] in own:
        return nlp  # already there
    patterns = ([own] if own else []) + list(GLUED_MARK_INFIXES)
    nlp.tokenizer.infix_finditer = re.compile("|".join(patterns)).finditer
    return nlp


@registry.callbacks("quoteattr.split_glued_marks.v1")
def make_split_glued_marks() -> Callable[[Language], Language]:
    """[initialize.after_init] callback: the trained pipeline saves the tokenizer with it."""
    return split_glued_marks
