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
        "ctrl+f",
        "app.search",
        "Search",
        show=False,  # in F1 and the palette; the footers stay as they were
        id="app.search",
        tooltip="Search every document: keyword in context, filters, code all hits",
        key_display="ctrl+f",
    ),
    Binding(
        "f8",
        "app.memos",
        "Memos",
        show=False,
        id="app.memos",
        tooltip="Every memo (project, documents, codes), searchable; n writes a project memo",
        key_display="F8",
    ),
    Binding(
        "f7",
        "app.timeline",
        "Timeline",
        show=False,  # in F1 and the palette; the footer keeps the coding keys
        id="app.timeline",
        tooltip="Phases over time: frontiers and their support, theme heat strip, quotes",
        key_display="F7",
    ),
    Binding(
        "f6",
        "app.review",
        "Review",
        id="app.review",
        tooltip="Review two coders' disagreements and adjudicate the consensus",
        key_display="F6",
        show=False,  # in the help and the palette; the footers stay as they were
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
        for n in range(10)
    ),
    Binding(
        "r",
        "repeat_code",
        "Again",
        show=False,
        id="coding.repeat-code",
        tooltip="Apply the code applied last to the selection again",
    ),
    Binding(
        "i",
        "in_vivo",
        "In vivo",
        show=False,
        id="coding.in-vivo",
        tooltip="In-vivo code: the selected words become a new code, applied to them",
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
        "M",
        "document_memo",
        "Document memo",
        show=False,
        id="coding.document-memo",
        tooltip="Write your memo on this document (F8 lists every memo)",
    ),
    Binding(
        "g",
        "go_to",
        "Go to",
        show=False,
        id="coding.go-to",
        tooltip="Go to an offset (1467), a speaker turn (t12) or a share of the text (50%)",
    ),
    Binding(
        "B",
        "bookmark",
        "Bookmark",
        show=False,
        id="coding.bookmark",
        tooltip="Set a bookmark at the cursor (or remove the one on its line)",
    ),
    Binding(
        "apostrophe",
        "next_bookmark",
        "Next bookmark",
        show=False,
        id="coding.next-bookmark",
        tooltip="Go to the next bookmark in this document",
        key_display="'",
    ),
    Binding(
        "l",
        "toggle_labels",
        "Labels",
        show=False,
        id="coding.labels",
        tooltip="Labelled stripes: the margin names each segment's code (and coder, when "
        "several show); a click on a name selects the segment",
    ),
    Binding(
        "slash",
        "find",
        "Find",
        show=False,
        id="coding.find",
        tooltip="Find in this document (exact words; re: for a regular expression, ~ for fuzzy)",
        key_display="/",
    ),
    Binding(
        "right_square_bracket",
        "find_next(1)",
        "Next hit",
        show=False,
        id="coding.find-next",
        tooltip="Select the next hit of the last find",
        key_display="]",
    ),
    Binding(
        "left_square_bracket",
        "find_next(-1)",
        "Previous hit",
        show=False,
        id="coding.find-previous",
        tooltip="Select the previous hit of the last find",
        key_display="[",
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

CODE_TREE = [
    Binding("a", "apply", "Apply", id="codebook.apply-code", tooltip="Apply it to the selection"),
    Binding(
        "n", "edit('new_code')", "New", id="codebook.new", tooltip="New code under the highlighted"
    ),
    Binding("e", "edit('rename_code')", "Rename", id="codebook.rename", tooltip="Rename it"),
    Binding(
        "k", "edit('recolour_code')", "Colour", id="codebook.recolour", tooltip="Change its colour"
    ),
    Binding(
        "v",
        "edit('move_code')",
        "Move",
        id="codebook.move",
        tooltip="Move it under another code, or to the top",
    ),
    Binding(
        "R",
        "edit('retire_code')",
        "Retire",
        id="codebook.retire",
        tooltip="Retire it: hidden from the pickers, codings kept (ctrl+z undoes)",
    ),
    Binding(
        "M",
        "edit('merge_code')",
        "Merge",
        show=False,
        id="codebook.merge",
        tooltip="Merge it into another code (not undoable)",
    ),
    Binding("m", "edit('code_memo')", "Memo", id="codebook.memo", tooltip="Your memo on the code"),
    Binding(
        "ctrl+s",
        "edit('save_codebook')",
        "Save YAML",
        id="codebook.save",
        tooltip="Write the codebook with these edits to its YAML file (the old one kept as .bak)",
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
    Binding(
        "R",
        "revise",
        "Revise",
        id="documents.revise",
        tooltip="Replace the highlighted document's text by a revised file, codings carried over",
    ),
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

MEMOS = [
    Binding("n", "new", "New", id="memos.new", tooltip="Write a memo on the project"),
    Binding(
        "slash",
        "search",
        "Search",
        id="memos.search",
        tooltip="Search the memos' titles and text",
        key_display="/",
    ),
    Binding("escape", "back", "Back", id="memos.back"),
]

SEARCH = [
    Binding(
        "ctrl+t",
        "code_all",
        "Code all hits",
        id="search.code-all",
        tooltip="Code every hit found with one code: one action, ctrl+z undoes it",
    ),
    Binding(
        "ctrl+o",
        "choose_code",
        "In code…",
        id="search.code-filter",
        tooltip="Only hits inside segments of a code (Esc in the picker: any code)",
    ),
    Binding(
        "slash",
        "focus_query",
        "Query",
        show=False,
        id="search.query",
        tooltip="Back to the query",
        key_display="/",
    ),
    Binding("escape", "back", "Back", id="search.back"),
]

TIMELINE_VIEW = [
    Binding("left", "move(0, -1)", "Earlier", show=False, id="timeline.left"),
    Binding("right", "move(0, 1)", "Later", show=False, id="timeline.right"),
    Binding("up", "move(-1, 0)", "Row up", show=False, id="timeline.up"),
    Binding("down", "move(1, 0)", "Row down", show=False, id="timeline.down"),
    Binding("home", "edge(0)", "First bin", show=False, id="timeline.first"),
    Binding("end", "edge(1)", "Last bin", show=False, id="timeline.last"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="timeline.page-up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="timeline.page-down"),
    Binding(
        "plus,equals_sign",
        "cells(1)",
        "Wider bins",
        show=False,
        id="timeline.wider",
        tooltip="Wider bins (scroll sideways when they do not fit); 0 fits them again",
        key_display="+",
    ),
    Binding("minus", "cells(-1)", "Narrower bins", show=False, id="timeline.narrower"),
    Binding("0", "cells(0)", "Fit bins", show=False, id="timeline.fit"),
    Binding(
        "enter",
        "choose",
        "Quotes",
        id="timeline.drill-down",
        tooltip="The coded segments behind the phase, the cell (theme in a bin) or the bin",
    ),
]

TIMELINE = [
    Binding(
        "s",
        "cycle('scheme')",
        "Scheme",
        id="timeline.scheme",
        tooltip="Next bracket scheme, or the phases the data propose",
    ),
    Binding(
        "f",
        "cycle('freq')",
        "Bins",
        id="timeline.freq",
        tooltip="Next bin size: month, quarter, half-year, year",
    ),
    Binding(
        "c",
        "cycle('coder')",
        "Coder",
        id="timeline.coder",
        tooltip="Whose codings: the consensus, one coder, or every coder together",
    ),
    Binding(
        "l",
        "cycle('level')",
        "Level",
        show=False,
        id="timeline.level",
        tooltip="Themes as coded, or rolled up to the top-level codes",
    ),
    Binding(
        "w",
        "window",
        "Window",
        show=False,
        id="timeline.window",
        tooltip="Set the window: the dates shown and bracketed (default leaves out outliers)",
    ),
    Binding(
        "n",
        "frontier(1)",
        "Frontier",
        id="timeline.next-frontier",
        tooltip="The next frontier, with what continues and what breaks there",
    ),
    Binding(
        "N",
        "frontier(-1)",
        "Previous frontier",
        show=False,
        id="timeline.previous-frontier",
        tooltip="The previous frontier, with its continuity table",
    ),
    *(
        Binding(str(n), f"tab({n})", name, show=False, id=f"timeline.tab-{n}", tooltip=tip)
        for n, name, tip in (
            (1, "Frontiers", "Frontiers tab: every frontier with its support"),
            (2, "Continuity", "Continuity tab: each theme across the selected frontier"),
            (3, "Phase", "Phase tab: span, events, sources and dominant themes"),
            (4, "Quotes", "Quotes tab: the segments behind what you drilled into"),
        )
    ),
    Binding(
        "a",
        "add_phase",
        "Add phase",
        show=False,
        id="timeline.add-phase",
        tooltip="Add a phase to the scheme shown (or start a scheme)",
    ),
    Binding(
        "e",
        "edit_phase",
        "Edit phase",
        show=False,
        id="timeline.edit-phase",
        tooltip="Change or remove the scheme's phase under the cursor",
    ),
    Binding(
        "z", "zoom", "Zoom", show=False, id="timeline.zoom", tooltip="Timeline on the whole screen"
    ),
    Binding(
        "C",
        "cases",
        "Cases",
        show=False,
        id="timeline.cases",
        tooltip="A row per case under the pooled phases, each crossing flagged LATE or EARLY",
    ),
    Binding("ctrl+r", "recompute", "Recompute", show=False, id="timeline.recompute"),
    Binding("escape", "back", "Back", id="timeline.back"),
]

REVIEW_LIST = [
    Binding(
        "enter",
        "open",
        "Review",
        id="review.open",
        tooltip="Review the highlighted document's disagreements",
    ),
    Binding(
        "c",
        "setup",
        "Coders…",
        id="review.setup",
        tooltip="Choose the two coders compared, a code (or all) and the unit",
    ),
    Binding(
        "a",
        "adopt",
        "Adopt agreed",
        id="review.adopt",
        tooltip="Store every segment both coders agree on as consensus (before reviewing)",
    ),
    Binding("ctrl+r", "reload", "Reload", show=False, id="review.reload"),
    Binding("escape", "back", "Back", id="review.back"),
]

ADJUDICATION = [
    Binding(
        "n,right_square_bracket",
        "next_item",
        "Next",
        id="adjudicate.next",
        tooltip="Go to the next open disagreement (on into the next document)",
        key_display="n ]",
    ),
    Binding(
        "N,left_square_bracket",
        "previous_item",
        "Previous",
        id="adjudicate.previous",
        tooltip="Go to the previous open disagreement (back into the previous document)",
        key_display="N [",
    ),
    Binding(
        "a",
        "decide('a')",
        "Take A",
        id="adjudicate.take-a",
        tooltip="Take the first coder's segments (if A did not code it: A's reading, no code)",
    ),
    Binding(
        "b",
        "decide('b')",
        "Take B",
        id="adjudicate.take-b",
        tooltip="Take the second coder's segments (if B did not code it: B's reading, no code)",
    ),
    Binding(
        "2",
        "decide('both')",
        "Both",
        id="adjudicate.both",
        tooltip="Take both coders' segments: both readings stand",
    ),
    Binding(
        "0",
        "decide('neither')",
        "Neither",
        id="adjudicate.neither",
        tooltip="Neither: leave the passage without the disputed codes (recorded as settled)",
    ),
    Binding(
        "e",
        "edit_span",
        "Edit span",
        id="adjudicate.edit-span",
        tooltip="Take a segment with a new span: change the selection (w/s/t/p, shift+arrows), "
        "Enter saves",
    ),
    Binding(
        "enter",
        "save_span",
        "Save span",
        show=False,
        id="adjudicate.save-span",
        tooltip="Save the edited span as a consensus segment",
    ),
    Binding(
        "l",
        "toggle_labels",
        "Labels",
        show=False,
        id="adjudicate.labels",
        tooltip="Label the stripes: the code of each coder's segment where it starts (A: …)",
    ),
    Binding(
        "ctrl+l",
        "focus_list",
        "List",
        show=False,
        id="adjudicate.list",
        tooltip="Go to the list of this document's disagreements (Enter jumps to one)",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        id="adjudicate.back",
        tooltip="Cancel editing the span, or go back to the document list",
    ),
]

CASES = [
    Binding(
        "t",
        "toggle_paths",
        "Path types",
        id="cases.paths",
        tooltip="Switch between the crossings table and the path types (each case's "
        "sequence, grouped by type)",
    ),
    Binding("escape", "back", "Back", id="cases.back"),
]

PHASE_MAP = [
    Binding(
        "plus,equals_sign",
        "min_run(1)",
        "Longer run",
        id="phase-map.longer",
        tooltip="A phase needs one more bin in a row (minus: one fewer)",
        key_display="+",
    ),
    Binding("minus", "min_run(-1)", "Shorter run", show=False, id="phase-map.shorter"),
    Binding(
        "i",
        "interruption",
        "Interruptions",
        id="phase-map.interruption",
        tooltip="Bins read otherwise that a phase carries on through: 0, 1, 2, 3 in turn",
    ),
    Binding(
        "g",
        "gap",
        "Gaps",
        id="phase-map.gap",
        tooltip="Empty bins bridged: 0, 1, 2, 4, any in turn",
    ),
    Binding("escape", "back", "Back", id="phase-map.back"),
]

TIME_BASIS = [Binding("escape", "back", "Back", id="time-basis.back")]

HELP_SECTIONS: list[tuple[str, list[Binding]]] = [
    ("Everywhere", APP),
    ("Coding view: actions", CODING),
    ("Coding view: moving and selecting", TRANSCRIPT),
    ("Codebook panel (F2)", CODE_TREE),
    ("Suggestions panel", SUGGESTIONS),
    ("Documents", DOCUMENTS),
    ("Retrieval", RETRIEVAL),
    ("Search", SEARCH),
    ("Memos (F8)", MEMOS),
    ("Timeline", TIMELINE),
    ("Timeline: moving", TIMELINE_VIEW),
    ("Cases against the pooled phases", CASES),
    ("Phase map", PHASE_MAP),
    ("Event vs narration time", TIME_BASIS),
    ("Review: documents", REVIEW_LIST),
    ("Review: adjudicating a document", ADJUDICATION),
]
