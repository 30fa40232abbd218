"""Batch scoring (`quoteattr score`): inputs, bad records, resume, engines."""
import gzip
import json
import os
import signal
import sys
from pathlib import Path

import pytest
import spacy
import srsly
from spacy.language import Language
from typer.testing import CliRunner

import quoteattr.pipeline  # noqa: F401
from quoteattr.batch import Fields, local, score, split_text
from quoteattr.batch.io import expand_inputs, read_source

QUOTE_1 = '"We will work with any president the American people elect," Putin said.'
QUOTE_2 = '"Trump is a strong leader who wants peace and a deal," he added.'
FIELDS = ["source", "line", "id", "reason"]


def article_text(i: int, paragraphs: int = 3) -> str:
    parts = [f"Article {i} opens with a plain paragraph."]
    for p in range(paragraphs - 1):
        parts.append(QUOTE_1 if p % 2 == 0 else QUOTE_2)
    return "\n\n".join(parts)


def write_lines(path: Path, lines) -> Path:
    """Write JSONL from dicts (dumped) and bytes/str (written as they are)."""
    with open(path, "wb") as fh:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line)
            fh.write((line.encode("utf-8") if isinstance(line, str) else line) + b"\n")
    return path


def dump(path: Path, n: int, start: int = 0, bad_every: int = 0) -> Path:
    lines = []
    for i in range(start, start + n):
        if bad_every and i % bad_every == 0:
            lines.append("{broken json")
        else:
            lines.append({"id": f"a{i}", "date": "2024-11-07", "text": article_text(i, 2 + i % 3)})
    return write_lines(path, lines)


def errors_of(path: Path):
    return [tuple(r[k] for k in FIELDS) for r in srsly.read_jsonl(path)]


@pytest.fixture(scope="session")
def model(tmp_path_factory) -> str:
    nlp = spacy.blank("en")
    for name in ("quote_finder", "speaker_attributor", "speaker_resolver"):
        nlp.add_pipe(name)
    path = tmp_path_factory.mktemp("batch_model") / "tiny"
    nlp.to_disk(path)
    return str(path)


def test_split_text_cuts_at_paragraphs():
    text = "\n\n".join(f"Paragraph {i} " + "word " * (i % 7 + 3) for i in range(40))
    pieces = split_text(text, 120)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 120 for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])
    assert split_text("one long word " * 20, 50)[1][0] <= 50
    assert split_text("short", 50) == [(0, "short")]


