"""quote_finder: direct, indirect and mixed quotes into doc.spans["quotes"]."""
from typing import Callable, Iterable, List, Optional

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, SpanGroup
from spacy.training import Example

from ..constants import CUES_KEY, QUOTES_KEY, SPEAKERS_KEY, STANCE_ATTR
from ..errors import Errors
from ..extensions import install_extensions
from ..records import quote_id
from ..rules.attribution import (Candidate, direct_candidates, indirect_candidates, merge_candidates,
                                 transcript_candidates)
from ..scorer import score_quotes


@Language.factory(
    "quote_finder",
    assigns=["doc.spans"],
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents"],
    default_config={
        "indirect": True,
        "keep_negatives": False,
        "min_direct_words": 1,
        "scorer": {"@scorers": "quoteattr.quote_scorer.v1"},
    },
    default_score_weights={
        "quote_overlap_f": 0.5,
        "quote_exact_f": 0.1,
        "quote_overlap_p": None,
        "quote_overlap_r": None,
        "quote_overlap_direct_f": None,
        "quote_overlap_indirect_f": None,
        "quote_overlap_mixed_f": None,
    },
)
def make_quote_finder(
    nlp: Language,
    name: str,
    *,
    indirect: bool,
    keep_negatives: bool,
    min_direct_words: int,
    scorer: Optional[Callable],
) -> "QuoteFinder":
    return QuoteFinder(nlp.vocab, name=name, indirect=indirect, keep_negatives=keep_negatives,
                       min_direct_words=min_direct_words, scorer=scorer)


class QuoteFinder(Pipe):
    """Find quotes: marked spans (every mark style, nested and unclosed), reported
    clauses of speech verbs and "according to", and mixed quotes that combine them.

    Titles, scare quotes, headlines and captions are left out.
    """

    def __init__(self, vocab, name: str = "quote_finder", *, indirect: bool = True,
                 keep_negatives: bool = False, min_direct_words: int = 1,
                 scorer: Optional[Callable] = score_quotes) -> None:
        if not isinstance(min_direct_words, int) or min_direct_words < 1:
            raise ValueError(Errors.E041.format(name=name, setting="min_direct_words",
                                                expected="a positive int", value=min_direct_words))
        install_extensions()
        self.vocab = vocab
        self.name = name
        self.cfg = {"indirect": indirect, "keep_negatives": keep_negatives, "min_direct_words": min_direct_words}
        self.scorer = scorer

    def candidates(self, doc: Doc) -> List[Candidate]:
        directs = direct_candidates(doc)
        marks = [d.mark for d in directs if d.mark is not None]
        if not self.cfg["keep_negatives"]:
            directs = [d for d in directs if d.negative is None]
        directs = [d for d in directs if len(doc.text[d.start:d.end].split()) >= self.cfg["min_direct_words"]]
        indirects = indirect_candidates(doc, marks) if self.cfg["indirect"] and doc.has_annotation("DEP") else []
        if self.cfg["indirect"]:
            indirects += transcript_candidates(doc)
        return merge_candidates(doc, directs, indirects)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for c in self.candidates(doc):
            span = doc.char_span(c.start, c.end, label=c.type, alignment_mode="expand")
            if span is None or (spans and span.start < spans[-1].end):
                continue
            span.id_ = quote_id(len(spans))
            spans.append(span)
        doc.spans[QUOTES_KEY] = SpanGroup(doc, name=QUOTES_KEY, attrs={STANCE_ATTR: {}}, spans=spans)
        doc.spans[CUES_KEY] = []
        doc.spans[SPEAKERS_KEY] = []
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128):
        error_handler = self.get_error_handler()
        for doc in stream:
            try:
                yield self(doc)
            except Exception as e:
                error_handler(self.name, self, [doc], e)

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None) -> None:
        pass
