"""paragraph_boundaries: start a sentence after every line break, before the parser.

News dumps put headlines, bylines, captions and paragraphs on their own lines;
the parser joins them into one sentence when a line has no final full stop.
Run before the parser, this component makes each line begin a sentence (the
parser keeps preset boundaries), so no parse, quote or speaker runs across lines.
"""
from spacy.language import Language
from spacy.tokens import Doc


def paragraph_boundaries(doc: Doc) -> Doc:
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or (token.is_space and "\n" in token.text_with_ws):
            doc[i + 1].is_sent_start = True
        elif token.text_with_ws.endswith("\n"):
            doc[i + 1].is_sent_start = True
    return doc


@Language.factory("paragraph_boundaries", assigns=["token.is_sent_start"])
def make_paragraph_boundaries(nlp: Language, name: str):
    return paragraph_boundaries
