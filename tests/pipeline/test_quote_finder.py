import pytest
import spacy

from quoteattr.records import to_record


def quote_texts(doc):
    return [(q.label_, q.text) for q in doc.spans["quotes"]]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('"Things cannot get worse," he added.', [("direct", "Things cannot get worse,")]),
        ("“We are ready,” Lavrov said.", [("direct", "We are ready,")]),
        ("'We are ready,' Lavrov said.", [("direct", "We are ready,")]),
        ("«We are ready», Zakharova said.", [("direct", "We are ready")]),
        ("„We are ready“, the minister said.", [("direct", "We are ready")]),
        ("“He told us ‘no deal’ and left,” Lavrov said.", [("direct", "He told us ‘no deal’ and left,")]),
        ("'Russia's stance hasn't changed,' he said.", [("direct", "Russia's stance hasn't changed,")]),
    ],
)
def test_direct_quotes_in_every_mark_style(rules_nlp, text, expected):
    assert quote_texts(rules_nlp("Headline\n\n" + text)) == expected


def test_unclosed_multi_paragraph_quote_is_one_quote_per_paragraph(rules_nlp):
    text = ('Talks resume\n\n"We have never been naive about Washington.\n\n'
            '"But if there is a will to talk, we will not refuse," Ryabkov told TASS.')
    assert quote_texts(rules_nlp(text)) == [
        ("direct", "We have never been naive about Washington."),
        ("direct", "But if there is a will to talk, we will not refuse,"),
    ]


def test_broken_mark_recovers_at_paragraph_end(rules_nlp):
    text = ('Forum opens\n\nPutin spoke at the "Discussion Club "Valdai" in Sochi on Thursday.\n\n'
            '"We will work with any president," Putin said.')
    assert quote_texts(rules_nlp(text)) == [("direct", "We will work with any president,")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Putin said on Wednesday that nothing will change in relations with Washington.",
         [("indirect", "nothing will change in relations with Washington")]),
        ("According to Peskov, the dialogue with the new administration remains open.",
         [("indirect", "the dialogue with the new administration remains open")]),
        ("The sanctions would hurt ordinary Americans most, Zakharova told reporters.",
         [("indirect", "The sanctions would hurt ordinary Americans most")]),
        ('Putin said the conviction was the result of "the use of the courts in a political fight."',
         [("mixed", 'the conviction was the result of "the use of the courts in a political fight."')]),
        # two reported statements joined by "and that" are two quotes
        ("Peskov said the call had been long and that no date for a summit had been set.",
         [("indirect", "the call had been long"), ("indirect", "no date for a summit had been set")]),
        # the reporter's words before marks that cover most of the clause still make it mixed
        ('The senator said Biden was "writing blank cheques to Kyiv while families wait."',
         [("mixed", 'Biden was "writing blank cheques to Kyiv while families wait."')]),
        # a mixed clause the parse ends inside its marks still ends after the closing mark
        ('A White House spokesman said the administration was "following the situation closely."',
         [("mixed", 'the administration was "following the situation closely."')]),
        ("Trump told reporters that a deal would be “good for both sides.”",
         [("mixed", "a deal would be “good for both sides.”")]),
        # the reporter's aside after the last mark, set off by a comma or a dash, is not quoted
        ('Harris told supporters the result should be a reason "to organise harder", a line that drew the '
         "longest applause of the evening.",
         [("mixed", 'the result should be a reason "to organise harder"')]),
        ('Xi said China and Russia would "stand together" against bullying in trade — a veiled reference to Washington.',
         [("mixed", 'China and Russia would "stand together" against bullying in trade')]),
        # ... but a clause that is the marked words alone is a direct quote
        ('Peskov said: "The call was long and no date has been set."',
         [("direct", "The call was long and no date has been set.")]),
    ],
)
def test_indirect_and_mixed_quotes(rules_nlp, text, expected):
    assert quote_texts(rules_nlp("Headline\n\n" + text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Putin addressed the "Valdai" club in Sochi on Thursday.',
        "The newspaper «Izvestia» ran the story on its front page.",
        # a title named right before its marks, even with a speech verb after them
        "Earlier the newspaper «Vedomosti» reported the story first.",
        'A panel titled "Russia and the USA: Is There Life After Sanctions?" was dropped from the programme.',
        # links to other stories, crossheads, photographs
        'The talks ended late.\n\nRead more: Lavrov: "The summit showed who is isolated"\n\nThe talks resume today.',
        "The talks ended late.\n\nRelated: 'A pause, not peace' | Why Europe is wary\n\nThe talks resume today.",
        "The talks ended late.\n\nKremlin: 'They know our phone number'\n\nThe talks resume today.",
        "The talks ended late.\n\nPhotograph: the minister in Munich. ‘You will be held to account’\n\nThe talks resume.",
        "The talks ended late.\n\nPhoto: the envoy at the Kremlin. 'Nobody will apologise', he said. (AFP)\n\nThe talks resume.",
        # a speech verb nearby but not introducing the marks
        'The interview was published by the newspaper "Vedomosti".\n\nThe minister left for Minsk.',
        'Moscow dismissed the so-called "peace plan" as a stunt.',
        # ... even with a speech verb after them
        'Medvedev, who was president when a "reset" was launched, suggested a new start.',
        'Her 2019 memoir, "The Truths We Hold", is said to be on several desks.',
        'Medvedev: "We are ready for anything"\n\nThe former president posted again on Monday.',
        "Talks stall in Riyadh\n\nPhoto: Lavrov arrives in Riyadh. \"A good start\" (Reuters)",
        # indirect questions are not statements
        "Asked whether Moscow would share its data with Washington, Peskov smiled.",
        "Putin explained why he had not yet congratulated the winner.",
        # a standfirst or related link in the present tense, with no full stop
        "Talks in Riyadh\n\nKremlin says Putin was joking about his preference\n\nThe talks began on Monday.",
        "Talks in Munich\n\nUS vice-president's speech draws furious response from Moscow; Kremlin says it will not answer 'every statement'\n\nBy A. Writer",
        # links listed under a heading, and state media's "Also on the subject:"
        'The talks ended.\n\nRelated coverage\n\n→ Witkoff: sanctions relief “not on the table yet”\n'
        '- Kremlin confirms interview, says host holds "a different position"\n\nComments are closed.',
        "The talks ended.\n\nAlso on the subject: Medvedev: «The Americans have confused the front with a stock exchange»",
        "The talks ended.\n\nRead also:\n«We are not going to attack»: Peskov on the military doctrine\nPutin lands.",
        # somebody's term for something
        'Trade goes to what officials call "friendly" jurisdictions, as the minister says.',
        'Russia denies war crimes in what it calls its "special military operation".',
    ],
)
def test_titles_scare_quotes_headlines_and_captions_are_not_quotes(rules_nlp, text):
    doc = rules_nlp(text if "\n" in text else "Headline\n\n" + text)
    assert quote_texts(doc) == []


