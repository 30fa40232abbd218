from . import paragraphs, quote_finder, speaker_attributor, speaker_resolver, stance_tagger, statement  # noqa: F401
