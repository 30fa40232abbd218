import pytest


def attributions(doc):
    return [(q.text, q._.cue.text if q._.cue is not None else None,
             q._.speaker_span.text if q._.speaker_span is not None else None) for q in doc.spans["quotes"]]


@pytest.mark.parametrize(
    "text,cue,mention",
    [
        ('"We are ready to talk," Kremlin spokesman Dmitry Peskov said.', "said", "Kremlin spokesman Dmitry Peskov"),
        ('"We are ready to talk," said Peskov.', "said", "Peskov"),
        ("Lavrov was quoted as saying that the talks had gone well.", "was quoted as saying", "Lavrov"),
        ("According to Peskov, the dialogue remains open.", "According to", "Peskov"),
        ("Zakharova told reporters that Washington had broken its word.", "told reporters", "Zakharova"),
        ("Medvedev wrote on Telegram that the sanctions were theft.", "wrote on Telegram", "Medvedev"),
        ('Medvedev on Telegram: "The sanctions are theft, plain and simple."', "on Telegram", "Medvedev"),
        ('The Russian leader stressed: "Nobody will dictate terms to us."', "stressed", "The Russian leader"),
    ],
)
def test_cue_and_mention_forms(rules_nlp, text, cue, mention):
    (found,) = attributions(rules_nlp("Headline\n\n" + text))
    assert found[1:] == (cue, mention)


def test_interrupted_quote_shares_cue_and_mention(rules_nlp):
    doc = rules_nlp('Headline\n\n"I say it sincerely," he added. "We don\'t think so."')
    assert attributions(doc) == [("I say it sincerely,", "added", "he"), ("We don't think so.", "added", "he")]


def test_multi_paragraph_quote_takes_the_attribution_of_its_last_paragraph(rules_nlp):
    doc = rules_nlp('Headline\n\n"We have never been naive.\n\n"But we will not refuse talks," Ryabkov told TASS.')
    assert [a[1:] for a in attributions(doc)] == [("told TASS", "Ryabkov"), ("told TASS", "Ryabkov")]


def test_continuation_paragraph_has_no_cue(rules_nlp):
    doc = rules_nlp('Headline\n\n"We are ready," Peskov said.\n\n"The ball is in Washington\'s court."')
    assert attributions(doc)[1] == ("The ball is in Washington's court.", None, None)
    assert [q._.speaker for q in doc.spans["quotes"]] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_no_quotes_no_links(rules_nlp):
    doc = rules_nlp("Nothing was said today.")
    assert list(doc.spans["cues"]) == [] and list(doc.spans["speakers"]) == []


def test_the_speech_verb_that_governs_the_quote_beats_a_nearer_one(rules_nlp):
    doc = rules_nlp('Headline\n\nOrlova promised on Sunday at a rally in Tver to end "the wasteful and cruel '
                    'deportation regime." She echoed that promise on Monday, saying she would act fast.')
    assert attributions(doc)[0][1:] == ("promised", "Orlova")


@pytest.mark.parametrize(
    "text,mention",
    [
        ('Headline\n\nThe actress Ana Ruiz thanked the mayor for "finally listening to the families".', "The actress Ana Ruiz"),
        ('Headline\n\nOutside the hall, the protesters chanted "Not in our name, not in our town".', "the protesters"),
    ],
)
def test_a_quote_inside_another_clause_takes_that_clause_subject(rules_nlp, text, mention):
    (found,) = attributions(rules_nlp(text))
    assert found[2] == mention


def test_a_short_scare_quote_gets_no_speaker_from_its_clause(rules_nlp):
    doc = rules_nlp('Headline\n\nThe moderator raised the alleged "interference" again. Peskov said nothing.')
    assert all(a[2] is None for a in attributions(doc) if a[0] == "interference")


def test_a_colon_after_a_list_intro_names_no_speaker(rules_nlp):
    doc = rules_nlp('Headline\n\nThe committee drew up five questions. Here they are:\n\n"Has the candidate ever '
                    'changed sides on a key vote?"')
    assert attributions(doc)[0][2] is None