def test_bad_records_go_to_errors_file(tmp_path, model):
    long_text = "\n\n".join(article_text(i, 3) for i in range(6))  # about 950 characters
    bad = tmp_path / "bad.jsonl"
    write_lines(bad, [
        {"id": "first", "text": article_text(1)},
        "{not json",
        {"id": "m", "body": "no text field"},
        {"id": "n", "text": 42},
        {"id": "e", "text": "  \n "},
        b'{"id": "u", "text": "caf\xe9"}',
        "[1, 2]",
        {"id": "huge", "text": "word " * 1200},
        {"id": "long", "text": long_text},
        "",
        '{"id": "s", "text": "lone \\ud800 surrogate"}',
        "x" * 200_000,
        {"id": "last", "text": article_text(3)},
    ])
    truncated = tmp_path / "truncated.jsonl.gz"
    data = gzip.compress(dump(tmp_path / "t.jsonl", 50).read_bytes())
    truncated.write_bytes(data[: len(data) // 2])
    good = dump(tmp_path / "good.jsonl", 3, start=100)
    out = tmp_path / "out.jsonl"
    summary = score([bad, truncated, good], out, model=model, max_chars=300, hard_max_chars=5000, batch_size=4)
    errors = errors_of(tmp_path / "out.errors.jsonl")
    b = str(bad)
    assert errors[:10] == [
        (b, 2, None, "invalid_json"),
        (b, 3, "m", "missing_text"),
        (b, 4, "n", "text_not_string"),
        (b, 5, "e", "empty_text"),
        (b, 6, None, "undecodable"),
        (b, 7, None, "not_an_object"),
        (b, 8, "huge", "too_long"),
        (b, 11, "s", "undecodable"),
        (b, 12, None, "too_long"),
        (str(truncated), errors[9][1], None, "unreadable"),
    ]
    assert len(errors) == 10
    records = list(srsly.read_jsonl(out))
    ids = [r["id"] for r in records]
    scored_from_gz = errors[9][1] - 1
    assert ids[:2] == ["first", "first"] and ids.count("last") == 2
    assert ids.count("long") >= 6
    assert len({i for i in ids if i.startswith("a")}) == scored_from_gz + 3
    for r in records:
        if r["id"] == "long":
            assert long_text[r["start"]:r["end"]] == r["text"]
    assert summary["split"] == 1
    assert summary["skipped"] == {"invalid_json": 1, "missing_text": 1, "text_not_string": 1, "empty_text": 1,
                                  "undecodable": 2, "not_an_object": 1, "too_long": 2, "unreadable": 1}
    assert summary["articles"] == 12 + 1 + scored_from_gz + 3
    # The long article in pieces gives the quotes it gives whole.
    whole = tmp_path / "whole.jsonl"
    score([bad], whole, model=model, hard_max_chars=5000)
    assert [r for r in srsly.read_jsonl(whole) if r["id"] == "long"] == [r for r in records if r["id"] == "long"]


@Language.component("test_batch_boom")
def boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("boom")
    return doc


def test_pipeline_error_loses_one_article(tmp_path, model):
    nlp = spacy.load(model)
    nlp.add_pipe("test_batch_boom", first=True)
    nlp.to_disk(tmp_path / "boom")
    src = write_lines(tmp_path / "in.jsonl", [{"id": f"a{i}", "text": article_text(i) + (" BOOM" if i == 2 else "")}
                                              for i in range(5)])
    summary = score([src], tmp_path / "out.jsonl", model=tmp_path / "boom", batch_size=2)
    assert errors_of(tmp_path / "out.errors.jsonl") == [(str(src), 3, "a2", "pipeline_error")]
    assert {r["id"] for r in srsly.read_jsonl(tmp_path / "out.jsonl")} == {"a0", "a1", "a3", "a4"}
    assert summary["scored"] == 4


def test_inputs_csv_parquet_gz_and_dotted_fields(tmp_path, model):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    csv_path = tmp_path / "a.csv"
    csv_path.write_text('id,meta.date,body.text\nc1,2024-01-02,"' + article_text(1).replace('"', '""') + '"\n'
                        'c2,,\n', encoding="utf-8")
    table = pa.table({
        "id": pa.array([7, 8], pa.int64()),
        "meta": pa.array([{"date": datetime.date(2024, 3, 4)}, {"date": None}],
                         pa.struct([("date", pa.date32())])),
        "body": pa.array([{"text": article_text(2)}, {"text": None}], pa.struct([("text", pa.string())])),
    })
    pq.write_table(table, tmp_path / "b.parquet")
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "meta": {"date": "2024-05-06"}, "body": {"text": article_text(3)}}) + "\n")
        fh.write(json.dumps({"meta": {"date": "2024-05-07"}, "body": {"text": article_text(4)}}) + "\n")
    fields = Fields(text="body.text", id="id", date="meta.date")
    out = tmp_path / "out.jsonl"
    summary = score([str(tmp_path / "*.csv"), tmp_path / "b.parquet", tmp_path / "c.jsonl.gz"], out,
                    model=model, fields=fields)
    got = {(r["id"], r["date"], Path(r["source"]).name) for r in srsly.read_jsonl(out)}
    assert got == {("c1", "2024-01-02", "a.csv"), ("7", "2024-03-04", "b.parquet"),
                   ("g1", "2024-05-06", "c.jsonl.gz"), ("c.jsonl.gz:2", "2024-05-07", "c.jsonl.gz")}
    assert errors_of(tmp_path / "out.errors.jsonl") == [
        (str(csv_path), 2, "c2", "empty_text"), (str(tmp_path / "b.parquet"), 2, "8", "missing_text")]
    assert summary["scored"] == 4


