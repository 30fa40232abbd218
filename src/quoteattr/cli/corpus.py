"""Corpus commands: build-corpus, validate, report, convert."""
from pathlib import Path
from typing import List

import spacy
import typer
from wasabi import msg

from . import Arg, Opt, app


@app.command("build-corpus")
def build_corpus_cli(
    # fmt: off
    authoring_dir: Path = Arg(Path("corpus/authoring"), help="Directory of authoring (*.txt) files", exists=True, file_okay=False),
    output_dir: Path = Arg(Path("corpus"), help="Where train/dev/test.jsonl are written"),
    # fmt: on
) -> None:
    """Turn the inline-markup authoring files into schema JSONL splits."""
    from ..corpus import build_corpus

    try:
        sizes = build_corpus(authoring_dir, output_dir)
    except ValueError as err:
        msg.fail(str(err), exits=1)
    msg.good(f"Wrote {output_dir}: " + ", ".join(f"{k} {v} docs" for k, v in sizes.items()))


@app.command("validate")
def validate_cli(
    # fmt: off
    paths: List[Path] = Arg(..., help="Schema JSONL files to check"),
    lang: str = Opt("en", "--lang", help="Language of the tokenizer used for boundary checks"),
    # fmt: on
) -> None:
    """Check every record: offsets in range and on token boundaries, no overlapping
    quotes, cue and speaker outside the quote, known labels and stance targets."""
    from ..convert.jsonl import validate

    problems = validate(paths, spacy.blank(lang))
    for problem in problems:
        msg.fail(problem)
    if problems:
        msg.fail(f"{len(problems)} problem(s) in {len(paths)} file(s)", exits=1)
    msg.good(f"{len(paths)} file(s) valid")


@app.command("report")
def report_cli(
    # fmt: off
    paths: List[Path] = Arg(..., help="Schema JSONL files (the corpus splits)"),
    strict: bool = Opt(False, "--strict", help="Exit with 1 if any minimum is not met"),
    # fmt: on
) -> None:
    """Print the corpus coverage counts next to the minimums the corpus must meet."""
    from ..convert.jsonl import iter_jsonl
    from ..report import coverage, report_rows

    records = [data for path in paths for _, data in iter_jsonl(path)]
    rows = report_rows(coverage(records))
    table = [(s, item, value, minimum, "ok" if ok else "MISSING") for s, item, value, minimum, ok in rows]
    msg.table(table, header=("section", "item", "value", "minimum", ""), divider=True)
    missing = [r for r in rows if not r[4]]
    if missing:
        msg.warn(f"{len(missing)} minimum(s) not met")
        if strict:
            raise typer.Exit(1)
    else:
        msg.good("Every minimum is met")


@app.command("convert")
def convert_cli(
    # fmt: off
    input_path: Path = Arg(..., help="Schema JSONL file", exists=True, dir_okay=False),
    output_path: Path = Arg(..., help="Output .spacy DocBin"),
    lang: str = Opt("en", "--lang", help="Language of the tokenizer"),
    # fmt: on
) -> None:
    """Validate a schema JSONL file and write it as a DocBin with quotes in doc.spans."""
    from ..convert.jsonl import jsonl_to_docbin

    try:
        db = jsonl_to_docbin(input_path, spacy.blank(lang))
    except ValueError as err:
        msg.fail(str(err), exits=1)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(output_path)
    msg.good(f"Wrote {len(db)} docs to {output_path}")


@app.command("import-annotations")
def import_cli(
    # fmt: off
    input_path: Path = Arg(..., help="Label Studio JSON export or Prodigy JSONL", exists=True, dir_okay=False),
    output_path: Path = Arg(..., help="Schema JSONL to write"),
    fmt: str = Opt("auto", "--format", "-f", help="label-studio, prodigy, or auto (by extension: .json / .jsonl)"),
    lang: str = Opt("en", "--lang", help="Language of the tokenizer used to validate the records"),
    # fmt: on
) -> None:
    """Import annotations made in Label Studio or Prodigy (label set: corpus/GUIDELINES.md)
    as schema records, validated like the corpus."""
    import srsly

    from ..convert.jsonl import check_record
    from ..convert.label_studio import import_label_studio
    from ..convert.prodigy import import_prodigy

    if fmt == "auto":
        fmt = "label-studio" if input_path.suffix == ".json" else "prodigy"
    readers = {"label-studio": import_label_studio, "prodigy": import_prodigy}
    if fmt not in readers:
        msg.fail(f"--format must be one of {list(readers)}, got {fmt!r}", exits=1)
    nlp = spacy.blank(lang)
    try:
        records = list(readers[fmt](input_path))
        for i, rec in enumerate(records):
            problems = check_record(rec, f"{input_path} record {i}", nlp)
            if problems:
                raise ValueError(problems[0])
    except (ValueError, KeyError) as err:
        msg.fail(str(err), exits=1)
    srsly.write_jsonl(output_path, records)
    msg.good(f"Imported {len(records)} records to {output_path}")
