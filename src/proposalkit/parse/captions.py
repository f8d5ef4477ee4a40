"""markdown-it rules for numbered captions: `Table: … {#tbl-x}` beside a table, `![…](…){#fig-x}`, and `@tbl-x` references."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

LABEL = r"(?:tbl|fig)-[A-Za-z0-9_-]*[A-Za-z0-9_]"
_TABLE_CAPTION = re.compile(r"\s*Table:\s*(.*?)\s*(?:\{\s*#(tbl-[A-Za-z0-9_-]*[A-Za-z0-9_])\s*\})?\s*", re.DOTALL)
_PREFIX = re.compile(r"^\s*Table:\s*")
_LABEL_SUFFIX = re.compile(r"\s*\{\s*#[A-Za-z0-9_-]+\s*\}\s*$")
_FIGURE_LABEL = re.compile(r"\s*\{\s*#(fig-[A-Za-z0-9_-]*[A-Za-z0-9_])\s*\}\s*")
_REFERENCE = re.compile(rf"@({LABEL})")


def _trim_caption(inline: Token) -> None:
    """Drop the `Table:` prefix and the `{#label}` suffix from a caption's inline children."""
    children = inline.children or []
    if children and children[0].type == "text":
        children[0].content = _PREFIX.sub("", children[0].content, count=1)
    if children and children[-1].type == "text":
        children[-1].content = _LABEL_SUFFIX.sub("", children[-1].content)
    inline.children = [c for c in children if not (c.type == "text" and not c.content)]
    inline.content = _PREFIX.sub("", _LABEL_SUFFIX.sub("", inline.content), count=1)


def _caption_tokens(inline: Token, label: str | None, kind: str, level: int) -> list[Token]:
    _trim_caption(inline)
    opening = Token(f"{kind}_caption_open", "p", 1, map=inline.map, block=True, level=level)
    opening.meta = {"label": label}
    closing = Token(f"{kind}_caption_close", "p", -1, block=True, level=level)
    return [opening, inline, closing]


def _caption_match(tokens: list[Token], i: int) -> re.Match | None:
    """The caption match when tokens[i:i+3] is a `Table: …` paragraph."""
    if tokens[i].type != "paragraph_open" or i + 2 >= len(tokens):
        return None
    return _TABLE_CAPTION.fullmatch(tokens[i + 1].content)


def _table_end(tokens: list[Token], start: int) -> int:
    """The index just past the table_close matching the table_open at `start`."""
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting if tokens[j].type.startswith("table_") else 0
        if depth == 0:
            return j + 1
    return len(tokens)


def _caption_from_last_row(table: list[Token]) -> list[Token] | None:
    """A `Table: …` line written right under a table parses as its last row; take it back out as a caption."""
    starts = [j for j, t in enumerate(table) if t.type == "tr_open"]
    if len(starts) < 2:
        return None
    first = starts[-1]
    cells = [t for t in table[first:] if t.type == "inline"]
    if not cells or not _TABLE_CAPTION.fullmatch(cells[0].content) or any(c.content.strip() for c in cells[1:]):
        return None
    end = next(j for j in range(first, len(table)) if table[j].type == "tr_close") + 1
    del table[first:end]
    if table[first].type == "tbody_close" and table[first - 1].type == "tbody_open":
        del table[first - 1 : first + 1]
    match = _TABLE_CAPTION.fullmatch(cells[0].content)
    return _caption_tokens(cells[0], match.group(2), "table", table[0].level)


def _table_captions(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    pending: list[Token] | None = None  # a caption waiting for the table below it
    i = 0
    while i < len(tokens):
        token = tokens[i]
        match = _caption_match(tokens, i)
        if match is not None:
            previous_table = bool(out) and out[-1].type == "table_close" and not out[-1].meta.get("captioned")
            next_table = i + 3 < len(tokens) and tokens[i + 3].type == "table_open"
            if previous_table or next_table:
                caption = _caption_tokens(tokens[i + 1], match.group(2), "table", token.level)
                if previous_table:
                    _put_before_last_table(out, caption)
                else:
                    pending = caption
                i += 3
                continue
        if token.type == "table_open":
            end = _table_end(tokens, i)
            table = list(tokens[i:end])
            caption = pending or _caption_from_last_row(table)
            if caption:
                table[-1].meta = {**(table[-1].meta or {}), "captioned": True}
                out.extend(caption)
            out.extend(table)
            pending = None
            i = end
            continue
        out.append(token)
        i += 1
    return out


def _put_before_last_table(out: list[Token], caption: list[Token]) -> None:
    """Move a caption written under a table to above it, where Word readers look for it."""
    depth, j = 0, len(out) - 1
    while j >= 0:
        if out[j].type == "table_close":
            depth += 1
        elif out[j].type == "table_open":
            depth -= 1
            if depth == 0:
                break
        j -= 1
    out[-1].meta = {**(out[-1].meta or {}), "captioned": True}
    out[j:j] = caption


def _figures(tokens: list[Token]) -> None:
    """A paragraph holding one image then `{#fig-x}` becomes a figure block labelled fig-x."""
    for i, token in enumerate(tokens):
        if token.type != "paragraph_open" or i + 2 >= len(tokens):
            continue
        children = tokens[i + 1].children or []
        if len(children) != 2 or children[0].type != "image" or children[1].type != "text":
            continue
        match = _FIGURE_LABEL.fullmatch(children[1].content)
        if not match:
            continue
        token.type, token.meta = "figure_open", {"label": match.group(1)}
        tokens[i + 2].type = "figure_close"
        tokens[i + 1].children = children[:1]


def _captions(state: StateCore) -> None:
    _figures(state.tokens)
    state.tokens = _table_captions(state.tokens)


def _reference_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "@" or (pos > 0 and (state.src[pos - 1].isalnum() or state.src[pos - 1] == "_")):
        return False
    match = _REFERENCE.match(state.src, pos)
    if not match:
        return False
    if not silent:
        token = state.push("crossref", "", 0)
        token.content = match.group(0)
        token.meta = {"label": match.group(1)}
    state.pos = match.end()
    return True


def captions_plugin(md: MarkdownIt) -> None:
    """Register the caption core rule (after inline parsing) and the `@fig-x`/`@tbl-x` inline rule."""
    md.core.ruler.push("captions", _captions)
    md.inline.ruler.before("link", "crossref", _reference_rule)
    md.add_render_rule("crossref", lambda self, tokens, idx, options, env: tokens[idx].content)