@pytest.mark.parametrize("verb", ["interjected", "exclaimed", "groused", "testified", "chanted"])
def test_less_common_speech_verbs_are_cues(rules_nlp, verb):
    (found,) = attributions(rules_nlp(f'Headline\n\n"Only on Tuesdays," Marina Volkova {verb}.'))
    assert found[1:] == (verb, "Marina Volkova")


@pytest.mark.parametrize(
    "text,mention",
    [
        # an inverted verb whose speaker the parser hangs on a relative clause
        ("''She needs one or two big ideas that are proportionate to the scale of the problems we are facing,'' "
         "said Maria Lopez, who served as labor secretary during Mr. Ortiz's first term yet endorsed Daniel Reyes in "
         "the primary.", "Maria Lopez"),
        ("''Is Daniel Reyes running against the national committee?'' asked Mr. Lopez, referring to the candidate's "
         "attacks on what he calls the ''rigged'' process.", "Mr. Lopez"),
        # a name with an apposition between the closing mark and the verb
        ("“It is not the position that everything is hunky-dory,” Pavel Orlov, a top outside party adviser, said at "
         "a recent forum on the economy in Tver.", "Pavel Orlov"),
        # colon intros: after an opening phrase, and one the parser cuts in two
        ("In Moscow, Dmitry Medvedev: 'Someone finally told him what he is worth. A useful lesson.'", "Dmitry Medvedev"),
        ('1. On the talks\n\nPutin on the president-elect: "I expect some interest in strategic stability."', "Putin"),
    ],
)
def test_speaker_mentions_real_news_layouts(rules_nlp, text, mention):
    found = attributions(rules_nlp("Headline\n\n" + text))
    assert found[0][2] == mention
    assert not any(a[0].startswith(mention) for a in found)  # the speaker is not a reported clause


@pytest.mark.parametrize(
    "text,mention",
    [
        ('"Watch the numbers, not the speeches," said former bank executive Carla Rossi during the second debate.',
         "former bank executive Carla Rossi"),
        ('"Meh," wrote a Reyes supporter who runs a fan account. "What does the union know about it?"',
         "a Reyes supporter"),
        ('"Look at the statement he put out after the floods," Conway notes. "It was very different in tone."',
         "Conway"),
        ('"If she wants to lead, she should come to Louisiana," the editorial read.', "the editorial"),
        ('"Having two people who understand the file is valuable," said Skelly, explaining he knew them both.',
         "Skelly"),
    ],
)
def test_inverted_attributions_the_tagger_gets_wrong(rules_nlp, text, mention):
    found = attributions(rules_nlp("Headline\n\n" + text))
    assert found[0][2] == mention


def test_a_name_followed_by_a_verb_is_not_an_inverted_speaker(rules_nlp):
    doc = rules_nlp('Headline\n\nRepresentative Alana Pierce called the probe "a political sideshow" and said Ortiz '
                    'had been "sharper in a cabinet meeting than most people are on their best day".')
    assert all(a[2] != "Ortiz" for a in attributions(doc))


def test_a_quote_signed_on_the_next_line(rules_nlp):
    doc = rules_nlp('Headline\n\nThe senator repeated old figures.\n\n"I went to Wall Street before the crash and '
                    'warned them."\n\n- Maria Lopez.\n\nLopez tends to overstate her role.')
    (found,) = attributions(doc)
    assert found[1:] == (None, "Maria Lopez")
    assert doc.spans["quotes"][0]._.speaker == "Maria Lopez"


def test_read_as_an_imperative_is_not_a_cue(rules_nlp):
    doc = rules_nlp('Headline\n\nOfficials are wary of a repeat of the 2016 "honeymoon" — read our explainer.')
    assert attributions(doc) == []


def test_the_quote_s_own_clause_beats_a_speech_verb_in_the_next_sentence(rules_nlp):
    doc = rules_nlp('Headline\n\nIn an address on Friday, President Anne Morel condemned the "attack whose terrorist '
                    'nature cannot be denied." He announced that the country would step up its patrols.')
    assert attributions(doc)[0][2] == "President Anne Morel"


