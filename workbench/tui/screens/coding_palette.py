"""The coding view's entries in the command palette (ctrl+p): every action it has a key for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from workbench.tui.screens.coding import CodingScreen


def coding_palette(screen: CodingScreen) -> list[tuple[str, str, Callable[[], Any]]]:
    return [
        (
            "code: Apply code…",
            "Code the selection with a code from the picker",
            screen.action_apply_code,
        ),
        ("code: Remove code", "Remove your coding at the cursor", screen.action_remove_code),
        (
            "segment: Adjust boundaries",
            "Change where your segment starts and ends",
            screen.action_adjust,
        ),
        ("segment: Memo…", "Write a memo on your segment", screen.action_memo),
        (
            "segment: Date…",
            "Give your segment the date of the event it describes",
            screen.action_date,
        ),
        ("navigate: Next segment", "Select the next segment", screen.action_next_segment),
        (
            "navigate: Previous segment",
            "Select the previous segment",
            screen.action_previous_segment,
        ),
        (
            "navigate: Next uncoded paragraph",
            "Select the next paragraph nobody coded",
            screen.action_next_uncoded,
        ),
        (
            "select: Word",
            "Select or grow by a word",
            lambda: screen.transcript.action_grow("word"),
        ),
        (
            "select: Sentence",
            "Select or grow by a sentence",
            lambda: screen.transcript.action_grow("sentence"),
        ),
        (
            "select: Speaker turn",
            "Select or grow by a speaker turn",
            lambda: screen.transcript.action_grow("turn"),
        ),
        (
            "select: Paragraph",
            "Select or grow by a paragraph",
            lambda: screen.transcript.action_grow("paragraph"),
        ),
        (
            "view: Codebook",
            "Show the code tree and definitions",
            lambda: screen.action_panel("codebook"),
        ),
        (
            "view: Suggestions",
            "Show suggested codings and dates",
            lambda: screen.action_panel("suggestions"),
        ),
        (
            "view: Segments here",
            "Show the segments at the cursor with their dates",
            lambda: screen.action_panel("segments"),
        ),
        ("view: Toggle side panel", "Show or hide the side panel", screen.action_toggle_panel),
        ("view: Coders…", "Choose whose codings to show", screen.action_coder_filter),
        (
            "navigate: Go to…",
            "An offset, a speaker turn (t12) or a share of the text (50%) (g)",
            screen.action_go_to,
        ),
        ("navigate: Bookmark here", "Set or remove a bookmark (B)", screen.action_bookmark),
        ("navigate: Next bookmark", "Go to the next bookmark (')", screen.action_next_bookmark),
        (
            "view: Labelled stripes",
            "Name the codes (and coders) in the margin, or only show their colours (l)",
            screen.action_toggle_labels,
        ),
        ("find: Find in document…", "Find words in this document (/)", screen.action_find),
        ("find: Next hit", "Select the next hit (])", lambda: screen.action_find_next(1)),
        (
            "find: Previous hit",
            "Select the previous hit ([)",
            lambda: screen.action_find_next(-1),
        ),
        (
            "find: Code all hits in document…",
            "Code every hit of the last find with one code (one undo)",
            screen.action_code_all_found,
        ),
        (
            "search: Search this document's hits in context…",
            "The project search, limited to this document",
            lambda: _search_here(screen),
        ),
        *screen.codebook_palette(),
    ]


def _search_here(screen: CodingScreen) -> None:
    from workbench.tui.screens.search import SearchScreen

    screen.app.push_screen(SearchScreen(document_id=screen.document_id))
