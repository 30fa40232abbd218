"""Pure quote-mark pairing and cue rules."""
import pytest

from quoteattr.rules.quote_marks import pair_marks


def contents(text):
    return [text[s.start:s.end] for s in pair_marks(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('"Things cannot get worse," he added.', ["Things cannot get worse,"]),
        ("“We are ready,” Lavrov said.", ["We are ready,"]),
        ("'We are ready,' Lavrov said.", ["We are ready,"]),
        ("‘We are ready,’ Lavrov said.", ["We are ready,"]),
        ("«Мы готовы к диалогу», — заявил он.", ["Мы готовы к диалогу"]),
        ("„Wir sind bereit“, sagte er.", ["Wir sind bereit"]),
        # odd real-world mix: straight open, curly close
        ('"We are ready,” he said.', ["We are ready,"]),
        # a space between a closing single mark and the closing double mark
        ("\"Then someone says, 'Keep it alive,' \" said Carla Rossi.", ["Then someone says, 'Keep it alive,'"]),
        # doubled apostrophes, as in NYT archives and LexisNexis dumps
        ("''We are ready,'' he said. ''Its \"red lines\" are clear.''", ["We are ready,", 'Its "red lines" are clear.']),
    ],
)
def test_each_mark_style(text, expected):
    assert contents(text) == expected


def test_nested_quote_stays_one_quote():
    text = "“He told us ‘no deal’ and left,” Lavrov said."
    spans = pair_marks(text)
    assert len(spans) == 1
    assert text[spans[0].start:spans[0].end] == "He told us ‘no deal’ and left,"
    assert [text[i.start:i.end] for i in spans[0].inner] == ["no deal"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("'Russia's position hasn't changed since the '90s,' he said.", ["Russia's position hasn't changed since the '90s,"]),
        ("‘The officials’ view is clear,’ she said.", ["The officials’ view is clear,"]),
        ("Putin's aide said Russia's economy is fine.", []),
    ],
)
def test_apostrophes_are_not_marks(text, expected):
    assert contents(text) == expected


def test_unclosed_paragraph_quote_runs_to_line_end():
    text = '"We have never been naive.\n\n"But if there is a will, we talk," he said.'
    spans = pair_marks(text)
    assert [text[s.start:s.end] for s in spans] == ["We have never been naive.", "But if there is a will, we talk,"]
    assert spans[0].closed is False and spans[1].closed is True


def test_stray_mark_does_not_swallow_the_article():
    text = 'He spoke at the forum "Discussion Club "Valdai" in Sochi.\n\nLater he said: "We are ready."'
    spans = contents(text)
    assert "Valdai" in spans
    assert "We are ready." in spans
    assert not any("Later" in s for s in spans)


def test_empty_and_markless_text():
    assert pair_marks("") == []
    assert pair_marks("No quotes at all here.") == []


def test_a_stray_space_before_a_closing_curly_mark_still_closes():
    text = '"I regret taking that advice, ” he said, looking back at the race.'
    assert contents(text) == ["I regret taking that advice,"]
