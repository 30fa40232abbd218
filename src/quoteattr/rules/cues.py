"""The cue lexicon: speech and writing verbs and phrases that news uses."""

# Lemmas of verbs that report speech or writing. Beliefs ("think", "hope") and
# plans are deliberately absent: they are not quotes.
SPEECH_VERBS = frozenset(
    """
    say tell add stress note write declare insist warn claim reply quip comment argue
    remark observe suggest acknowledge concede explain point emphasize emphasise recall
    complain lament joke assert maintain counter urge announce state report confirm deny
    predict underline underscore reiterate respond answer admit caution allege contend
    post tweet promise vow threaten hint indicate mention clarify boast scoff retort muse
    continue conclude summarize summarise publish tell inform assure brief describe
    quote cite proclaim pledge propose reason recount reveal signal repeat observe
    object protest grumble mock sneer chide criticize criticise accuse blast slam praise
    hail welcome dismiss reject ask wonder agree disagree echo highlight specify
    estimate forecast opine surmise muse rule decree snap shoot fire chime put strike introduce
    interject exclaim shout yell whisper grouse gripe scold concur testify plead read react relate chant
    """.split()
)
# Verbs whose dependency use is mostly not reporting unless a clause follows.
WEAK_VERBS = frozenset("ask continue describe praise hail welcome dismiss reject agree disagree echo highlight "
                       "criticize criticise accuse blast slam mock quote cite rule signal snap shoot fire chime put "
                       "strike introduce read react relate chant".split())
# Nouns that make an adjacent prepositional phrase part of the cue:
# "said in a statement", "wrote on Telegram", "told in an interview".
CHANNEL_NOUNS = frozenset(
    """
    statement telegram x twitter interview briefing post channel blog letter conference
    call broadcast address speech appearance television tv radio podcast vk facebook
    truth social communique communiqué message video column op-ed article remarks
    """.split()
)
# Objects of "tell" that belong to the cue: "told reporters", "told TASS".
AUDIENCE_NOUNS = frozenset(
    """
    reporters journalists correspondents press media agency tass ria interfax sputnik rt
    izvestia kommersant audience lawmakers deputies students forum listeners viewers
    """.split()
)

IRREGULAR_FORMS = frozenset(
    "said told wrote written spoke spoken stated declared replied quipped insisted warned claimed snapped shot".split()
)


def _forms(lemma: str) -> set:
    forms = {lemma, lemma + "s", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ed"}
    else:
        forms |= {lemma + "ed", lemma + lemma[-1] + "ed", lemma + "es"}
    return forms


# Inflected forms, for pipelines without a tagger or lemmatizer.
SPEECH_VERB_FORMS = frozenset(f for lemma in SPEECH_VERBS for f in _forms(lemma)) | IRREGULAR_FORMS
