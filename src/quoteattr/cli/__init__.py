"""The `quoteattr` command line (also `python -m quoteattr`)."""
import typer

app = typer.Typer(name="quoteattr", no_args_is_help=True, add_completion=False,
                  help="Quote attribution for news: corpus tools, evaluation and batch scoring.")
Arg = typer.Argument
Opt = typer.Option

from . import corpus, evaluate, render, score  # noqa: E402,F401  (registers commands)