def test_txt_directory(tmp_path, model):
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(article_text(1), encoding="utf-8")
    (folder / "sub" / "two.txt").write_text(article_text(2), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.md").write_text("not read", encoding="utf-8")
    assert [s.article_id for s in expand_inputs([folder])] == ["empty", "one", "sub/two"]
    out = tmp_path / "out.jsonl"
    score([folder], out, model=model)
    assert {r["id"] for r in srsly.read_jsonl(out)} == {"one", "sub/two"}
    assert errors_of(tmp_path / "out.errors.jsonl") == [(str(folder / "empty.txt"), 1, "empty", "empty_text")]


def test_parquet_output_and_per_article(tmp_path, model):
    import pyarrow.parquet as pq

    src = dump(tmp_path / "in.jsonl", 30, bad_every=7)
    score([src], tmp_path / "out.jsonl", model=model)
    score([src], tmp_path / "out.parquet", model=model)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    for row in rows:
        row["stance_scores"] = dict(row["stance_scores"] or [])
    assert rows == list(srsly.read_jsonl(tmp_path / "out.jsonl"))
    assert not (tmp_path / "out.parquet.partial.jsonl").exists()
    score([src], tmp_path / "articles.jsonl", model=model, per_article=True)
    articles = list(srsly.read_jsonl(tmp_path / "articles.jsonl"))
    assert len(articles) == 30 - 5
    assert all(set(a) == {"id", "text", "meta", "quotes"} for a in articles)
    assert sum(len(a["quotes"]) for a in articles) == len(rows)
    for a in articles:
        assert a["meta"] == {"date": "2024-11-07", "source": str(src)}
        assert all(a["text"][q["start"]:q["end"]] == q["text"] for q in a["quotes"])
    score([src], tmp_path / "articles.parquet", model=model, per_article=True)
    assert pq.read_table(tmp_path / "articles.parquet").num_rows == len(articles)


def test_n_process_2_gives_the_same_output(tmp_path, model):
    src = dump(tmp_path / "in.jsonl", 60, bad_every=9)
    score([src], tmp_path / "one.jsonl", model=model, batch_size=8)
    score([src], tmp_path / "two.jsonl", model=model, batch_size=8, n_process=2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (tmp_path / "one.errors.jsonl").read_bytes() == (tmp_path / "two.errors.jsonl").read_bytes()


def _inputs(tmp_path):
    return [dump(tmp_path / "a.jsonl", 40, bad_every=6), dump(tmp_path / "b.jsonl", 25, start=40, bad_every=11)]


def test_resume_after_interrupt(tmp_path, model, monkeypatch):
    inputs = _inputs(tmp_path)
    expected = score(inputs, tmp_path / "full.jsonl", model=model, batch_size=8)
    real = local.score_items

    def interrupted(*args, **kwargs):
        for n, result in enumerate(real(*args, **kwargs)):
            if n == 45:  # mid-batch, in the second file
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(local, "score_items", interrupted)
    with pytest.raises(KeyboardInterrupt):
        score(inputs, tmp_path / "out.jsonl", model=model, batch_size=8)
    monkeypatch.setattr(local, "score_items", real)
    with pytest.raises(ValueError, match="E074"):
        score(inputs, tmp_path / "out.jsonl", model=model, batch_size=8)
    with pytest.raises(ValueError, match="E075"):
        score(inputs, tmp_path / "out.jsonl", model=model, batch_size=8, max_chars=500, resume=True)
    resumed = score(inputs, tmp_path / "out.jsonl", model=model, batch_size=5, resume=True)
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "full.jsonl").read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (tmp_path / "full.errors.jsonl").read_bytes()
    for key in ("articles", "scored", "skipped", "quotes", "words"):
        assert resumed[key] == expected[key]
    assert resumed["articles"] > 0
    # A finished run resumed again does nothing, and says what it did.
    again = score(inputs, tmp_path / "out.jsonl", model=model, resume=True)
    assert again["quotes"] == expected["quotes"]


def test_resume_after_kill_9(tmp_path, model):
    inputs = _inputs(tmp_path)
    score(inputs, tmp_path / "full.jsonl", model=model, batch_size=8, per_article=True)
    out = tmp_path / "out.jsonl"
    # A forked child (cheaper than a fresh interpreter) runs the scoring and is
    # killed with SIGKILL once the output of batch 3 is flushed but before its
    # checkpoint is written: the worst moment.
    pid = os.fork()
    if pid == 0:
        try:
            real, calls = local.write_json_atomic, []

            def write_then_die(path, data):
                calls.append(path)
                if len(calls) == 4:
                    os.kill(os.getpid(), signal.SIGKILL)
                real(path, data)

            local.write_json_atomic = write_then_die
            score(inputs, out, model=model, batch_size=8, per_article=True)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    checkpoint = srsly.read_json(tmp_path / "out.jsonl.checkpoint.json")
    assert 0 < checkpoint["output_bytes"] < out.stat().st_size < (tmp_path / "full.jsonl").stat().st_size
    score(inputs, out, model=model, batch_size=8, per_article=True, resume=True)
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (tmp_path / "full.errors.jsonl").read_bytes()


def test_option_errors(tmp_path, model, monkeypatch):
    src = dump(tmp_path / "in.jsonl", 2)
    with pytest.raises(ValueError, match="E071"):
        score([str(tmp_path / "*.csv")], tmp_path / "out.jsonl", model=model)
    with pytest.raises(ValueError, match="E013"):
        score([tmp_path / "missing.jsonl"], tmp_path / "out.jsonl", model=model)
    (tmp_path / "in.xml").write_text("<a/>")
    with pytest.raises(ValueError, match="E072"):
        score([tmp_path / "in.xml"], tmp_path / "out.jsonl", model=model)
    with pytest.raises(ValueError, match="E073"):
        score([src], tmp_path / "out.csv", model=model)
    with pytest.raises(ValueError, match="E078"):
        score([src], tmp_path / "out.jsonl", model=model, n_process=0)
    from quoteattr.batch import dask as dask_engine

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match="E076"):
        dask_engine.score([src], tmp_path / "parts", model=model)


