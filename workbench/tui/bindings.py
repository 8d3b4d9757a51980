"""Every key binding of the TUI, with an id (``area.verb``) so a keymap can remap it.

Screens and widgets take their ``BINDINGS`` from here, and the help screen lists
these same objects, so what F1 shows is what the keys do.
"""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding(
        "f1", "app.help", "Help", id="app.help", tooltip="Every key, by screen", key_display="F1"
    ),
    Binding("question_mark", "app.help", "Help", show=False, id="app.help-alt"),
    Binding(
        "ctrl+z",
        "app.undo",
        "Undo",
        id="history.undo",
        tooltip="Undo your last coding action (also one made before a restart)",
    ),
    Binding(
        "ctrl+y", "app.redo", "Redo", id="history.redo", tooltip="Redo what you undid", show=False
    ),
    Binding(
        "f5",
        "app.retrieve",
        "Retrieve",
        id="app.retrieve",
        tooltip="All segments of a code across documents, with context",
        key_display="F5",
    ),
    Binding(
        "ctrl+q",
        "app.quit",
        "Quit",
        id="app.quit",
        tooltip="Quit (what shows as saved is saved; asks first if an action is still unsaved)",
        show=False,
    ),
]

TRANSCRIPT = [
    Binding("left", "move(-1)", "Left", show=False, id="transcript.left"),
    Binding("right", "move(1)", "Right", show=False, id="transcript.right"),
    Binding("up", "move_line(-1)", "Up", show=False, id="transcript.up"),
    Binding("down", "move_line(1)", "Down", show=False, id="transcript.down"),
    Binding("shift+left", "move(-1, True)", "Extend left", show=False, id="transcript.extend-left"),
    Binding(
        "shift+right", "move(1, True)", "Extend right", show=False, id="transcript.extend-right"
    ),
    Binding("shift+up", "move_line(-1, True)", "Extend up", show=False, id="transcript.extend-up"),
    Binding(
        "shift+down", "move_line(1, True)", "Extend down", show=False, id="transcript.extend-down"
    ),
    Binding("ctrl+left", "move_word(-1)", "Word left", show=False, id="transcript.word-left"),
    Binding("ctrl+right", "move_word(1)", "Word right", show=False, id="transcript.word-right"),
    Binding("pageup", "move_page(-1)", "Page up", show=False, id="transcript.page-up"),
    Binding("pagedown", "move_page(1)", "Page down", show=False, id="transcript.page-down"),
    Binding("home", "line_edge(0)", "Line start", show=False, id="transcript.home"),
    Binding("end", "line_edge(1)", "Line end", show=False, id="transcript.end"),
    Binding("ctrl+home", "document_edge(0)", "Top", show=False, id="transcript.top"),
    Binding("ctrl+end", "document_edge(1)", "Bottom", show=False, id="transcript.bottom"),
    Binding(
        "w",
        "grow('word')",
        "Select word",
        show=False,
        id="transcript.select-word",
        tooltip="Select the word at the cursor, then grow by words",
    ),
    Binding(
        "s",
        "grow('sentence')",
        "Select sentence",
        show=False,
        id="transcript.select-sentence",
        tooltip="Select the sentence, then grow by sentences",
    ),
    Binding(
        "t",
        "grow('turn')",
        "Select turn",
        show=False,
        id="transcript.select-turn",
        tooltip="Select the speaker turn, then grow by turns",
    ),
    Binding(
        "p",
        "grow('paragraph')",
        "Select paragraph",
        show=False,
        id="transcript.select-paragraph",
        tooltip="Select the paragraph, then grow by paragraphs",
    ),
    Binding(
        "o",
        "swap_ends",
        "Other end",
        show=False,
        id="transcript.swap-ends",
        tooltip="Move the cursor to the other end of the selection",
    ),
]