def test_went_on_is_a_cue_only_without_an_object(rules_nlp):
    doc = rules_nlp('Headline\n\nKelly replied with a smile: "Can happen when you are 45."\n\n"You know, it happens, '
                    'right?" Reyes went on, as if he had not heard her.')
    assert attributions(doc)[1][1:] == ("went on", "Reyes")
    doc = rules_nlp("Headline\n\nReyes went on to promote his new hotel.")
    assert attributions(doc) == []


def test_a_quote_after_another_on_its_line_keeps_that_speaker(rules_nlp):
    doc = rules_nlp('Headline\n\n"It will cost a million," Tenney said about the spending. "It could be two '
                    'million." She went on to say that her rivals were wealthy.')
    assert [a[2] for a in attributions(doc)][:2] == ["Tenney", "Tenney"]


def test_a_quote_inside_a_clause_takes_the_nearest_person_like_subject(rules_nlp):
    doc = rules_nlp("Headline\n\nThe union's bus has become such a presence on the trail that Ortiz thanked its "
                    'members "for their support in my campaign" on Sunday.')
    assert attributions(doc)[0][2] == "Ortiz"
    doc = rules_nlp('Headline\n\nIt seems unfair to simply tell the miners who did the work: "We are sorry, but it '
                    'did not work out."')
    assert all(a[2] != "It" for a in attributions(doc))


def test_a_relative_pronoun_subject_gives_its_antecedent(rules_nlp):
    doc = rules_nlp('Headline\n\nThe senator was rallying for Eric Kingson, who is running for Congress and who '
                    'worked the crowd, praising "the senator\'s genuineness and integrity" as he spoke.')
    assert attributions(doc)[0][2] == "Eric Kingson"


def test_a_mention_never_swallows_the_quote_the_parser_hung_on_it(rules_nlp):
    doc = rules_nlp("Headline\n\n“It’s unanimous,” councilmember Mark Levine said of the council’s vote.")
    assert attributions(doc)[0][1:] == ("said", "councilmember Mark Levine")


def test_that_said_is_not_a_cue(rules_nlp):
    doc = rules_nlp('Headline\n\nThe anchors were "well fed" and adequately housed.\n\nThat said, the channel\'s '
                    "audience tends to be older, which is why executives there indicate that the family views its "
                    "younger prime-time star as an important part of its future.")
    assert all(a[2] != "That" for a in attributions(doc))


def test_an_object_pronoun_after_an_inverted_verb_is_not_the_speaker(rules_nlp):
    doc = rules_nlp("Headline\n\nHe has called the ministry ''provocative and expansionist,'' accusing it of "
                    "''building a wall of sand around the islands and the reefs.''")
    assert all(a[2] != "it" for a in attributions(doc))


def test_a_passive_question_is_the_asker_s_or_nobody_s(rules_nlp):
    doc = rules_nlp("Headline\n\nOstrov was asked by host Dana Whitlow, who backs him, “Now, you said last year that "
                    "the plant would close, did you not?”")
    assert attributions(doc)[0][1:] == ("asked", "host Dana Whitlow")
    doc = rules_nlp("Headline\n\nOstrov was asked, “Would you have told her it was a bad idea?” He answered, "
                    "“I have no idea.”")
    assert [a[2] for a in attributions(doc)] == [None, "He"]


def test_a_participle_s_object_is_its_audience_not_the_speaker(rules_nlp):
    doc = rules_nlp("Headline\n\nMorel has hailed the vote to leave the union as “a fantastic thing for the country,” "
                    "telling reporters during a visit to Lyon on Friday that he was pleased.")
    assert attributions(doc)[0][2] == "Morel"


def test_a_colon_intro_before_doubled_apostrophes(rules_nlp):
    doc = rules_nlp("Headline\n\nMr. Ostrov has told his staff to answer every letter. One early supporter, "
                    "Representative Lena Marsh of Ohio, gave the idea a try in an interview on Tuesday: ''You can "
                    "easily answer them all and still sleep.''")
    assert attributions(doc)[-1][2] == "One early supporter"