def test_empty_and_one_token_docs(rules_nlp):
    assert quote_texts(rules_nlp("")) == []
    assert quote_texts(rules_nlp("Hello")) == []
    assert quote_texts(rules_nlp('"')) == []


def test_works_without_a_parser(blank_nlp):
    blank_nlp.add_pipe("quote_finder")
    doc = blank_nlp('Headline\n\n"We are ready to talk," Peskov said.')
    assert quote_texts(doc) == [("direct", "We are ready to talk,")]


def test_pipe_equals_call(rules_nlp):
    texts = ['Head\n\n"A thing," he said.', "Head\n\nLavrov said talks went well on Monday.", ""]
    assert [to_record(d) for d in rules_nlp.pipe(texts, batch_size=2)] == [to_record(rules_nlp(t)) for t in texts]


def test_invalid_setting_is_a_coded_error():
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="E041"):
        nlp.add_pipe("quote_finder", config={"min_direct_words": 0})


def test_a_short_quote_that_ends_its_paragraph_after_an_intro_is_a_quote(rules_nlp):
    # the line break after the quote must not hide the speech verb before it
    for text in ('He answered, “I have no idea.”', 'A man in the crowd yelled “Stay there!”'):
        doc = rules_nlp("Headline\n\n" + text + "\n\nThe rally ended at nine.")
        assert quote_texts(doc) == [("direct", text.split("“")[1].rstrip("”"))]


def test_a_short_quote_ending_in_a_comma_takes_an_attribution_further_on(rules_nlp):
    doc = rules_nlp("Headline\n\n\"The bullying,\" the network's Anna Kerr said, as the crowd cheered.")
    assert quote_texts(doc) == [("direct", "The bullying,")]


@pytest.mark.parametrize(
    "text,expected",
    [
        # a name in marks inside a phrase is no quote, even with a speech verb further on
        ('"We have had better conventions," Bill Eastland, wearing "Ted Cruz" campaign pins, said.',
         [("direct", "We have had better conventions,")]),
        # a speech verb conjoined inside a reported clause reports its own quote
        ('But he told ABC that he agrees Trump is a "total opportunist" and said "the record is quite clear '
         'that he lies a lot."',
         [("mixed", 'he agrees Trump is a "total opportunist"'),
          ("direct", "the record is quite clear that he lies a lot.")]),
    ],
)
def test_marks_inside_phrases_and_conjoined_reports(rules_nlp, text, expected):
    assert quote_texts(rules_nlp("Headline\n\n" + text)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a speaker's own name for something is a mixed quote from the thing named on
        ('Zimmerman called President Barack Obama an "ignorant baboon" in a tweet.',
         [("mixed", 'President Barack Obama an "ignorant baboon"')]),
        ('Hollande described the remarks as "hurtful and humiliating" on Tuesday.',
         [("mixed", 'the remarks as "hurtful and humiliating"')]),
        # ... but not a term in general use, nobody's or something's
        ('Moscow denies war crimes in what it calls its "special military operation" there.', []),
        ('The practice, often labelled "hostage diplomacy", has a long history.', []),
        ('The deal, dubbed "Yalta 2.0", failed.', []),
    ],
)
def test_naming_verbs(rules_nlp, text, expected):
    assert quote_texts(rules_nlp("Headline\n\n" + text)) == expected


def test_pull_quotes_under_a_quote_box_heading_are_captions(rules_nlp):
    text = ('Headline\n\n"We will have to respond to the new missiles," Putin said.\n\n'
            'KEY QUOTES\n"We will have to respond" - on new US missiles\n"He is a businessman" - on Donald Trump\n\n'
            'Copyright 2018.\n\nQUOTE OF THE DAY\n\n"Whatever happens, Russia is to blame." - Dmitry Peskov\n\n'
            '"That is all," he said.')
    assert quote_texts(rules_nlp(text)) == [("direct", "We will have to respond to the new missiles,"),
                                            ("direct", "That is all,")]


def test_so_called_marks_are_scare_quotes_even_before_a_speech_verb(rules_nlp):
    doc = rules_nlp("Headline\n\nAsked about the so-called «Russian hackers», Medvedev remarked that they were a myth.")
    assert quote_texts(doc) == [("indirect", "they were a myth")]


def test_a_phrase_in_what_someone_calls_is_still_their_quote(rules_nlp):
    doc = rules_nlp('Headline\n\nThe group seeks the enactment of what it calls "sensible gun violence prevention '
                    'laws, policy and regulations."')
    assert [q.text for q in doc.spans["quotes"]] == ["sensible gun violence prevention laws, policy and regulations."]
