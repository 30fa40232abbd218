"""Every registered name is an entry point that resolves in the registry."""
import sys

if sys.version_info >= (3, 10):
    from importlib.metadata import entry_points
else:  # pragma: no cover
    from importlib_metadata import entry_points

import pytest
import spacy
from spacy.util import registry

GROUPS = {
    "spacy_architectures": "architectures",
    "spacy_scorers": "scorers",
    "spacy_readers": "readers",
}


def ours(group):
    return sorted(ep.name for ep in entry_points(group=group) if ep.value.startswith("quoteattr."))


def test_every_component_is_an_entry_point():
    assert ours("spacy_factories") == sorted(
        ["paragraph_boundaries", "quote_finder", "speaker_attributor", "speaker_resolver", "stance_tagger",
         "whole_text_statement"])


@pytest.mark.parametrize("name", ours("spacy_factories"))
def test_factory_resolves(name):
    nlp = spacy.blank("en")
    nlp.add_pipe(name)
    assert nlp.pipe_names == [name]


@pytest.mark.parametrize("group,name", [(g, n) for g in GROUPS for n in ours(g)])
def test_registered_function_resolves(group, name):
    assert callable(registry.get(GROUPS[group], name))


def test_no_registered_name_is_missing_an_entry_point():
    for group, reg in GROUPS.items():
        registered = sorted(n for n in getattr(registry, reg).get_all() if n.startswith("quoteattr."))
        assert registered == ours(group)