def test_a_subject_the_parser_hangs_on_a_relative_clause(rules_nlp):
    doc = rules_nlp('Headline\n\nSanders, meanwhile, who sits at zero such endorsements, said that fact speaks '
                    'volumes about which of the two candidates is "prepared to take on the establishment."')
    assert attributions(doc)[0][1:] == ("said", "Sanders")


def test_a_verb_after_a_quote_and_a_conjunction_is_not_inverted(rules_nlp):
    doc = rules_nlp("Headline\n\nChancellor Anna Weber of Austria condemned ''such a murderous attack'' and declared "
                    "a determination to ''continue our open, tolerant life.''")
    assert [a[2] for a in attributions(doc)] == ["Anna Weber of Austria"] * 2



def test_an_inverted_verb_right_after_the_quote_beats_a_verb_before_it(rules_nlp):
    doc = rules_nlp("Headline\n\nThe ministry is behind the leak, as many experts believe, but the ministry strongly "
                    "denies — “why wouldn’t you want to raise the question?” asked Dunn, now a partner at a law firm.")
    assert attributions(doc)[0][1:] == ("asked", "Dunn")


def test_a_quote_after_a_reported_clause_takes_its_own_next_sentence(rules_nlp):
    doc = rules_nlp("Headline\n\nAt a rally, Ostrov mentioned a story in which unnamed aides said Morel could keep "
                    "her post. “That’s like a bribe, isn’t it?” Ostrov asked.")
    assert attributions(doc)[-1][1:] == ("asked", "Ostrov")


def test_an_inverted_title_the_tagger_reads_as_a_verb(rules_nlp):
    doc = rules_nlp("Headline\n\n“They are spending their last days on this,” said Budget ranking Democrat "
                    "Helen Marrow (D-Vt.).")
    assert attributions(doc)[0][1:] == ("said", "Budget ranking Democrat Helen Marrow")


def test_a_quote_of_several_sentences_inside_a_clause(rules_nlp):
    doc = rules_nlp('Headline\n\nMarrow used the question to demand that wealthy donors "pay their fair share. My '
                    'plan would lift the cap."')
    assert attributions(doc)[0][2] == "Marrow"


def test_it_was_revealed_names_no_speaker(rules_nlp):
    doc = rules_nlp("Headline\n\nThe senator came under heavy criticism when it was revealed in March that she "
                    "had used a private account.")
    assert attributions(doc) == [("she had used a private account", "revealed", None)]


def test_a_quote_paragraph_after_a_paragraph_that_reports_speech(rules_nlp):
    doc = rules_nlp("Headline\n\nOrtega continued his scathing remarks.\n\n“Eight years ago she was the favourite, "
                    "and then a newcomer came along.”")
    assert attributions(doc)[0][1:] == ("continued", "Ortega")
    # a space the page left after the closing mark changes nothing
    doc = rules_nlp("Headline\n\nOrtega continued his scathing remarks.\n\n“Eight years ago she was the favourite.” "
                    "\n\nThe vote is in May.")
    assert attributions(doc)[0][1:] == ("continued", "Ortega")
    # not when the quote runs on into the next paragraph, whose cue serves both
    doc = rules_nlp("Headline\n\nOrtega continued his scathing remarks.\n\n“Eight years ago she was the favourite."
                    "\n\n“Then a newcomer came along,” his aide Mara Lind said.")
    assert [a[2] for a in attributions(doc)] == ["his aide Mara Lind"] * 2


def test_a_quote_completing_a_noun_of_speech_is_its_owner_s(rules_nlp):
    doc = rules_nlp("Headline\n\nThe governor blamed the media for making an issue of Senator Ann Dale’s claim that "
                    "the mayor “founded the gang,” saying they were nitpicking.")
    assert attributions(doc)[0][1:] == ("claim", "Senator Ann Dale’s")


def test_speakers_of_naming_verbs_and_inverted_colon_intros(rules_nlp):
    doc = rules_nlp('Headline\n\nHollande described the remarks as "hurtful and humiliating" on Tuesday.\n\n'
                    'Stated Stone:\n\n"I think that the stakes are so high."')
    assert [a[1:] for a in attributions(doc)] == [("described", "Hollande"), ("Stated", "Stone")]


