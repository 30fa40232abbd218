"""The dask engine: the same scoring as the local engine, on a dask.distributed cluster.

The inputs are cut into partitions: a JSONL file larger than
`partition_bytes` into byte ranges (each range owns the lines that start in
it), runs of .txt files into groups, any other file whole. Each partition is
one task: a worker reads it, scores it with the local engine's code on a
pipeline it loads once per process, and writes OUTPUT/part-00000.jsonl (or
.parquet) itself. The parts, read in order, hold exactly the records the local
engine writes, and the errors file is the concatenation of the parts' errors.
A partition whose part is complete is not run again on `resume=True`.

OUTPUT must be on storage that the workers and this process share (the local
disk for a LocalCluster). dask is the optional extra `quoteattr[dask]`.
"""
import contextlib
import functools
import itertools
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import srsly
from spacy.language import Language

from ..errors import Errors
from .io import Fields, JsonlWriter, Source, count_lines, expand_inputs, jsonl_to_parquet, output_format, read_source
from .local import (
    Progress,
    Stats,
    check_options,
    default_errors_path,
    load_pipeline,
    run_plan,
    score_items,
    summarize,
    write_item,
    write_json_atomic,
)

CHECKPOINT = "_checkpoint.json"
# Working directories inside OUTPUT, removed when the run completes.
DONE_DIR = "_done"
ERRORS_DIR = "_errors"
TMP_DIR = "_tmp"
TXT_PER_PARTITION = 1000

_PIPELINES = threading.local()


def import_distributed() -> Any:
    """RETURNS (module): dask.distributed, or raises E076 with the install hint."""
    try:
        import distributed
    except ImportError as err:
        raise ImportError(Errors.E076) from err
    return distributed


@dataclass(frozen=True)
class Partition:
    """One task: sources (whole files or one JSONL byte range) scored into one part."""

    index: int
    sources: Tuple[Source, ...]

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"

    @property
    def size(self) -> int:
        return sum(s.size for s in self.sources)


def split_sources(sources: Sequence[Source], partition_bytes: int) -> List[List[Source]]:
    """Group and cut sources into partitions, in reading order.

    sources (Sequence[Source]): the inputs.
    partition_bytes (int): the size above which a plain JSONL file is cut into byte ranges.
    RETURNS (List[List[Source]]): the sources of each partition. Byte ranges
        still have first_line 1; `plan_partitions` numbers them.
    """
    groups: List[List[Source]] = []
    txt: List[Source] = []
    for source in sources:
        if source.format == "txt":
            txt.append(source)
            if len(txt) >= TXT_PER_PARTITION:
                groups.append(txt)
                txt = []
            continue
        if txt:
            groups.append(txt)
            txt = []
        size = source.size
        if source.format == "jsonl" and not source.gzipped and size > partition_bytes:
            for start in range(0, size, partition_bytes):
                groups.append([replace(source, start=start, end=min(start + partition_bytes, size))])
        else:
            groups.append([source])
    if txt:
        groups.append(txt)
    return groups


def plan_partitions(client: Any, sources: Sequence[Source], partition_bytes: int) -> List[Partition]:
    """Cut the inputs into partitions, counting the lines of byte ranges on
    the cluster so that every record keeps the line number it has in its file."""
    groups = split_sources(sources, partition_bytes)
    ranges = [g[0] for g in groups if g[0].end is not None]
    counts = dict(zip(ranges, client.gather(client.map(count_lines, ranges, pure=False)))) if ranges else {}
    partitions = []
    next_line: Dict[Path, int] = {}
    for index, group in enumerate(groups):
        if group[0].end is not None:
            source = group[0]
            first = next_line.get(source.path, 1)
            next_line[source.path] = first + counts[source]
            group = [replace(source, first_line=first)]
        partitions.append(Partition(index, tuple(group)))
    return partitions


