"""The stance model: pooled quote and context vectors plus target features, and
(v2) a sparse linear layer over hashed n-grams, as in spaCy's bag-of-words textcat."""
from typing import Callable, List, Optional, Tuple

from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Linear, Maxout, Model, SparseLinear_v2, chain
from thinc.types import Floats2d, Ints1d, Ints2d

# docs, per-doc (quote, context) token ranges, per-quote target features and, for
# v2, per (quote, target) hashed n-gram keys, their values and counts.
StanceInput = Tuple[List[Doc], List[Ints2d], Floats2d, Tuple[Ints1d, Floats2d, Ints1d]]


@registry.architectures("quoteattr.StanceModel.v1")
def build_stance_model(
    tok2vec: Model[List[Doc], List[Floats2d]],
    hidden_width: int = 64,
    n_features: int = 13,
    n_targets: int = 3,
    n_classes: int = 4,
    dropout: float = 0.1,
    width: Optional[int] = None,
) -> Model[StanceInput, Floats2d]:
    """Score every (quote, target) pair with one scorer shared by the targets.

    Input: the docs; per doc an array of rows (quote_start, quote_end,
    context_start, context_end) in tokens; and per quote a row of n_targets *
    n_features target features. Each (quote, target) pair is scored from the
    pooled quote vector, the pooled context vector, that target's features and
    a one-hot target id, so what is learned about one candidate carries over to
    the others. Output: one row per quote of n_targets * n_classes logits
    (softmax per target, done by the component).

    tok2vec (Model[List[Doc], List[Floats2d]]): token encoder, own or a listener.
    width (Optional[int]): the encoder's output width, where the encoder does not
        know it before training (a TransformerListener: 384 for all-MiniLM-L6-v2).
    """
    if width is not None and not tok2vec.has_dim("nO"):
        tok2vec.set_dim("nO", width)
    output = chain(Maxout(hidden_width, dropout=dropout, normalize=True), Linear(n_classes))
    return Model(
        "stance_model",
        forward,
        init=init,
        layers=[tok2vec, output],
        refs={"tok2vec": tok2vec, "output": output},
        dims={"n_features": n_features, "n_targets": n_targets, "n_classes": n_classes},
    )


@registry.architectures("quoteattr.StanceModel.v2")
def build_stance_model_v2(
    tok2vec: Model[List[Doc], List[Floats2d]],
    hidden_width: int = 64,
    n_features: int = 13,
    n_targets: int = 3,
    n_classes: int = 4,
    dropout: float = 0.1,
    width: Optional[int] = None,
    bow_length: int = 2 ** 18,
) -> Model[StanceInput, Floats2d]:
    """StanceModel.v1 plus a bag-of-words path: the logits of every (quote,
    target) pair are the neural scorer's plus those of a sparse linear layer
    over the pair's hashed n-grams (built by the stance_tagger: the quote's
    words and word pairs and the context's words, as such and tagged with the
    target, and the speaker tagged with the target), so that words seen a few
    times in training count directly.

    bow_length (int): rows of the sparse layer's hash table.
    """
    model = build_stance_model(tok2vec, hidden_width=hidden_width, n_features=n_features, n_targets=n_targets,
                               n_classes=n_classes, dropout=dropout, width=width)
    bow = SparseLinear_v2(n_classes, length=bow_length)
    return Model(
        "stance_model_bow",
        forward_bow,
        init=init_bow,
        layers=[model, bow],
        refs={"tok2vec": model.get_ref("tok2vec"), "output": model.get_ref("output"), "bow": bow},
        dims={"n_features": n_features, "n_targets": n_targets, "n_classes": n_classes},
    )


def init_bow(model: Model, X=None, Y=None) -> Model:
    model.layers[0].initialize(X=X)
    model.get_ref("bow").initialize()
    return model


def forward_bow(model: Model, inputs: StanceInput, is_train: bool) -> Tuple[Floats2d, Callable]:
    neural, bow = model.layers
    Y, bp_neural = neural(inputs, is_train)
    keys, values, lengths = inputs[3]
    n = Y.shape[0]
    Y_bow, bp_bow = bow((keys, values, lengths), is_train)

    def backprop(dY: Floats2d) -> StanceInput:
        bp_bow(model.ops.asarray2f(dY.reshape(len(lengths), -1)))
        return bp_neural(dY)

    return Y + Y_bow.reshape(n, -1), backprop


