"""Labelled stripes: the margin names the codes (and the coders when several show)."""

from __future__ import annotations

from tests.tui.helpers import open_first, select_quote, settle, transcript
from workbench.services.codings import add_coding


def margin(tv, line: int) -> str:
    strip = tv._draw(line, tv.scrollable_content_region.width)
    return "".join(seg.text for seg in strip)[: tv.gutter_width]


async def test_labels_name_codes_and_coders_and_a_click_selects(make, coded_project, doc_id):
    add_coding(coded_project.uow(), document=doc_id, code="tacit", coder="bob", quote="open day")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await select_quote(pilot, "copied what they did")
        await pilot.press("1")
        await settle(pilot)
        tv = transcript(pilot)
        narrow = tv.gutter_width
        await pilot.press("l")
        assert tv.labels
        assert tv.gutter_width > narrow
        line = tv._layout.line_of(tv.text.index("open day"))
        assert "bob: Tacit" in margin(tv, line)  # two coders' segments: labels say whose
        assert "alice: Dissem" in margin(tv, tv._layout.line_of(tv.text.index("copied")))
        tv.clear_selection()
        await pilot.click(tv, offset=(2, line - int(tv.scroll_y)))
        await pilot.pause()
        assert tv.selection is not None
        assert tv.text[slice(*tv.selection)] in {"open day", "copied what they did"}
        await pilot.press("l")
        assert not tv.labels
        assert tv.gutter_width == narrow


async def test_labels_in_the_review_name_each_coders_codes(make, coded_project, doc_id):
    from tests.tui.test_review import open_review

    for coder, code, quote in (
        ("alice", "push", "In 2000."),
        ("bob", "tacit", "We went to an open day"),
    ):
        add_coding(coded_project.uow(), document=doc_id, code=code, coder=coder, quote=quote)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        tv = transcript(pilot)
        narrow = tv.gutter_width
        await pilot.press("l")
        assert tv.gutter_width > narrow
        line = tv._layout.line_of(tv.text.index("In 2000."))
        shown = margin(tv, line)
        assert "A: Dissem" in shown
        assert "+1" in shown  # bob's starts on the line too
