"""render: articles with their quotes highlighted, as an HTML page."""
from pathlib import Path
from typing import List

from wasabi import msg

from . import Arg, Opt, app


@app.command("render")
def render_cli(
    # fmt: off
    inputs: List[Path] = Arg(..., help="Text files (one article each) or schema JSONL files", exists=True),
    output: Path = Opt(Path("quotes.html"), "--output", "-o", help="HTML page to write"),
    model: str = Opt("quoteattr", "--model", "-m", help="Pipeline: package name or directory"),
    limit: int = Opt(50, "--limit", help="At most this many articles"),
    # fmt: on
) -> None:
    """Run the pipeline over articles and write them as one HTML page with each quote
    highlighted and labelled with its type, speaker and stance."""
    import spacy

    from ..convert.jsonl import iter_jsonl
    from ..render import render_page

    nlp = spacy.load(model)
    docs = []
    for path in inputs:
        if path.suffix == ".jsonl":
            for _, data in iter_jsonl(path):
                if isinstance(data, dict) and isinstance(data.get("text"), str):
                    doc = nlp.make_doc(data["text"])
                    doc._.record_id = data.get("id")
                    doc._.meta = dict(data.get("meta") or {}, **({"date": data["date"]} if data.get("date") else {}))
                    docs.append(doc)
        else:
            doc = nlp.make_doc(path.read_text("utf8"))
            doc._.record_id = path.name
            docs.append(doc)
    docs = list(nlp.pipe(docs[:limit]))
    output.write_text(render_page(docs), encoding="utf8")
    msg.good(f"Wrote {len(docs)} articles to {output}")