CODING = [
    Binding(
        "a,enter",
        "apply_code",
        "Apply",
        id="coding.apply-code",
        tooltip="Apply a code to the selection: fuzzy picker, recent codes first",
    ),
    *(
        Binding(str(n), f"shortcut('{n}')", f"Code {n}", show=False, id=f"coding.shortcut-{n}")
        for n in range(1, 10)
    ),
    Binding(
        "x,delete",
        "remove_code",
        "Remove",
        id="coding.remove-code",
        tooltip="Remove your coding at the cursor",
    ),
    Binding(
        "b",
        "adjust",
        "Bounds",
        id="coding.adjust",
        tooltip="Adjust the boundaries of your segment: change the selection, Enter saves",
    ),
    Binding("m", "memo", "Memo", id="coding.memo", tooltip="Write a memo on your segment"),
    Binding(
        "d",
        "date",
        "Date",
        id="coding.date",
        tooltip="Date your segment: type 2003, March 2004, 2001-2004, Q3 2004, or pick a mention",
    ),
    Binding(
        "n", "next_segment", "Next", id="coding.next-segment", tooltip="Select the next segment"
    ),
    Binding(
        "N",
        "previous_segment",
        "Previous",
        show=False,
        id="coding.previous-segment",
        tooltip="Select the previous segment",
    ),
    Binding(
        "u",
        "next_uncoded",
        "Uncoded",
        id="coding.next-uncoded",
        tooltip="Select the next paragraph that no shown coding touches",
    ),
    Binding(
        "c",
        "coder_filter",
        "Coders",
        show=False,
        id="coding.coder-filter",
        tooltip="Choose whose codings to show (not in blind mode)",
    ),
    Binding(
        "f2",
        "panel('codebook')",
        "Codebook",
        key_display="F2",
        id="coding.codebook",
        tooltip="Codebook panel: code tree, definitions, criteria, examples, counts",
    ),
    Binding(
        "f3",
        "panel('suggestions')",
        "Suggest",
        key_display="F3",
        id="coding.suggestions",
        tooltip="Suggestions panel: codings from keywords and dates from mentions",
    ),
    Binding(
        "f4",
        "panel('segments')",
        "Segments",
        show=False,
        key_display="F4",
        id="coding.segments",
        tooltip="Segments panel: segments at the cursor and on screen, with dates",
    ),
    Binding(
        "ctrl+b",
        "toggle_panel",
        "Panel",
        show=False,
        id="coding.toggle-panel",
        tooltip="Show or hide the side panel",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        id="coding.back",
        tooltip="Clear the selection, cancel adjusting, or go back to the list",
    ),
]

SUGGESTIONS = [
    Binding(
        "y,enter",
        "accept",
        "Accept",
        id="suggestions.accept",
        tooltip="Accept the highlighted suggestion (stored with origin 'suggested')",
    ),
    Binding(
        "r",
        "reject",
        "Reject",
        id="suggestions.reject",
        tooltip="Reject it: it is not offered again",
    ),
]

DOCUMENTS = [
    Binding("enter", "open", "Open", id="documents.open", tooltip="Open the highlighted document"),
    Binding(
        "slash",
        "focus_filter",
        "Filter",
        id="documents.filter",
        tooltip="Filter by title or case (also: case, kind and date filters)",
        key_display="/",
    ),
    Binding("ctrl+r", "reload", "Reload", show=False, id="documents.reload"),
]

RETRIEVAL = [
    Binding(
        "ctrl+o",
        "choose_code",
        "Code…",
        id="retrieval.choose-code",
        tooltip="Choose the code to retrieve",
    ),
    Binding("escape", "back", "Back", id="retrieval.back"),
]

HELP_SECTIONS: list[tuple[str, list[Binding]]] = [
    ("Everywhere", APP),
    ("Coding view: actions", CODING),
    ("Coding view: moving and selecting", TRANSCRIPT),
    ("Suggestions panel", SUGGESTIONS),
    ("Documents", DOCUMENTS),
    ("Retrieval", RETRIEVAL),
]
