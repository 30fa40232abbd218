"""Registered corpus readers."""
from pathlib import Path
import random
from typing import Callable, Iterable, Iterator, List, Optional, Union

from spacy.language import Language
from spacy.training import Corpus, Example
from spacy.util import registry

from .extensions import install_extensions


@registry.readers("quoteattr.Corpus.v1")
def create_corpus_reader(
    path: Optional[Union[str, Path]],
    gold_preproc: bool = False,
    max_length: int = 0,
    limit: int = 0,
    shuffle: bool = False,
    annotate: Optional[List[str]] = None,
) -> Callable[[Language], Iterable[Example]]:
    """Like spacy.Corpus.v1, but the predicted docs keep the record id and meta
    (the article date), which the resolver and the stance tagger read.

    annotate (Optional[List[str]]): components that annotate the predicted docs
        once, when the corpus is first read, instead of on every training step
        (`[training] annotating_components`). Use it for frozen and rule-based
        components: their output never changes during training, and the stance
        tagger then trains many times faster.
    """
    install_extensions()
    corpus = Corpus(path, gold_preproc=gold_preproc, max_length=max_length, limit=limit, shuffle=False)
    cache: List[Example] = []

    def read(nlp: Language) -> Iterator[Example]:
        if not cache:
            examples = list(corpus(nlp))
            for eg in examples:
                eg.predicted._.meta = dict(eg.reference._.meta or {})
                eg.predicted._.record_id = eg.reference._.record_id
            if not annotate:
                yield from examples
                return
            docs = [eg.predicted for eg in examples]
            for name, proc in nlp.pipeline:
                if name in annotate:
                    docs = list(proc.pipe(docs) if hasattr(proc, "pipe") else map(proc, docs))
            cache.extend(Example(doc, eg.reference) for doc, eg in zip(docs, examples))
        order = list(cache)
        if shuffle:
            random.shuffle(order)
        yield from order

    return read


def load_examples(nlp: Language, path: Union[str, Path], strict: bool = False) -> list:
    """Gold examples from a DocBin (.spacy) or a schema JSONL file.

    strict (bool): for JSONL, require spans on token boundaries. External
        corpora were tokenized otherwise, so by default spans expand to tokens.
    """
    path = Path(path)
    if path.suffix == ".spacy":
        return list(create_corpus_reader(path)(nlp))
    from .convert.jsonl import iter_jsonl
    from .records import Record, doc_from_record

    examples = []
    for where, data in iter_jsonl(path):
        record = Record.from_dict(data)
        ref = doc_from_record(nlp, record, where=where, strict=strict)
        pred = nlp.make_doc(record.text)
        pred._.meta, pred._.record_id = dict(ref._.meta or {}), ref._.record_id
        examples.append(Example(pred, ref))
    return examples