def _target_rows(model: Model, feats: Floats2d, n: int) -> Floats2d:
    """One row per (quote, target): that target's features and a one-hot target id."""
    n_targets, n_features = model.get_dim("n_targets"), model.get_dim("n_features")
    xp = model.ops.xp
    target_ids = xp.tile(xp.eye(n_targets, dtype="f"), (n, 1))
    return xp.hstack([model.ops.asarray2f(feats).reshape(n * n_targets, n_features), target_ids])


def _n_inputs(model: Model, width: int) -> int:
    return 2 * width + model.get_dim("n_features") + model.get_dim("n_targets")


def init(model: Model, X=None, Y=None) -> Model:
    tok2vec = model.get_ref("tok2vec")
    if X is not None:
        tok2vec.initialize(X=X[0])
    else:
        tok2vec.initialize()
    width = tok2vec.get_dim("nO")
    model.get_ref("output").initialize(X=model.ops.alloc2f(2, _n_inputs(model, width)))
    return model


def forward(model: Model, inputs: StanceInput, is_train: bool) -> Tuple[Floats2d, Callable]:
    docs, spans, feats = inputs[:3]
    tok2vec = model.get_ref("tok2vec")
    output = model.get_ref("output")
    n_targets = model.get_dim("n_targets")
    xp = model.ops.xp
    vecs, bp_vecs = tok2vec(docs, is_train)
    width = tok2vec.get_dim("nO")
    rows = []
    for V, S in zip(vecs, spans):
        for qs, qe, cs, ce in S:
            rows.append(xp.concatenate([V[qs:qe].mean(axis=0), V[cs:ce].mean(axis=0)]))
    pooled = xp.vstack(rows) if rows else model.ops.alloc2f(0, 2 * width)
    n = pooled.shape[0]
    # One row per (quote, target): pooled vectors, the target's features, target id.
    X = xp.hstack([xp.repeat(pooled, n_targets, axis=0), _target_rows(model, feats, n)])
    Y, bp_output = output(X, is_train)

    def backprop(dY: Floats2d) -> StanceInput:
        dX = bp_output(dY.reshape(n * n_targets, -1))
        d_pooled = dX[:, :2 * width].reshape(n, n_targets, 2 * width).sum(axis=1)
        d_vecs = [model.ops.alloc2f(*V.shape) for V in vecs]
        i = 0
        for d, S in enumerate(spans):
            for qs, qe, cs, ce in S:
                d_vecs[d][qs:qe] += d_pooled[i, :width] / (qe - qs)
                d_vecs[d][cs:ce] += d_pooled[i, width:] / (ce - cs)
                i += 1
        bp_vecs(d_vecs)
        return inputs

    return Y.reshape(n, -1), backprop


@registry.architectures("quoteattr.StanceLinear.v1")
def build_stance_linear(
    n_features: int = 13,
    n_targets: int = 3,
    n_classes: int = 4,
    bow_length: int = 2 ** 18,
) -> Model[StanceInput, Floats2d]:
    """A linear stance model, no token vectors: the logits of every (quote,
    target) pair are a linear function of that target's features and target
    id plus a sparse linear function of the pair's hashed n-grams (the
    StanceModel.v2 bag of words). With a few thousand labelled pairs this
    generalises better than the pooled-vector scorer; see training/README.md.
    """
    dense = Linear(n_classes)
    bow = SparseLinear_v2(n_classes, length=bow_length)
    return Model(
        "stance_linear",
        forward_linear,
        init=init_linear,
        layers=[dense, bow],
        refs={"dense": dense, "bow": bow},
        dims={"n_features": n_features, "n_targets": n_targets, "n_classes": n_classes},
    )


def init_linear(model: Model, X=None, Y=None) -> Model:
    n_in = model.get_dim("n_features") + model.get_dim("n_targets")
    model.get_ref("dense").initialize(X=model.ops.alloc2f(2, n_in))
    model.get_ref("bow").initialize()
    return model


def forward_linear(model: Model, inputs: StanceInput, is_train: bool) -> Tuple[Floats2d, Callable]:
    feats, ngrams = inputs[2], inputs[3]
    dense, bow = model.get_ref("dense"), model.get_ref("bow")
    n_targets = model.get_dim("n_targets")
    n = feats.shape[0]
    Y_dense, bp_dense = dense(_target_rows(model, feats, n), is_train)
    Y_bow, bp_bow = bow(ngrams, is_train)

    def backprop(dY: Floats2d) -> StanceInput:
        d = model.ops.asarray2f(dY.reshape(n * n_targets, -1))
        bp_dense(d)
        bp_bow(d)
        return inputs

    return (Y_dense + Y_bow).reshape(n, -1), backprop
