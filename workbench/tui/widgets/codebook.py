"""The codebook panel: the code tree with counts, and the highlighted code's definition.

Coders check the inclusion and exclusion criteria while they code, so the panel
shows them in full beside the text; ``a`` applies the highlighted code to the
selection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static, Tree

from workbench.tui.bindings import CODE_TREE
from workbench.tui.widgets.transcript import code_colour

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import BindingType
    from textual.widgets.tree import TreeNode

    from workbench.services.code_counts import CodeCount
    from workbench.services.records import CodeInfo


def code_label(code: CodeInfo, count: CodeCount | None = None) -> Text:
    """Name, shortcut and use: ``12 in 3`` (segments in documents; nothing when unused),
    ``Σ 40 in 9`` with its child codes when they add to it."""
    label = Text()
    label.append("■ ", style=code_colour(code.colour, code.guid))
    label.append(code.name)
    if code.shortcut:
        label.append(f" [{code.shortcut}]", style="bold")
    if count is None:
        label.append(f"  {code.codings}", style="dim")
        return label
    if count.segments:
        label.append(f"  {count.segments} in {count.sources}", style="dim")
    if count.total_segments != count.segments:
        label.append(f"  Σ {count.total_segments} in {count.total_sources}", style="dim italic")
    return label


def definition(code: CodeInfo, count: CodeCount | None = None) -> Text:
    """Everything the codebook says about a code, for reading while coding."""
    out = Text()
    out.append(code.path, style="bold")
    out.append(f"\nid {code.guid}", style="dim")
    if code.shortcut:
        out.append(f" · key {code.shortcut}", style="dim")
    if count is None:
        out.append(f" · {code.codings} codings", style="dim")
    else:
        out.append(f" · {count.segments} segments in {count.sources} documents", style="dim")
        if count.total_segments != count.segments:
            out.append(
                f"; with its child codes {count.total_segments} in {count.total_sources}",
                style="dim",
            )
    for title, body in (
        ("", code.description),
        ("Use when", code.inclusion),
        ("Not when", code.exclusion),
    ):
        if body:
            out.append(f"\n\n{title + ': ' if title else ''}", style="bold")
            out.append(" ".join(body.split()))
    for example in code.examples:
        out.append("\n\n• ", style="bold")
        out.append(f"“{' '.join(example.split())}”", style="italic")
    if code.keywords:
        out.append("\n\nKeywords: ", style="bold")
        out.append(", ".join(code.keywords), style="dim")
    return out


class CodeTree(Tree["CodeInfo"]):
    BINDINGS: ClassVar[list[BindingType]] = list(CODE_TREE)

    class EditRequested(Message):
        """A codebook edit asked for in the tree (``n``, ``e``, ``k``, ``v``, ``R``, ``M``)."""

        def __init__(self, action: str, code: CodeInfo | None) -> None:
            super().__init__()
            self.action = action
            self.code = code

    def action_edit(self, action: str) -> None:
        if self.cursor_node is None and self.last_line >= 0:
            self.cursor_line = 0
        node = self.cursor_node
        self.post_message(self.EditRequested(action, node.data if node is not None else None))

    class CodeChosen(Message):
        """The coder asked to apply this code (``a`` in the tree)."""

        def __init__(self, code: CodeInfo) -> None:
            super().__init__()
            self.code = code

    def action_apply(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None:
            self.post_message(self.CodeChosen(node.data))


class CodebookPanel(Vertical):
    DEFAULT_CSS = """
    CodebookPanel {
        CodeTree { height: 1fr; min-height: 5; }
        #code-definition { height: 1fr; padding: 0 1; border-top: solid $panel; }
    }
    """

    def compose(self) -> ComposeResult:
        tree: CodeTree = CodeTree("Codebook", id="code-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        with VerticalScroll(id="code-definition"):
            yield Static("", id="code-definition-text")

    def __init__(self) -> None:
        super().__init__()
        self.nodes: dict[str, TreeNode[CodeInfo]] = {}
        self.counts: dict[str, CodeCount] = {}

    def bump(self, guid: str, delta: int) -> None:
        """One coding more (or fewer) of a code: relabel it and the codes above it.

        Sources are not guessed here: they are counted again when the codebook is read.
        """
        from dataclasses import replace

        node = self.nodes.get(guid)
        if node is None or node.data is None:
            return
        node.data = replace(node.data, codings=max(0, node.data.codings + delta))
        count = self.counts.get(guid)
        if count is not None:
            self.counts[guid] = replace(
                count,
                segments=max(0, count.segments + delta),
                total_segments=max(0, count.total_segments + delta),
            )
            up = node.parent
            while up is not None and up.data is not None:
                above = self.counts.get(up.data.guid)
                if above is not None:
                    self.counts[up.data.guid] = replace(
                        above, total_segments=max(0, above.total_segments + delta)
                    )
                    up.set_label(code_label(up.data, self.counts[up.data.guid]))
                up = up.parent
        node.set_label(code_label(node.data, self.counts.get(guid)))

    def set_counts(self, counts: dict[str, CodeCount]) -> None:
        """Segments and sources, own and with child codes (``services.code_counts``)."""
        self.counts = counts
        for guid, node in self.nodes.items():
            if node.data is not None:
                node.set_label(code_label(node.data, counts.get(guid)))

    def set_codes(self, codes: list[CodeInfo]) -> None:
        tree = self.query_one(CodeTree)
        highlighted = (
            tree.cursor_node.data.guid if tree.cursor_node and tree.cursor_node.data else None
        )
        tree.clear()
        nodes: dict[str, TreeNode[CodeInfo]] = {}
        for code in codes:
            parent = nodes.get(code.parent_guid or "", tree.root)
            node = parent.add(code_label(code, self.counts.get(code.guid)), data=code, expand=True)
            nodes[code.guid] = node
        for node in nodes.values():
            if not node.children:
                node.allow_expand = False
        self.nodes = nodes
        if highlighted in nodes:
            tree.move_cursor(nodes[highlighted])

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[CodeInfo]) -> None:
        if event.node.data is not None:
            data = event.node.data
            self.query_one("#code-definition-text", Static).update(
                definition(data, self.counts.get(data.guid))
            )
