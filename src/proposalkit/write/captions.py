"""Numbered table and figure captions (SEQ fields in bookmarks) and the REF fields that cite them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import ooxml
from .context import Caption, WriterState
from .walker import Walker

KINDS = {"table_caption": "Table", "figure": "Figure"}
_LEAVES = {"inline", "table", "paragraph", "heading", "fence", "code_block", "html_block"}  # hold no captions


def number_captions(trees: Iterable, state: WriterState) -> None:
    """Number every labelled caption in document order into `state.captions` (the first of a label wins).

    Cross-references may come before what they cite, so this runs before the walk that writes them.
    """
    counts: dict[str, int] = {}
    taken: set[str] = set()

    def visit(node) -> None:
        kind = KINDS.get(node.type)
        if kind:
            counts[kind] = counts.get(kind, 0) + 1
            label = node.meta.get("label")
            if label and label not in state.captions:
                name = base = "_Ref_" + re.sub(r"[^A-Za-z0-9_]", "_", label)[:30]
                while name in taken:
                    name = f"{base}_{len(taken)}"
                taken.add(name)
                state.captions[label] = Caption(kind, counts[kind], name)
            return
        if node.type not in _LEAVES:
            for child in node.children:
                visit(child)

    for tree in trees:
        visit(tree)


class CaptionRendering(Walker):
    """The caption and cross-reference handlers of DocxRenderer."""

    def render_table_caption(self, node) -> None:
        label = node.meta.get("label")
        inline = node.children[0] if node.children else None
        self._caption("Table", label, inline)

    def render_figure(self, node) -> None:
        inline = node.children[0] if node.children else None
        image = inline.children[0] if inline is not None and inline.children else None
        p = self.new_paragraph("Figure", keep_next=True)
        if image is not None:
            with self.scoped(parent=p, jc=None):
                self.render_node(image)
        self._merge = None
        self._caption("Figure", node.meta.get("label"), image)

    def _caption(self, kind: str, label: str | None, inline) -> None:
        """A Caption paragraph: "Table 3", its number a SEQ field and the pair bookmarked, then the text."""
        number = self.state.sequences.get(kind, 0) + 1
        self.state.sequences[kind] = number
        target = self.state.captions.get(label) if label else None
        mine = target is not None and target.kind == kind and target.number == number
        assert target is not None or not mine
        if label and not mine:
            self.warn(f"caption label '{label}' is used more than once; references go to the first", label)
        p = self.new_paragraph("Caption", keep_next=kind == "Table")
        bookmark_id = None
        if mine and target is not None:
            bookmark_id = self.state.next_bookmark
            self.state.next_bookmark += 1
            self.state.bookmark_names.add(target.bookmark)
            ooxml.bookmark_start(p, bookmark_id, target.bookmark)
        words = self.state.strings
        before_number = words.numbered.split("{number}")[0]  # "Table ", the number a field after it
        ooxml.text_run(p, before_number.format(word=words.caption_word(kind)))
        ooxml.field(p, f"SEQ {kind} \\* ARABIC", str(number))
        if bookmark_id is not None:
            ooxml.bookmark_end(p, bookmark_id)
        if inline is not None and inline.children:
            ooxml.text_run(p, self.state.strings.caption_separator)
            with self.scoped(parent=p):
                self.render_children(inline)
        self._merge = None

    def render_crossref(self, node) -> None:
        label = node.meta.get("label", "")
        target = self.state.captions.get(label)
        if target is None:
            self.warn(f"cross-reference '@{label}' matches no table or figure label; written as text", "@" + label)
            self.add_text(node.content or "@" + label)
            return
        self._merge = None
        ooxml.field(
            self.scope.parent,
            f"REF {target.bookmark} \\h",
            self.state.strings.numbered.format(word=self.state.strings.caption_word(target.kind), number=target.number),
            result_run=lambda parent: self.new_run(),
        )
        self._merge = None
