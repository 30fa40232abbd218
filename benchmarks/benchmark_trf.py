"""Benchmark a pipeline's throughput on the CPU and on a GPU, on the same texts.

For the transformer pipeline: words/s with nlp.pipe on the CPU and, with
--gpu-id, on that GPU. Each device runs in its own process (spaCy picks the
device before the pipeline loads). Texts: the articles of corpus/*.jsonl,
cycled to --texts documents. See benchmarks/README.md.

    python benchmarks/benchmark_trf.py --model training/trf/model-best --gpu-id 0
    python benchmarks/benchmark_trf.py --model training/trf/model-best --texts 50   # CPU only
"""
import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent


def load_texts(corpus_dir: Path, n: int) -> List[str]:
    texts = []
    for path in sorted(corpus_dir.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    if not texts:
        sys.exit(f"No corpus/*.jsonl in {corpus_dir}")
    return [texts[i % len(texts)] for i in range(n)]


def run_one(model: str, device: str, gpu_id: int, texts: List[str], batch_size: int) -> dict:
    import spacy

    if device == "gpu":
        spacy.require_gpu(gpu_id)
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:2]))  # warm up: first batches allocate and compile
    start = time.perf_counter()
    quotes = sum(len(doc.spans.get("quotes", [])) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {"device": device, "docs": len(texts), "words": words, "seconds": round(seconds, 2),
            "docs_per_s": round(len(texts) / seconds, 2), "words_per_s": round(words / seconds, 1), "quotes": quotes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="training/trf/model-best", help="Pipeline name or directory")
    parser.add_argument("--texts", type=int, default=200, help="Documents to process per device")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--gpu-id", type=int, default=-1, help="Also run on this GPU (-1: CPU only)")
    parser.add_argument("--corpus-dir", type=Path, default=ROOT / "corpus")
    parser.add_argument("--results", type=Path, default=None, help="Write the results as JSON here")
    parser.add_argument("--run-one", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.corpus_dir, args.texts)
    if args.run_one:
        print(json.dumps(run_one(args.model, args.run_one, args.gpu_id, texts, args.batch_size)))
        return
    results = []
    for device in ["cpu"] + (["gpu"] if args.gpu_id >= 0 else []):
        cmd = [sys.executable, __file__, "--model", args.model, "--texts", str(args.texts), "--batch-size",
               str(args.batch_size), "--gpu-id", str(args.gpu_id), "--corpus-dir", str(args.corpus_dir),
               "--run-one", device]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            results.append({"device": device, "error": proc.stderr.strip().splitlines()[-1:]})
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"{'device':>6}  {'docs':>5}  {'words':>7}  {'seconds':>8}  {'docs/s':>7}  {'words/s':>8}")
    for r in results:
        if "error" in r:
            print(f"{r['device']:>6}  failed: {r['error']}")
        else:
            print(f"{r['device']:>6}  {r['docs']:>5}  {r['words']:>7}  {r['seconds']:>8}  {r['docs_per_s']:>7}  "
                  f"{r['words_per_s']:>8}")
    if args.results:
        args.results.write_text(json.dumps({"model": args.model, "runs": results}, indent=2))


if __name__ == "__main__":
    main()