def cached_pipeline(model: Union[str, Path], whole_text: bool = False) -> Language:
    """RETURNS (Language): the pipeline, loaded once per worker thread (a
    pipeline is not shared between threads; workers usually run one)."""
    if not hasattr(_PIPELINES, "by_model"):
        _PIPELINES.by_model = {}
    key = (str(model), whole_text)
    if key not in _PIPELINES.by_model:
        _PIPELINES.by_model[key] = load_pipeline(model, whole_text)
    return _PIPELINES.by_model[key]


def score_partition(partition: Partition, out_dir: str, *, model: str, fields: Fields, fmt: str,
                    per_article: bool, batch_size: int, max_chars: int, hard_max_chars: int,
                    whole_text: bool = False) -> Dict[str, Any]:
    """Score one partition on a worker and write its part, its errors and,
    last, its counts (which mark the part complete).

    RETURNS (Dict[str, Any]): the partition's Stats as a dict.
    """
    nlp = cached_pipeline(model, whole_text)
    out_path = Path(out_dir)
    # A task of an earlier, interrupted client may still be running the same
    # partition: the working files of each attempt have their own names.
    attempt = f"{partition.name}.{uuid.uuid4().hex[:8]}"
    tmp_out = out_path / TMP_DIR / f"{attempt}.jsonl"
    tmp_errors = out_path / TMP_DIR / f"{attempt}.errors.jsonl"
    stats = Stats()
    items = (item for source in partition.sources
             for item in read_source(source, fields, hard_max_chars=hard_max_chars))
    with JsonlWriter(tmp_out) as out, JsonlWriter(tmp_errors) as errors:
        scored = score_items(nlp, items, batch_size=batch_size, max_chars=max_chars)
        for n, (item, quotes) in enumerate(scored, 1):
            write_item(item, quotes, out, errors, (stats,), per_article=per_article, max_chars=max_chars)
            if n % batch_size == 0:
                out.flush()
                errors.flush()
    part = out_path / f"{partition.name}.{fmt}"
    if fmt == "parquet":
        jsonl_to_parquet(tmp_out, part, per_article)
        tmp_out.unlink()
    else:
        tmp_out.replace(part)
    (out_path / ERRORS_DIR).mkdir(exist_ok=True)
    tmp_errors.replace(out_path / ERRORS_DIR / f"{partition.name}.jsonl")
    (out_path / DONE_DIR).mkdir(exist_ok=True)
    write_json_atomic(out_path / DONE_DIR / f"{partition.name}.json", stats.to_dict())
    return stats.to_dict()


def _start(output: Path, plan: Dict[str, Any], *, resume: bool, overwrite: bool) -> Dict[str, Any]:
    """RETURNS (dict): the checkpoint to go on from; a fresh start clears the
    parts and working files of an earlier run (and nothing else)."""
    path = output / CHECKPOINT
    old = srsly.read_json(path) if path.exists() else None
    if old is not None and resume and not overwrite:
        for what in ("inputs", "options"):
            if old.get("plan", {}).get(what) != plan[what]:
                raise ValueError(Errors.E075.format(path=output, checkpoint=path, what=what))
        return old
    if old is not None and not old.get("complete") and not overwrite:
        raise ValueError(Errors.E074.format(path=output, checkpoint=path))
    output.mkdir(parents=True, exist_ok=True)
    for part in itertools.chain(output.glob("part-*.jsonl"), output.glob("part-*.parquet")):
        part.unlink()
    for name in (DONE_DIR, ERRORS_DIR, TMP_DIR):
        shutil.rmtree(output / name, ignore_errors=True)
    fresh = {"plan": plan, "stats": Stats().to_dict(), "complete": False}
    write_json_atomic(path, fresh)
    return fresh


