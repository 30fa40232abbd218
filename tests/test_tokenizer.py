import spacy

from quoteattr.tokenizer import split_glued_marks

from .conftest import BASE_MODEL


def rules_pipeline():
    nlp = spacy.load(BASE_MODEL)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("quote_finder")
    nlp.add_pipe("speaker_attributor")
    return nlp


def test_a_mark_glued_to_its_neighbours_is_its_own_token():
    nlp = split_glued_marks(spacy.blank("en"))
    words = [t.text for t in nlp.make_doc('Ryan said,“Look here.” I love tacos!”Former Gov. Bush said,"No."')]
    assert words[:5] == ["Ryan", "said", ",", "“", "Look"]
    assert words[10:14] == ["tacos", "!", "”", "Former"]
    assert words[-6:] == ["said", ",", '"', "No", ".", '"']
    # numbers, abbreviations and ordinary marks keep their tokens
    assert [t.text for t in nlp.make_doc('a 3.5"wide screen, e.g. "this"')] == \
        ["a", '3.5"wide', "screen", ",", "e.g.", '"', "this", '"']


def test_glued_quote_keeps_its_speaker_outside_and_the_setting_survives_saving():
    nlp = split_glued_marks(rules_pipeline())
    split_glued_marks(nlp)  # a second call adds nothing
    doc = nlp('Headline\n\nRyan said,“Look, anti-Semitic images have no place in a campaign.”')
    (quote,) = doc.spans["quotes"]
    assert quote.text == "Look, anti-Semitic images have no place in a campaign."
    assert (quote._.cue.text, quote._.speaker_span.text) == ("said", "Ryan")
    reloaded = spacy.load(BASE_MODEL)
    reloaded.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [t.text for t in reloaded.make_doc("said,“Look")] == ["said", ",", "“", "Look"]
