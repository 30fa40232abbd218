"""Batch scoring: turn a dump of news articles into quote records.

`score` runs on this machine with nlp.pipe; `quoteattr.batch.dask.score`
runs the same scoring on a dask.distributed cluster (the `dask` extra).
"""
from .io import Article, BadRecord, Fields, Source, expand_inputs, read_source
from .local import Stats, score, score_items, split_text

__all__ = ["Article", "BadRecord", "Fields", "Source", "Stats", "expand_inputs", "read_source", "score",
           "score_items", "split_text"]
