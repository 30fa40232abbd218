"""whole_text_statement: the whole text is one statement by its author.

For social posts, headlines and press releases that have no quotation marks:
`statement_pipeline(nlp)` swaps the quote components for this one, so the
stance_tagger tags the stance of the whole text.
"""
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from ..constants import CUES_KEY, QUOTES_KEY, SPEAKERS_KEY, STANCE_ATTR
from ..records import quote_id

QUOTE_PIPES = ("quote_finder", "speaker_attributor", "speaker_resolver")


def whole_text_statement(doc: Doc) -> Doc:
    spans = [Span(doc, 0, len(doc), label="direct", span_id=quote_id(0))] if len(doc) else []
    doc.spans[QUOTES_KEY] = SpanGroup(doc, name=QUOTES_KEY, attrs={STANCE_ATTR: {}}, spans=spans)
    doc.spans[CUES_KEY] = []
    doc.spans[SPEAKERS_KEY] = []
    return doc


@Language.factory("whole_text_statement", assigns=["doc.spans"])
def make_whole_text_statement(nlp: Language, name: str):
    return whole_text_statement


def statement_pipeline(nlp: Language) -> Language:
    """Turn a quoteattr pipeline into one that treats each text as one statement
    (in place). RETURNS (Language): the same nlp object."""
    for name in QUOTE_PIPES:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    if "whole_text_statement" not in nlp.pipe_names:
        before = {"before": "stance_tagger"} if "stance_tagger" in nlp.pipe_names else {}
        nlp.add_pipe("whole_text_statement", **before)
    return nlp
