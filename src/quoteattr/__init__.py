"""quoteattr: who said what about whom in the news, as spaCy components.

    import spacy
    nlp = spacy.load("quoteattr")          # the trained CPU pipeline
    doc = nlp(text)
    for quote in doc.spans["quotes"]:
        print(quote.text, quote._.speaker, quote._.stance)
"""
import importlib
from typing import Any

from .about import __version__
from .errors import Errors
from .extensions import install_extensions
from .records import Quote, Record, doc_from_record, to_record, to_records

install_extensions()

from . import pipeline, readers, scorer, tokenizer  # noqa: E402,F401  (register factories, readers, scorers, callbacks)
from .render import render  # noqa: E402

VARIANTS = {"cpu": "en_quoteattr_cpu", "trf": "en_quoteattr_trf"}


def load(variant: str = "cpu", **overrides: Any):
    """Load a trained quoteattr pipeline; `spacy.load("quoteattr")` calls this.

    variant (str): "cpu" (default) or "trf", the packages `spacy project run all`
        installs (`--vars.config trf` for the transformer one).
    overrides: passed to spacy.load (vocab, disable, enable, exclude, config).
    RETURNS (Language): the pipeline.
    """
    if variant not in VARIANTS:
        raise ValueError(Errors.E051.format(variant=variant, options=list(VARIANTS)))
    try:
        module = importlib.import_module(VARIANTS[variant])
    except ImportError:
        raise OSError(Errors.E050) from None
    return module.load(**overrides)


__all__ = [
    "__version__",
    "load",
    "render",
    "Quote",
    "Record",
    "doc_from_record",
    "to_record",
    "to_records",
    "install_extensions",
]
