"""The score command: batch scoring of news dumps into quote records."""
from pathlib import Path
from typing import Any, Dict, List, Optional

import typer
from wasabi import msg

from ..errors import Warnings
from . import Arg, Opt, app

ENGINES = ("local", "dask")


@app.command("score")
def score_cli(
    # fmt: off
    inputs: List[str] = Arg(..., help="Input files, globs or directories of .txt files: JSONL (.jsonl, .ndjson, .json, optionally .gz), CSV (optionally .gz), Parquet"),
    output: Path = Opt(..., "--output", "-o", help="Output file, .jsonl or .parquet (with --engine dask: a directory of parts)"),
    model: str = Opt("quoteattr", "--model", "-m", help="Pipeline to score with: an installed package or a directory"),
    text_field: str = Opt("text", "--text-field", help="Field of the article text; dotted paths such as body.text work"),
    id_field: str = Opt("id", "--id-field", help="Field of the article id (default for records without one: FILE:LINE)"),
    date_field: str = Opt("date", "--date-field", help="Field of the article date, e.g. meta.date"),
    errors: Optional[Path] = Opt(None, "--errors", help="Where records that cannot be scored go (default: OUTPUT with suffix .errors.jsonl)"),
    per_article: bool = Opt(False, "--per-article", help="Write one schema record per article with its quotes nested, not one record per quote"),
    whole_text: bool = Opt(False, "--whole-text", help="Each record's text is one statement by its author (a post, a headline, a press release): tag its stance, find no quotes"),
    n_process: int = Opt(1, "--n-process", "-n", help="Processes for nlp.pipe (local engine)"),
    batch_size: int = Opt(64, "--batch-size", "-b", help="Batch size for nlp.pipe; output is flushed and checkpointed every batch"),
    max_chars: int = Opt(100_000, "--max-chars", help="Articles longer than this are processed in pieces cut at paragraph breaks"),
    hard_max_chars: int = Opt(1_000_000, "--hard-max-chars", help="Articles longer than this go to the errors file"),
    resume: bool = Opt(False, "--resume", help="Go on from where an interrupted run stopped"),
    overwrite: bool = Opt(False, "--overwrite", help="Start over even where an interrupted run left a checkpoint"),
    engine: str = Opt("local", "--engine", "-e", help="local (nlp.pipe on this machine) or dask (dask.distributed)"),
    workers: int = Opt(2, "--workers", help="Worker processes of the local dask cluster"),
    scheduler: Optional[str] = Opt(None, "--scheduler", help="Address of a running dask scheduler, instead of a local cluster"),
    partition_mb: int = Opt(64, "--partition-mb", help="Dask: JSONL files larger than this are split into byte ranges of this size"),
    progress: bool = Opt(True, "--progress/--no-progress", help="Show a progress bar (log lines when not on a terminal)"),
    # fmt: on
) -> None:
    """Score news dumps into quote records: one record per quote (or per
    article) with speaker, cue and stance, plus an errors file and a summary.
    Interrupted runs go on with --resume and give the same output."""
    from ..batch.io import Fields

    if engine not in ENGINES:
        msg.fail(f"Unknown engine {engine!r}; expected one of {', '.join(ENGINES)}", exits=1)
    options: Dict[str, Any] = dict(
        model=model, fields=Fields(text=text_field, id=id_field, date=date_field), errors=errors,
        per_article=per_article, batch_size=batch_size, max_chars=max_chars, hard_max_chars=hard_max_chars,
        resume=resume, overwrite=overwrite, progress=progress, whole_text=whole_text,
    )
    try:
        if engine == "dask":
            from ..batch import dask as dask_engine

            summary = dask_engine.score(inputs, output, workers=workers, scheduler=scheduler,
                                        partition_bytes=partition_mb * 2**20, **options)
        else:
            from ..batch import local

            summary = local.score(inputs, output, n_process=n_process, **options)
    except KeyboardInterrupt:
        msg.warn("Interrupted. Rerun the same command with --resume to go on where it stopped.")
        raise typer.Exit(130)
    except (ValueError, ImportError, OSError) as err:
        msg.fail(str(err), exits=1)
    print_summary(summary)


def print_summary(summary: Dict[str, Any]) -> None:
    """Print the summary of a run: counts, skipped records, speakers, stance, throughput."""
    msg.divider("Summary")
    skipped = sum(summary["skipped"].values())
    rows = [
        ("articles read", f"{summary['articles']:,}"),
        ("scored", f"{summary['scored']:,}"),
        ("skipped", f"{skipped:,}"),
        ("processed in pieces", f"{summary['split']:,}"),
        ("quotes", f"{summary['quotes']:,}"),
        ("quotes without speaker", f"{summary['no_speaker']:,}"),
        ("articles/s", f"{summary['articles_per_s']:,.1f}"),
        ("words/s", f"{summary['words_per_s']:,.0f}"),
        ("seconds", f"{summary['seconds']:,.1f}"),
    ]
    msg.table(rows, aligns=("l", "r"))
    if skipped:
        msg.table(sorted(summary["skipped"].items()), header=("skipped because", "records"), divider=True,
                  aligns=("l", "r"))
    if summary["speakers"]:
        msg.table(summary["speakers"], header=("top speakers", "quotes"), divider=True, aligns=("l", "r"))
    if summary["stance"]:
        labels = sorted({label for counts in summary["stance"].values() for label in counts})
        table = [(target, *(counts.get(label, 0) for label in labels)) for target, counts in summary["stance"].items()]
        msg.table(table, header=("stance", *labels), divider=True, aligns=("l", *("r" for _ in labels)))
    msg.good(f"Wrote {summary['output']}")
    if skipped:
        msg.warn(Warnings.W002.format(n=skipped, path=summary["errors_file"]))