def test_read_source_skip_matches_resume(tmp_path):
    src = dump(tmp_path / "in.jsonl", 10, bad_every=4)
    source = expand_inputs([src])[0]
    items = list(read_source(source, Fields(), hard_max_chars=1000))
    assert [i.line for i in items] == list(range(1, 11))
    assert list(read_source(source, Fields(), hard_max_chars=1000, skip=6)) == items[6:]
    # A file that breaks off: resuming right after its error does not repeat it.
    data = gzip.compress(src.read_bytes())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    cut = expand_inputs([tmp_path / "cut.jsonl.gz"])[0]
    items = list(read_source(cut, Fields(), hard_max_chars=1000))
    assert items[-1].reason == "unreadable"
    assert list(read_source(cut, Fields(), hard_max_chars=1000, skip=items[-1].line)) == []


def _dask_inputs(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(3):
        (folder / f"t{i}.txt").write_text(article_text(i), encoding="utf-8")
    big = dump(tmp_path / "big.jsonl", 60, bad_every=7)
    return [big, folder, dump(tmp_path / "small.jsonl", 5, start=100)]


def _check_dask_matches_local(tmp_path, model, **cluster):
    from quoteattr.batch import dask as dask_engine

    inputs = _dask_inputs(tmp_path)
    expected = score(inputs, tmp_path / "local.jsonl", model=model)
    summary = dask_engine.score(inputs, tmp_path / "parts", model=model, partition_bytes=4000, **cluster)
    parts = sorted((tmp_path / "parts").glob("part-*.jsonl"))
    assert len(parts) >= 5  # big.jsonl in byte ranges, the .txt files, small.jsonl
    assert b"".join(p.read_bytes() for p in parts) == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "parts.errors.jsonl").read_bytes() == (tmp_path / "local.errors.jsonl").read_bytes()
    for key in ("articles", "scored", "skipped", "quotes", "words"):
        assert summary[key] == expected[key]


def test_dask_engine_matches_local(tmp_path, model):
    """Through --scheduler, on an in-process cluster (its workers start in no time)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        _check_dask_matches_local(tmp_path, model, scheduler=cluster.scheduler_address)


def test_dask_engine_resume(tmp_path, model, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from quoteattr.batch import dask as dask_engine

    inputs = _dask_inputs(tmp_path)
    score(inputs, tmp_path / "local.jsonl", model=model)
    real = dask_engine.score_partition

    def fail_on_part_2(partition, out_dir, **settings):
        if partition.index == 2:
            raise RuntimeError("worker lost")
        return real(partition, out_dir, **settings)

    out = tmp_path / "parts"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        options = {"model": model, "partition_bytes": 4000, "scheduler": cluster.scheduler_address}
        monkeypatch.setattr(dask_engine, "score_partition", fail_on_part_2)
        with pytest.raises(RuntimeError, match="worker lost"):
            dask_engine.score(inputs, out, **options)
        monkeypatch.setattr(dask_engine, "score_partition", real)
        with pytest.raises(ValueError, match="E074"):
            dask_engine.score(inputs, out, **options)
        dask_engine.score(inputs, out, resume=True, **options)
    parts = sorted(out.glob("part-*.jsonl"))
    assert b"".join(p.read_bytes() for p in parts) == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "parts.errors.jsonl").read_bytes() == (tmp_path / "local.errors.jsonl").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["_checkpoint.json"] + [p.name for p in parts]


@pytest.mark.slow
def test_dask_engine_local_cluster(tmp_path, model):
    """The default: a LocalCluster of worker processes (each imports spaCy: slow)."""
    pytest.importorskip("distributed")
    _check_dask_matches_local(tmp_path, model, workers=2)


def test_cli_score(tmp_path, model):
    import quoteattr.cli.score  # noqa: F401  (registers the command)
    from quoteattr.cli import app

    src = dump(tmp_path / "in.jsonl", 12, bad_every=5)
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(app, ["score", str(src), "--output", str(out), "--model", model, "--batch-size", "4"])
    assert result.exit_code == 0, result.output
    assert "Summary" in result.output and "invalid_json" in result.output and "W002" in result.output
    assert len(list(srsly.read_jsonl(out))) > 0
    result = runner.invoke(app, ["score", str(src), "-o", str(out), "-m", model, "--engine", "spark"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["score", str(tmp_path / "nothing*.jsonl"), "-o", str(out), "-m", model])
    assert result.exit_code == 1 and "E071" in result.output
