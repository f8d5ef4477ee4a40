"""The reference parser: markdown-it-py reading CommonMark, GFM tables and strikethrough and `:::` fenced
divs, into a plain tree (escapes kept as text_special until the extensions join text).

Two inline rules keep the project's syntax as written, so that the extensions find it whole in the text:
a citation group or a cross-reference label is taken as plain text before links, emphasis inside it or
underscores in a label are read. A third rule keeps a `[` with no `]` after it from scanning the rest of
its paragraph, which is quadratic in markdown-it on long runs of brackets.

Text nested deeper than markdown-it-py follows is kept whole, what is deeper flattened to plain text (see
MAX_DEPTH below), and `flattened_line` of the tree says where that starts.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import hr as hr_rule
from markdown_it.rules_block import paragraph as paragraph_rule
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from .depth import BLOCK_DEPTH, FLATTENED, MAX_DEPTH, flattened_line
from .extensions.citations import citation_at
from .extensions.crossrefs import REFERENCE, is_word_char
from .extensions.landscape import is_landscape
from .tree import Node, build_tree

__all__ = ["BLOCK_DEPTH", "MAX_DEPTH", "flattened_line", "plain_tree"]

# MAX_DEPTH and BLOCK_DEPTH: see depth.py.
_PLAIN = "proposalkit_plain_inline"  # a flattened paragraph's inline token until its text is made children


def _as_text(state: StateInline, end: int, silent: bool) -> bool:
    if not silent:
        state.pending += state.src[state.pos : end]
    state.pos = end
    return True


def _unclosed_bracket(state: StateInline, silent: bool) -> bool:
    """`[` or `![` with no `]` anywhere after it is plain text."""
    src, pos = state.src, state.pos
    width = 2 if src.startswith("![", pos) else 1 if src[pos] == "[" else 0
    if not width or src.find("]", pos) != -1:
        return False
    return _as_text(state, pos + width, silent)


def _citation_text(state: StateInline, silent: bool) -> bool:
    """A citation group, as written, is text (the citations extension cuts it out)."""
    if not state.src.startswith("[@", state.pos):
        return False
    match = citation_at(state.src, state.pos)
    return match is not None and _as_text(state, match.end(), silent)


def _reference_text(state: StateInline, silent: bool) -> bool:
    """A cross-reference label, as written, is text (the crossrefs extension cuts it out)."""
    pos = state.pos
    if state.src[pos] != "@" or (pos > 0 and is_word_char(state.src[pos - 1])):
        return False
    match = REFERENCE.match(state.src, pos)
    return match is not None and _as_text(state, match.end(), silent)


def _note(env: MutableMapping, line: int) -> None:
    """Keep the earliest 0-based `line` where the nesting passes the limit."""
    env[FLATTENED] = min(env.get(FLATTENED, line), line)


class _FlatteningBlock(ParserBlock):
    """markdown-it-py's block tokenizer, except that a container's content at BLOCK_DEPTH is read as paragraphs
    of plain text, where markdown-it-py would skip it (and every line after it inside that container)."""

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        if state.level < BLOCK_DEPTH:
            super().tokenize(state, startLine, endLine)
            return
        # ParserBlock.tokenize's loop with the paragraph rule alone: nothing deeper is opened.
        line, empty_before = startLine, False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine or state.sCount[line] < state.blkIndent:
                break
            _note(state.env, line)
            paragraph_rule(state, line, endLine, False)
            state.tokens[-2].type = _PLAIN  # its text is not read for inline markup: see _inline_children
            state.tight = not empty_before
            line = state.line
            if line - 1 < endLine and state.isEmpty(line - 1):
                empty_before = True
            if line < endLine and state.isEmpty(line):
                empty_before = True
                line += 1
                state.line = line


def _hr(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """markdown-it-py's thematic break rule, with its answer for a line holding anything but the marker, spaces
    and tabs found at once: the rule scans the rest of the line character by character, at every level a line
    of list markers (`* * * ... x`) opens."""
    pos = state.bMarks[startLine] + state.tShift[startLine]
    marker = state.src[pos : pos + 1]
    if marker in ("*", "-", "_") and state.src[pos : state.eMarks[startLine]].strip(marker + " \t"):
        return False
    return hr_rule(state, startLine, endLine, silent)


def _plain_children(content: str) -> list[Token]:
    """The inline tokens of text kept as it is written: its lines as text, soft breaks between them."""
    children: list[Token] = []
    for n, line in enumerate(content.split("\n")):
        if n:
            children.append(Token("softbreak", "br", 0))
        if line.strip():
            children.append(Token("text", "", 0, content=line.strip()))
    return children


def _opening_text(token: Token) -> str:
    if token.type == "link_open":
        return "<" if token.markup == "autolink" else "["
    return token.markup  # `*`, `_`, `**`, `__`, `~~`


def _closing_text(opener: Token) -> str:
    if opener.type != "link_open":
        return opener.markup
    if opener.markup == "autolink":
        return ">"
    return f"]({opener.attrs.get('href', '')}{_title(opener)})"


def _title(token: Token) -> str:
    title = token.attrs.get("title")
    if not title:
        return ""
    escaped = str(title).replace('"', '\\"')
    return f' "{escaped}"'


class _InlineFlattener:
    """Keeps as text the inline markup of one inline token that would put a node below MAX_DEPTH, as it is
    written; counts the line breaks before the first such mark, to say where it is."""

    def __init__(self) -> None:
        self.breaks = 0
        self.first: int | None = None  # line breaks before the first mark kept as text

    def children(self, tokens: list[Token], depth: int) -> list[Token]:
        """`tokens`, lying `depth` levels below the root, with what is too deep made text."""
        out: list[Token] = []
        text: list[str] | None = None  # text gathered for out[-1], a text token, once something is flattened
        openers: list[Token | None] = []  # per open span: its opening token if that was made text
        kept = 0  # the spans open around the current token
        for token in tokens:
            nesting = token.nesting
            piece = None
            if nesting == 1:
                if depth + kept >= MAX_DEPTH:  # its content would lie below MAX_DEPTH
                    openers.append(token)
                    piece = _opening_text(token)
                else:
                    openers.append(None)
                    token.level = kept
                    kept += 1
            elif nesting == -1:
                opener = openers.pop() if openers else None
                if opener is not None:
                    piece = _closing_text(opener)
                else:
                    kept -= 1
                    token.level = kept
            else:
                kind = token.type
                if kind == "softbreak" or kind == "hardbreak":
                    self.breaks += 1
                elif kind == "html_inline":
                    self.breaks += token.content.count("\n")
                elif kind == "text" and text is not None:
                    piece = token.content
                if token.children:  # an image: its alt text lies a level below it
                    if depth + kept >= MAX_DEPTH:
                        piece = f"![{token.content}]({token.attrs.get('src', '')}{_title(token)})"
                    else:
                        token.children = self.children(token.children, depth + kept + 1)
                token.level = kept
            if piece is None:
                if text is not None:
                    out[-1].content = "".join(text)
                    text = None
                out.append(token)
                continue
            if self.first is None:
                self.first = self.breaks
            if text is None:
                if out and out[-1].type == "text":
                    text = [out[-1].content]
                else:
                    out.append(Token("text", "", 0, level=kept))
                    text = []
            text.append(piece)
        if text is not None:
            out[-1].content = "".join(text)
        return out


def _inline_children(tokens: list[Token], env: MutableMapping) -> None:
    """Each inline token's children, in place, within MAX_DEPTH: the text of a paragraph flattened by
    _FlatteningBlock as it is written; inline markup that would put a node below MAX_DEPTH as text."""
    line = 0
    for token in tokens:
        if token.map:
            line = token.map[0]
        if token.type == _PLAIN:
            token.type = "inline"
            token.children = _plain_children(token.content)
        elif token.type == "inline" and token.children:
            flattener = _InlineFlattener()
            token.children = flattener.children(token.children, token.level + 2)
            if flattener.first is not None:
                _note(env, line + flattener.first)


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one configured markdown-it-py parser, its block tokenizer flattening what is nested too deep and its
    thematic break rule quick to refuse long lines."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False, "maxNesting": MAX_DEPTH})
    md.enable(["table", "strikethrough"])
    md.disable("text_join")  # the extensions join text once they have cut their syntax out of it
    md.inline.ruler.before("link", "unclosed_bracket", _unclosed_bracket)
    md.inline.ruler.before("link", "citation_text", _citation_text)
    md.inline.ruler.before("link", "reference_text", _reference_text)
    md.use(container_plugin, "landscape", validate=is_landscape)
    hr = next(rule for rule in md.block.ruler.__rules__ if rule.name == "hr")
    md.block.ruler.at("hr", _hr, {"alt": hr.alt})
    block = _FlatteningBlock()
    block.ruler = md.block.ruler
    md.block = block
    return md


def plain_tree(text: str) -> Node:
    """The plain tree of `text`, all of it: where the text nests past MAX_DEPTH, what is deeper is kept as text
    at the deepest level allowed, and `flattened_line` of the tree says where that starts."""
    env: dict = {}
    tokens = markdown_parser().parse(text, env)
    _inline_children(tokens, env)
    root = build_tree(tokens)
    if FLATTENED in env:
        root.meta[FLATTENED] = env[FLATTENED] + 1
    return root
