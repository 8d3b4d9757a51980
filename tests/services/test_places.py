"""Where each coder left off, per document; a folder that cannot be written keeps none."""

from __future__ import annotations

from workbench.services.places import load_places, save_place


def test_places_per_coder(project):
    assert load_places(project, coder="alice").last_document is None
    assert save_place(project, coder="alice", document_id=3, offset=120)
    save_place(project, coder="alice", document_id=5, offset=9)
    save_place(project, coder="bob", document_id=3, offset=7)
    save_place(project, coder="alice", document_id=3, offset=140)
    alice = load_places(project, coder="alice")
    assert (alice.last_document, alice.offsets) == (3, {5: 9, 3: 140})
    assert load_places(project, coder="bob").offsets == {3: 7}
    (project.root / "places.json").write_text("{not json", encoding="utf-8")
    assert load_places(project, coder="alice").last_document is None
