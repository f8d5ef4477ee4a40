"""A markdown-it core rule that turns a `\\newpage` paragraph or a `<!-- pagebreak -->` block into a page_break token."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# The paragraph text Pandoc and Quarto users write for LaTeX, and the HTML comment form.
_COMMAND = re.compile(r"\\(?:newpage|pagebreak)")
_COMMENT = re.compile(r"<!--\s*pagebreak\s*-->", re.IGNORECASE)


def _break_token(source: Token) -> Token:
    token = Token("page_break", "", 0, map=source.map, block=True, level=source.level)
    token.markup = source.content.strip()
    return token


def _page_breaks(state: StateCore) -> None:
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if (
            token.type == "paragraph_open"
            and i + 2 < len(tokens)
            and _COMMAND.fullmatch(tokens[i + 1].content.strip())
        ):
            out.append(_break_token(tokens[i + 1]))
            i += 3
            continue
        if token.type == "html_block" and _COMMENT.fullmatch(token.content.strip()):
            out.append(_break_token(token))
        else:
            out.append(token)
        i += 1
    state.tokens = out


def page_breaks_plugin(md: MarkdownIt) -> None:
    """Register the page-break rule after inline parsing."""
    md.core.ruler.push("page_break", _page_breaks)
    md.add_render_rule("page_break", lambda self, tokens, idx, options, env: '<div class="page-break"></div>\n')
