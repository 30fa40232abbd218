"""evaluate: the schema's scores for a trained pipeline, as tables and JSON."""
from pathlib import Path
from typing import Any, Dict, List, Optional

import srsly
from wasabi import msg

from . import Arg, Opt, app


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{100 * value:.1f}" if isinstance(value, float) else str(value)


def print_report(result: Dict[str, Any], title: str) -> None:
    """Print the evaluation tables for one data set."""
    s = result["pipeline"]
    msg.divider(title)
    rows = [("all", _fmt(s["quote_overlap_p"]), _fmt(s["quote_overlap_r"]), _fmt(s["quote_overlap_f"]),
             _fmt(s["quote_exact_f"]), s["counts"]["gold"])]
    for t in ("direct", "indirect", "mixed"):
        rows.append((t, _fmt(s[f"quote_overlap_{t}_p"]), _fmt(s[f"quote_overlap_{t}_r"]),
                     _fmt(s[f"quote_overlap_{t}_f"]), _fmt(s[f"quote_exact_{t}_f"]), s["counts"][f"gold_{t}"]))
    msg.table(rows, header=("quotes", "overlap P", "overlap R", "overlap F", "exact F", "gold"), divider=True)
    msg.table([("speaker accuracy (matched quotes)", _fmt(s["speaker_acc"])),
               ("speaker mention accuracy (matched quotes)", _fmt(s["speaker_mention_acc"])),
               ("end-to-end F1 (span + speaker)", _fmt(s["e2e_f"])),
               ("quote type accuracy (matched)", _fmt(s["quote_type_acc"])),
               ("negatives taken as quotes", _fmt(s["negatives_false_alarm"])),
               ("stance macro-F1 (matched quotes)", _fmt(s["stance_macro_f"]))],
              header=("metric", "value"), divider=True)
    annotated = result.get("annotated", {})
    if not annotated.get("canonical_speakers", True):
        msg.info("Gold speakers are mention texts, not canonical people: speaker accuracy and end-to-end F1 "
                 "are not scored (-); speaker mention accuracy is.")
    if not annotated.get("stance", True):
        msg.info("No stance annotations in this data: stance is not scored.")
    forms = [(f, v["n"], _fmt(v["recall"]), _fmt(v["speaker_acc"])) for f, v in s["by_form"].items()]
    msg.table(forms, header=("speaker form", "gold", "quote recall", "speaker acc"), divider=True)
    if "ablation" in result:
        rows = [(name, _fmt(r["quote_overlap_f"]), _fmt(r["quote_overlap_direct_f"]),
                 _fmt(r["quote_overlap_indirect_f"]), _fmt(r["quote_overlap_mixed_f"]), _fmt(r["speaker_acc"]),
                 _fmt(r["e2e_f"])) for name, r in result["ablation"].items()]
        msg.table(rows, header=("ablation", "overlap F", "direct F", "indirect F", "mixed F", "speaker acc", "e2e F"),
                  divider=True)
    if "stance_gold_quotes" in result:
        rows = [(name, _fmt(r["stance_macro_f"]), _fmt(r["stance_favor_f"]), _fmt(r["stance_against_f"]),
                 _fmt(r["stance_neutral_f"]), r["stance_pairs"]) for name, r in result["stance_gold_quotes"].items()]
        msg.table(rows, header=("stance on gold quotes", "macro F", "favor F", "against F", "neutral F", "pairs"),
                  divider=True)
        print_confusion(result["stance_gold_quotes"]["stance_tagger"]["stance_confusion"])


def print_confusion(confusion: Dict[str, Dict[str, Dict[str, int]]], rows: str = "gold", cols: str = "pred") -> None:
    """One stance confusion matrix per target."""
    for target, matrix in confusion.items():
        labels = list(matrix)
        table = [(g, *[matrix[g][p] for p in labels]) for g in labels]
        msg.table(table, header=(f"{target}: {rows} \\ {cols}", *labels), divider=True)