def test_a_demonstrative_subject_reached_by_climbing_is_no_speaker(rules_nlp):
    doc = rules_nlp("Headline\n\nThat's not to suggest that Trump's comments are making people racist.\n\n"
                    "The agency issued a statement that went on to say the program would expand.")
    assert [a[2] for a in attributions(doc)] == [None, "a statement"]


def test_transcript_colon_intros_with_titles_and_brackets(rules_nlp):
    doc = rules_nlp('Headline\n\nRep. Trey Gowdy (R-S.C.): "Who told you that?"\n\n'
                    'Former secretary of state Hillary Rodham Clinton: "We learned that from the State Department."')
    assert [a[2] for a in attributions(doc)] == ["Rep. Trey Gowdy", "Former secretary of state Hillary Rodham Clinton"]


@pytest.mark.parametrize(
    "text,cue,mention",
    [
        # marks inside an apposition do not hide the speaker
        ('"We have had better conventions," Texas delegate Bill Eastland, wearing a hat and "Ted Cruz" campaign '
         'pins, said as confetti fell.', "said", "Texas delegate Bill Eastland"),
        # a subject the parser hung on a fronted phrase
        ("At Boca West, where it costs new members $70,000 to sign up, Jay DiPietro, the club's 78-year-old "
         "president and general manager, suggested that the troubles of some of his competitors could be attributed "
         "to poor management and the industry's oversupply.", "suggested", "Jay DiPietro"),
        # a present-tense inverted cue before its channel
        ('"Today, the kingdom is one of the leading nations in combating terrorism," the Saudis state in the white '
         'paper, which was shared with lawmakers on Thursday.', "state", "the Saudis"),
    ],
)
def test_speakers_the_parse_leaves_out_of_place(rules_nlp, text, cue, mention):
    assert attributions(rules_nlp("Headline\n\n" + text))[0][1:] == (cue, mention)


def test_unmarked_transcript_turns_are_quotes_of_their_label(rules_nlp):
    doc = rules_nlp("Panel: what the clash means\n\nTranscript, March 1\n\n"
                    "HOST DANA REYES: Helen, you were in the room. What did you see?\n\n"
                    "HELEN OSTROWSKI, FORMER DIPLOMAT: I served in four administrations. I have never seen this.\n\n"
                    "[Clip] PESKOV: This is the internal business of the United States.\n\n"
                    "UPDATE: This story has been updated with the panel's last exchange.")
    quotes = doc.spans["quotes"]
    # the host's question and the "UPDATE:" line are no quotes; the turns are indirect (unmarked)
    assert [(q.label_, q.text) for q in quotes] == [
        ("indirect", "I served in four administrations. I have never seen this."),
        ("indirect", "This is the internal business of the United States.")]
    assert [a[1:] for a in attributions(doc)] == [(":", "HELEN OSTROWSKI"), (":", "PESKOV")]


def test_a_single_upper_case_label_is_no_transcript(rules_nlp):
    doc = rules_nlp("Headline\n\nCLARIFICATION: The first sentence has been clarified to reflect the vote.")
    assert list(doc.spans["quotes"]) == []


def test_every_transcript_turn_is_its_labels_and_a_surname_label_resolves_to_the_full_name(rules_nlp):
    doc = rules_nlp("MEDIA MONITOR\n\nA talk show on Channel One.\n\n"
                    "VYACHESLAV NIKONOV, HOST: Good evening. Today the American president gave an interview.\n\n"
                    "DMITRY SIMES: I saw a man who is trying very hard to show that he is fine.\n\n"
                    "NIKONOV: But the Democrats are sticking with him.")
    assert [(q._.speaker_span.text, q._.speaker.lower()) for q in doc.spans["quotes"]] == [
        ("VYACHESLAV NIKONOV", "vyacheslav nikonov"), ("DMITRY SIMES", "dmitry simes"),
        ("NIKONOV", "vyacheslav nikonov")]
