"""Build the corpus JSONL splits from the authoring files."""
import hashlib
from pathlib import Path
from typing import Dict, List, Union

import srsly

from .convert.authoring import read_documents

SPLITS = ("train", "dev", "test")


def split_of(doc_id: str) -> str:
    """Stable split of a document (about 70/15/15): a later document never moves others."""
    bucket = int(hashlib.sha1(doc_id.encode("utf8")).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def build_corpus(authoring_dir: Union[str, Path], output_dir: Union[str, Path]) -> Dict[str, int]:
    """Parse every authoring file and write train/dev/test JSONL. RETURNS: docs per split."""
    splits: Dict[str, List[dict]] = {s: [] for s in SPLITS}
    seen: Dict[str, str] = {}
    for path, record in read_documents(authoring_dir):
        if record["id"] in seen:
            raise ValueError(f"{path}: id {record['id']!r} is also used by {seen[record['id']]}")
        seen[record["id"]] = path
        splits[split_of(record["id"])].append(record)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, records in splits.items():
        records.sort(key=lambda r: r["id"])
        srsly.write_jsonl(output_dir / f"{name}.jsonl", records)
    return {name: len(records) for name, records in splits.items()}