@app.command("evaluate")
def evaluate_cli(
    # fmt: off
    model: str = Arg(..., help="Trained pipeline: a package name or a directory"),
    data_path: Path = Arg(..., help="Gold DocBin (.spacy) or schema JSONL", exists=True),
    output: Optional[Path] = Opt(None, "--output", "-o", help="Write all metrics to this JSON file"),
    extra: List[Path] = Opt([], "--extra", help="Further gold sets (DocBin or JSONL) to report beside it"),
    external: str = Opt("", "--external", help="Directory of an external corpus in the schema; its dev.jsonl is reported beside the test split (empty: none)"),
    train_path: Optional[Path] = Opt(None, "--train", help="Training data, for the majority-class stance baseline"),
    no_ablation: bool = Opt(False, "--no-ablation", help="Skip the ablation rows"),
    gpu_id: int = Opt(-1, "--gpu-id", "-g", help="GPU id, or -1 for CPU"),
    # fmt: on
) -> None:
    """Score a pipeline on gold data: quote detection (overlap and exact F1, by quote
    type), speaker accuracy and end-to-end F1 by speaker form, an ablation of the
    pipeline's parts, and stance macro-F1 against two baselines."""
    import spacy
    from ..evaluation import evaluate_pipeline
    from ..readers import load_examples

    if gpu_id >= 0:
        spacy.require_gpu(gpu_id)
    nlp = spacy.load(model)
    train = load_examples(nlp, train_path) if train_path else None
    if external:
        if not (Path(external) / "dev.jsonl").exists():
            msg.fail(f"--external {external}: no dev.jsonl in that directory", exits=1)
        extra = [*extra, Path(external) / "dev.jsonl"]
    results = {}
    for path in [data_path, *extra]:
        examples = load_examples(nlp, path)
        results[str(path)] = evaluate_pipeline(nlp, examples, ablation=not no_ablation and path == data_path,
                                               train_examples=train)
        print_report(results[str(path)], f"{path} ({len(examples)} documents)")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        srsly.write_json(output, results)
        msg.good(f"Wrote {output}")


@app.command("agreement")
def agreement_cli(
    # fmt: off
    reference: Path = Arg(..., help="Reference annotation: schema JSONL (e.g. corpus/dev.jsonl)", exists=True, dir_okay=False),
    other: Path = Arg(..., help="A second annotation of some of its records (matched by id), schema JSONL", exists=True, dir_okay=False),
    output: Optional[Path] = Opt(None, "--output", "-o", help="Write all metrics to this JSON file"),
    lang: str = Opt("en", "--lang", help="Language of the tokenizer used to check the records"),
    # fmt: on
) -> None:
    """Agreement between two annotations of the same documents, scored like a
    pipeline against gold: quote overlap, speaker agreement on the quotes both
    marked, and stance macro-F1 over (quote, target) pairs, with a confusion
    matrix per target. A bad or unmatched record is reported and skipped."""
    import spacy

    from ..evaluation import annotator_agreement

    try:
        scores, problems, n_docs = annotator_agreement(reference, other, spacy.blank(lang))
    except ValueError as err:
        msg.fail(str(err), exits=1)
    for problem in problems:
        msg.warn(problem)
    if not n_docs:
        msg.fail(f"No record of {other} could be matched to {reference}: nothing to score.", exits=1)
    msg.divider(f"{other} against {reference} ({n_docs} documents)")
    msg.table([("quote overlap F1", _fmt(scores["quote_overlap_f"])),
               ("quote exact F1", _fmt(scores["quote_exact_f"])),
               ("speaker agreement (both marked)", _fmt(scores["speaker_acc"])),
               ("stance macro-F1", _fmt(scores["stance_macro_f"])),
               *[(f"stance {label} F1", _fmt(scores[f"stance_{label}_f"])) for label in ("favor", "against", "neutral")],
               ("stance pairs", scores["stance_pairs"])],
              header=("agreement", "value"), divider=True)
    print_confusion(scores["stance_confusion"], rows="reference", cols="other")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        srsly.write_json(output, {"documents": n_docs, "problems": problems, **scores})
        msg.good(f"Wrote {output}")
