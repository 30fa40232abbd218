"""speaker_attributor: link each quote to its cue and speaker mention."""
from typing import Callable, Iterable, List, Optional, Tuple

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span
from spacy.training import Example

from ..constants import CUES_KEY, QUOTES_KEY, SPEAKERS_KEY
from ..extensions import install_extensions
from ..rules.attribution import attribute, continuation_groups, indirect_candidates, transcript_attributions


@Language.factory(
    "speaker_attributor",
    assigns=["doc.spans", "doc.spans"],
    requires=["doc.spans", "token.dep", "doc.sents"],
    default_config={},
    default_score_weights={},
)
def make_speaker_attributor(nlp: Language, name: str) -> "SpeakerAttributor":
    return SpeakerAttributor(nlp.vocab, name=name)


class SpeakerAttributor(Pipe):
    """Attach a cue and a speaker mention to every quote in doc.spans["quotes"].

    Handles the subject of the speech verb, inverted cues ("said Peskov"),
    passives ("was quoted as saying"), "according to X", colon forms
    ("Medvedev on Telegram: ..."), interrupted quotes ("A," he said. "B.") and
    multi-paragraph quotes (the attribution of one paragraph serves them all).
    A quote that continues the previous speaker's turn keeps no cue and no
    mention; the speaker_resolver carries the speaker over.
    """

    def __init__(self, vocab, name: str = "speaker_attributor") -> None:
        install_extensions()
        self.vocab = vocab
        self.name = name
        self.cfg: dict = {}

    def __call__(self, doc: Doc) -> Doc:
        if QUOTES_KEY not in doc.spans:
            return doc
        quotes = list(doc.spans[QUOTES_KEY])
        # The cue token of an indirect quote is the verb that governs its clause.
        cue_tokens = {}
        for cand in indirect_candidates(doc) if doc.has_annotation("DEP") else []:
            cue_tokens[(cand.start, cand.end)] = cand.cue_token
        groups = continuation_groups(doc, quotes)
        turns = transcript_attributions(doc)  # a transcript turn is its label's
        found: List[Tuple[Optional[Span], Optional[Span]]] = []
        for i, q in enumerate(quotes):
            if q.start_char in turns:
                found.append(turns[q.start_char])
                continue
            hint = cue_tokens.get((q.start_char, q.end_char))
            if hint is None:
                hint = next((tok for (s, e), tok in cue_tokens.items() if s <= q.start_char < e), None)
            # after a direct quote on the same line ('"A," she said. "B."'), not after a
            # reported clause ('... said Lynch could stay. "A bribe?" Trump asked.')
            before = quotes[groups[i]] if i in groups else None
            continues = (before is not None and before.label_ == "direct"
                         and "\n" not in doc.text[before.end_char:q.start_char])
            found.append(attribute(doc, q, hint, continues) if doc.has_annotation("DEP") else (None, None))
        # Share attributions inside groups: forwards, then backwards (the cue of a
        # multi-paragraph quote is often in its last paragraph).
        for i in sorted(groups):
            j = groups[i]
            if found[i] == (None, None) and found[j] != (None, None):
                found[i] = found[j]
        for i in sorted(groups, reverse=True):
            j = groups[i]
            if found[j] == (None, None) and found[i] != (None, None):
                found[j] = found[i]
        cues, mentions = [], []
        for q, (cue, mention) in zip(quotes, found):
            if cue is not None:
                cues.append(Span(doc, cue.start, cue.end, label="CUE", span_id=q.id_))
            if mention is not None:
                mentions.append(Span(doc, mention.start, mention.end, label="SPEAKER", span_id=q.id_))
        doc.spans[CUES_KEY] = cues
        doc.spans[SPEAKERS_KEY] = mentions
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
