"""The corpus authoring format: inline markup that a script turns into offsets.

One document per file::

    id: wire-2024-11-07-peskov
    date: 2024-11-07
    source: wire
    ---
    MOSCOW (Wire) -- {s1|Kremlin spokesman Dmitry Peskov} {c1|said} on Thursday
    that {q1|Moscow had no illusions}.

    "{q2|Things cannot get worse},” {s2|he} {c2|added}.
    ===
    q1 indirect c1 s1 | Dmitry Peskov | Donald Trump=neutral
    q2 direct c2 s2 | Dmitry Peskov |
    n1 scare

Spans are ``{label|text}`` with labels q<N> (quote), c<N> (cue), s<N>
(speaker mention) and n<N> (negative: a title, scare quote, headline or
caption in marks that is *not* a quote). Spans may nest. The text may not
contain literal braces. Each quote line gives: type, cue label or ``-``,
speaker-mention label or ``-``, then ``|`` canonical speaker (``-`` for none),
then ``|`` stance pairs ``Target=label`` separated by commas (empty: the quote
concerns no candidate). Negatives go to ``meta.negatives``.
"""
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple, Union

from ..constants import NEGATIVE_KINDS
from ..errors import Errors

LABEL_RE = re.compile(r"\{([qcsn]\d+)\|")
QUOTE_LINE_RE = re.compile(r"^(q\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\|\s*([^|]*?)\s*\|\s*(.*?)\s*$")
NEG_LINE_RE = re.compile(r"^(n\d+)\s+(\S+)\s*$")


def _fail(where: str, problem: str) -> ValueError:
    return ValueError(Errors.E020.format(where=where, problem=problem))


def strip_markup(body: str, where: str) -> Tuple[str, Dict[str, Tuple[int, int]]]:
    """Remove {label|...} markup. RETURNS (text, {label: (start, end)})."""
    out: List[str] = []
    pos = 0  # length of the output so far
    stack: List[Tuple[str, int]] = []
    spans: Dict[str, Tuple[int, int]] = {}
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "{":
            m = LABEL_RE.match(body, i)
            if not m:
                line = body.count("\n", 0, i) + 1
                raise _fail(where, f"body line {line}: '{{' not followed by a label like q1| ({body[i:i + 30]!r})")
            stack.append((m.group(1), pos))
            i = m.end()
            continue
        if ch == "}":
            if not stack:
                line = body.count("\n", 0, i) + 1
                raise _fail(where, f"body line {line}: '}}' closes no span")
            label, start = stack.pop()
            if label in spans:
                raise _fail(where, f"label {label} is used twice")
            spans[label] = (start, pos)
            i += 1
            continue
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        raise _fail(where, f"span {stack[-1][0]} is never closed")
    return "".join(out), spans


def parse_document(source: str, where: str) -> Dict[str, Any]:
    """Parse one authoring document. RETURNS (dict): a schema record."""
    source = source.replace("\r\n", "\n")
    head, sep, rest = source.partition("\n---\n")
    if not sep:
        raise _fail(where, "no '---' line after the header")
    body, sep, annotations = rest.partition("\n===\n")
    if not sep:
        if rest.rstrip().endswith("\n==="):
            body, annotations = rest.rstrip()[:-4], ""
        else:
            raise _fail(where, "no '===' line after the body")
    meta: Dict[str, Any] = {}
    for line in head.strip().splitlines():
        key, colon, value = line.partition(":")
        if not colon:
            raise _fail(where, f"header line {line!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    doc_id = meta.pop("id", None)
    if not doc_id:
        raise _fail(where, "header has no 'id'")
    body = body.strip("\n")
    text, spans = strip_markup(body, where)
    stripped = text.rstrip()
    if stripped != text or text.lstrip() != text:
        raise _fail(where, "the body starts or ends with whitespace")
    quotes, negatives, used = [], [], set()

    def span_of(label: str, kind: str, line: str) -> Any:
        if label == "-":
            return None
        if not label.startswith(kind) or label not in spans:
            raise _fail(where, f"annotation {line!r}: {label} is not a {kind}<N> span in the body")
        used.add(label)
        return list(spans[label])

    for line in annotations.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = QUOTE_LINE_RE.match(line)
        if m:
            label, qtype, cue, mention, speaker, stance_text = m.groups()
            if label not in spans:
                raise _fail(where, f"annotation {line!r}: {label} is not a span in the body")
            used.add(label)
            stance: Dict[str, str] = {}
            for pair in filter(None, (p.strip() for p in stance_text.split(","))):
                target, eq, value = pair.partition("=")
                if not eq:
                    raise _fail(where, f"annotation {line!r}: stance {pair!r} is not Target=label")
                stance[target.strip()] = value.strip()
            start, end = spans[label]
            quotes.append({
                "start": start,
                "end": end,
                "type": qtype,
                "cue": span_of(cue, "c", line),
                "speaker_span": span_of(mention, "s", line),
                "speaker": None if speaker in ("-", "") else speaker,
                "stance": stance,
            })
            continue
        m = NEG_LINE_RE.match(line)
        if m:
            label, kind = m.groups()
            if label not in spans:
                raise _fail(where, f"annotation {line!r}: {label} is not a span in the body")
            if kind not in NEGATIVE_KINDS:
                raise _fail(where, f"annotation {line!r}: negative kind must be one of {list(NEGATIVE_KINDS)}")
            used.add(label)
            start, end = spans[label]
            negatives.append({"start": start, "end": end, "kind": kind})
            continue
        raise _fail(where, f"annotation line {line!r} is neither 'qN TYPE CUE SPEAKER | name | stance' nor 'nN KIND'")
    unused = sorted(set(spans) - used)
    if unused:
        raise _fail(where, f"spans {unused} are marked in the body but used by no annotation line")
    quotes.sort(key=lambda q: (q["start"], q["end"]))
    if negatives:
        meta["negatives"] = sorted(negatives, key=lambda n: n["start"])
    return {"id": doc_id, "text": text, "meta": meta, "quotes": quotes}


def read_documents(directory: Union[str, Path]) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """Yield (path, record) for every *.txt authoring file under directory, sorted."""
    for path in sorted(Path(directory).rglob("*.txt")):
        yield str(path), parse_document(path.read_text("utf8"), str(path))
