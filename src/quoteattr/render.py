"""Show an article with its quotes highlighted, labelled with speaker and stance (displaCy spans)."""
from typing import Iterable, Optional

from spacy import displacy
from spacy.tokens import Doc

from .constants import QUOTES_KEY

SHORT = {"Donald Trump": "Trump", "Joe Biden": "Biden", "Kamala Harris": "Harris"}
COLORS = {"direct": "#a6d8f0", "indirect": "#f6d49b", "mixed": "#c9e7a7", "cue": "#dddddd", "speaker": "#e7c6f0"}


def quote_label(span) -> str:
    """ "direct · Vladimir Putin · Trump: favor" """
    parts = [span.label_, span._.speaker or "unknown speaker"]
    stance = span._.stance
    if stance:
        parts.append(", ".join(f"{SHORT.get(t, t)}: {label}" for t, label in stance.items()))
    return " · ".join(parts)


def _spans_data(doc: Doc) -> dict:
    spans = []
    for q in doc.spans.get(QUOTES_KEY, []):
        spans.append({"start_token": q.start, "end_token": q.end, "label": quote_label(q)})
        for key, linked in (("cue", q._.cue), ("speaker", q._.speaker_span)):
            if linked is not None:
                spans.append({"start_token": linked.start, "end_token": linked.end, "label": key})
    colors = {s["label"]: COLORS.get(s["label"].split(" · ")[0], "#eeeeee") for s in spans}
    title = doc._.record_id or ""
    if doc._.date:
        title = f"{title} ({doc._.date})".strip()
    return {
        "data": {"text": doc.text, "spans": spans, "tokens": [t.text for t in doc], "title": title or None},
        "colors": colors,
    }


def render(docs, jupyter: Optional[bool] = None, page: bool = False) -> Optional[str]:
    """Render one Doc or several with displaCy's span style.

    In a notebook, `quoteattr.render(doc)` displays it; elsewhere it returns HTML.
    """
    docs = [docs] if isinstance(docs, Doc) else list(docs)
    parsed = [_spans_data(doc) for doc in docs]
    colors = {k: v for p in parsed for k, v in p["colors"].items()}
    return displacy.render([p["data"] for p in parsed], style="span", manual=True, jupyter=jupyter, page=page,
                           options={"colors": colors, "spans_key": QUOTES_KEY})


def render_page(docs: Iterable[Doc]) -> str:
    """RETURNS (str): a standalone HTML page with every doc."""
    return render(list(docs), jupyter=False, page=True) or ""
