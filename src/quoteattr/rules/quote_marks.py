"""Pair quotation marks in raw text. Pure functions, no pipeline needed.

Marks are paired line by line (a line is a paragraph, a caption or a byline),
so a broken mark can never swallow the rest of an article: an opening mark
that is not closed before the line ends gives an *unclosed* span that stops
at the line end (the schema's multi-paragraph quotes look exactly like this).
Apostrophes (``Russia's``, ``don't``, ``'90s``, ``officials'``) are told apart
from single quotation marks by the characters around them.
"""
import re
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Tuple

from ..constants import QUOTE_PAIRS

SINGLE_MARKS = frozenset("'‘’‚")
# A mark may open a quote after these characters (or at a line start).
OPEN_CONTEXT = frozenset(" \t([{—–-/:;,…") | frozenset(QUOTE_PAIRS)
# A mark may close a quote before these characters (or at a line end).
CLOSE_CONTEXT = frozenset(" \t)]}.,;:!?…—–-/") | frozenset("'\"‘’“”«»‹›„‚")


@dataclass
class MarkSpan:
    """A pair of quotation marks and the content between them."""

    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark, or line end if unclosed)
    open_mark: str
    close_mark: Optional[str]  # None if unclosed
    depth: int = 0  # 0 for top-level spans, 1+ for spans nested inside another
    inner: List["MarkSpan"] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.close_mark is not None


def iter_lines(text: str) -> Iterator[Tuple[int, int]]:
    """Yield (start, end) of each non-empty line, trailing whitespace excluded."""
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def _is_apostrophe(text: str, i: int, start: int, end: int, single_open: bool) -> bool:
    """Is the single mark at i an apostrophe rather than a quotation mark?"""
    prev = text[i - 1] if i > start else ""
    nxt = text[i + 1] if i + 1 < end else ""
    if prev.isalnum() and nxt.isalnum():  # don't, Russia's, O'Neill
        return True
    if nxt.isdigit() and (not prev or prev.isspace()):  # '90s, '24
        return True
    if prev.isalpha() and prev.lower() == "s" and not single_open:  # officials' (no open single mark)
        return True
    if text[i] == "’" and prev.isalpha() and not single_open:  # a curly apostrophe ending a word
        return True
    if prev.lower() == "s" and single_open and nxt == " " and text[i + 2:i + 3].islower():
        # "‘The officials’ view is clear,’": a plural possessive, if a later mark can close.
        return any(text[j] == text[i] and _can_close(text, j, start, end) for j in range(i + 2, end))
    return False


def _can_open(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else ""
    return (prev in OPEN_CONTEXT or prev.isspace()) and bool(nxt) and not nxt.isspace()


def _can_close(text: str, i: int, start: int, end: int) -> bool:
    prev = text[i - 1] if i > start else ""
    nxt = text[i + 1] if i + 1 < end else " "
    if prev == " " and i - 2 >= start and (text[i - 2] in "'’" or (text[i - 2] in ",.!?" and text[i] in "”’")):
        # ",' \"": a space between a closing single mark and the double one;
        # "advice, ” he said": a stray space before a closing curly mark
        prev = text[i - 2]
    return bool(prev) and not prev.isspace() and (nxt in CLOSE_CONTEXT or nxt.isspace())


def pair_marks_in_line(text: str, start: int, end: int) -> List[MarkSpan]:
    """Pair the marks of text[start:end]. RETURNS (List[MarkSpan]): top-level spans,
    each with its nested spans in `inner`."""
    stack: List[Tuple[str, int]] = []  # (open mark, content start)
    top: List[MarkSpan] = []
    inner: List[List[MarkSpan]] = [[]]
    for i in range(start, end):
        ch = text[i]
        if ch not in QUOTE_PAIRS and not any(ch in closes for closes in QUOTE_PAIRS.values()):
            continue
        single_open = any(m in SINGLE_MARKS for m, _ in stack)
        if ch in SINGLE_MARKS and _is_apostrophe(text, i, start, end, single_open):
            continue
        # Closing: the mark closes the innermost open mark it pairs with.
        closes_at = None
        if _can_close(text, i, start, end):
            for depth in range(len(stack) - 1, -1, -1):
                if ch in QUOTE_PAIRS[stack[depth][0]]:
                    closes_at = depth
                    break
        if closes_at is not None and not (_can_open(text, i, start, end) and closes_at < len(stack) - 1):
            # Marks opened inside and never closed are dropped: the outer pair wins.
            del stack[closes_at + 1:]
            del inner[closes_at + 2:]
            mark, content_start = stack.pop()
            content_end = i - 1 if text[i - 1] == " " else i  # ",' \""
            span = MarkSpan(content_start, content_end, mark, ch, depth=len(stack), inner=inner.pop())
            if stack:
                inner[-1].append(span)
                inner[-1].extend(span.inner)
            else:
                top.append(span)
            continue
        if ch in QUOTE_PAIRS and _can_open(text, i, start, end):
            stack.append((ch, i + 1))
            inner.append([])
    if stack:
        mark, content_start = stack[0]
        opens_line = not text[start:content_start - 1].strip(" \t—–-")
        if opens_line and content_start < end:
            # A paragraph that opens with a mark and never closes it: the schema's
            # multi-paragraph quote. It runs to the end of the line.
            nested = [s for level in inner[1:] for s in level]
            top.append(MarkSpan(content_start, end, mark, None, depth=0, inner=nested))
        else:
            # A stray mark in mid-line: ignore it, keep the pairs closed after it.
            for level in inner[1:]:
                for span in level:
                    if span.depth == 1:
                        span.depth = 0
                        top.append(span)
    return top


def pair_marks(text: str) -> List[MarkSpan]:
    """Pair quotation marks over a whole text, line by line.

    RETURNS (List[MarkSpan]): top-level spans in text order.
    """
    spans: List[MarkSpan] = []
    for start, end in iter_lines(text):
        spans.extend(_doubled_apostrophes(span) for span in pair_marks_in_line(text, start, end))
    spans.sort(key=lambda s: s.start)
    return spans


def _doubled_apostrophes(span: MarkSpan) -> MarkSpan:
    """''Two apostrophes'' (the mark of NYT archives and LexisNexis dumps) pair as
    one quote inside another; the content is the inner one's."""
    first = span.inner[0] if span.inner else None
    if (first is not None and span.open_mark == span.close_mark == "'" and first.open_mark == first.close_mark == "'"
            and (first.start, first.end) == (span.start + 1, span.end - 1)):
        span.start, span.end = first.start, first.end
        span.inner = span.inner[1:]
        for s in span.inner:
            s.depth -= 1
    return span


def trim(text: str, start: int, end: int) -> Tuple[int, int]:
    """Strip whitespace at both ends of text[start:end]."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
