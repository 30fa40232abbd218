"""Names shared by every part of quoteattr: span keys, labels, targets, marks."""

SCHEMA_VERSION = 1

# Span groups on the Doc. Quote spans carry their type as label and their
# canonical speaker as kb_id; cue and speaker-mention spans are linked to their
# quote through span.id ("q0", "q1", ... the quote's id).
QUOTES_KEY = "quotes"
CUES_KEY = "cues"
SPEAKERS_KEY = "speakers"
# Group attrs of doc.spans[QUOTES_KEY]: {quote_id: {target: label}} and
# {quote_id: {target: score}}.
STANCE_ATTR = "stance"
STANCE_SCORES_ATTR = "stance_scores"

QUOTE_TYPES = ("direct", "indirect", "mixed")
TARGETS = ("Donald Trump", "Joe Biden", "Kamala Harris")
STANCE_LABELS = ("favor", "against", "neutral")
NEGATIVE_KINDS = ("title", "scare", "headline", "caption")

# Quotation marks: opening mark -> closing marks that may end it.
QUOTE_PAIRS = {
    '"': ('"', "”"),
    "“": ("”", "“", '"'),
    "„": ("“", "”", '"'),
    "«": ("»",),
    "»": ("«",),
    "‹": ("›",),
    "'": ("'",),
    "‘": ("’",),
    "‚": ("‘", "’"),
    "「": ("」",),
}
OPEN_MARKS = frozenset(QUOTE_PAIRS)
CLOSE_MARKS = frozenset(m for closes in QUOTE_PAIRS.values() for m in closes)
ALL_MARKS = OPEN_MARKS | CLOSE_MARKS
MARK_STYLES = {
    '"': "straight",
    "'": "single",
    "‘": "single",
    "‚": "single",
    "“": "curly",
    "„": "curly",
    "«": "guillemets",
    "»": "guillemets",
    "‹": "guillemets",
    "「": "other",
}

PRONOUNS = frozenset(
    "he she they it we i you him her them his hers their its".split()
)

# Relative pronouns that stand for a speaker named before them ("Chris Christie, who said").
RELATIVE_PRONOUNS = frozenset(("who", "which", "that"))