def score(
    inputs: Iterable[Union[str, Path]],
    output: Union[str, Path],
    *,
    model: Union[str, Path] = "quoteattr",
    fields: Optional[Fields] = None,
    errors: Optional[Union[str, Path]] = None,
    per_article: bool = False,
    batch_size: int = 64,
    max_chars: int = 100_000,
    hard_max_chars: int = 1_000_000,
    workers: int = 2,
    scheduler: Optional[str] = None,
    partition_bytes: int = 64 * 2**20,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = False,
    whole_text: bool = False,
) -> Dict[str, Any]:
    """Score a dump of news articles into quote records on a dask cluster.

    Takes the options of `quoteattr.batch.local.score`, except n_process
    (each worker runs one process per task), and:

    output (Union[str, Path]): a directory; parts are written as
        part-00000.jsonl, or .parquet when its name ends in .parquet.
    workers (int): worker processes of the LocalCluster started when no
        scheduler is given.
    scheduler (Optional[str]): the address of a running scheduler
        (tcp://host:8786). Its workers need quoteattr and the pipeline
        installed, and should run one thread each.
    partition_bytes (int): a plain JSONL file larger than this is cut into
        byte ranges of this size.
    RETURNS (Dict[str, Any]): the summary of the run.
    """
    distributed = import_distributed()
    fields = fields or Fields()
    check_options(batch_size=batch_size, max_chars=max_chars, hard_max_chars=hard_max_chars, workers=workers,
                  partition_bytes=partition_bytes)
    output = Path(output).absolute()
    if output.is_file():
        raise ValueError(Errors.E080.format(path=output))
    fmt = output_format(output, default="jsonl")
    errors_path = Path(errors) if errors is not None else default_errors_path(output)
    sources = expand_inputs(inputs)
    plan = run_plan(sources, model=model, fields=fields, per_article=per_article, max_chars=max_chars,
                    hard_max_chars=hard_max_chars, partition_bytes=partition_bytes, format=fmt,
                    whole_text=whole_text)
    state = _start(output, plan, resume=resume, overwrite=overwrite)
    stats, session = Stats.from_dict(state["stats"]), Stats()
    if state["complete"]:
        return summarize(stats, session, 0.0, output=output, errors_file=errors_path)
    settings = dict(model=str(model), fields=fields, fmt=fmt, per_article=per_article, batch_size=batch_size,
                    max_chars=max_chars, hard_max_chars=hard_max_chars, whole_text=whole_text)
    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(distributed.Client(scheduler))
        else:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None))
            client = stack.enter_context(distributed.Client(cluster))
        partitions = plan_partitions(client, sources, partition_bytes)
        done = [p for p in partitions if (output / DONE_DIR / f"{p.name}.json").exists()]
        todo = [p for p in partitions if not (output / DONE_DIR / f"{p.name}.json").exists()]
        for partition in done:
            stats.merge(Stats.from_dict(srsly.read_json(output / DONE_DIR / f"{partition.name}.json")))
        bar = Progress(sum(p.size for p in partitions), sum(p.size for p in done), stats.articles,
                       enabled=progress)
        done_bytes = sum(p.size for p in done)
        start = time.perf_counter()
        # A partial, because client.map takes batch_size for itself.
        task = functools.partial(score_partition, out_dir=str(output), **settings)
        futures = client.map(task, todo, pure=False)
        sizes = {future.key: p.size for future, p in zip(futures, todo)}
        for future in distributed.as_completed(futures):
            part_stats = Stats.from_dict(future.result())
            stats.merge(part_stats)
            session.merge(part_stats)
            done_bytes += sizes[future.key]
            bar.update(done_bytes, stats.articles, stats.quotes)
        seconds = time.perf_counter() - start
    with open(errors_path, "wb") as errors_file:
        for partition in partitions:
            with open(output / ERRORS_DIR / f"{partition.name}.jsonl", "rb") as part_errors:
                shutil.copyfileobj(part_errors, errors_file)
    state.update(stats=stats.to_dict(), complete=True)
    write_json_atomic(output / CHECKPOINT, state)
    for name in (DONE_DIR, ERRORS_DIR, TMP_DIR):
        shutil.rmtree(output / name, ignore_errors=True)
    bar.close(stats.articles, stats.quotes)
    return summarize(stats, session, seconds, output=output, errors_file=errors_path)
