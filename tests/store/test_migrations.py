"""Opening older and newer projects: upgrade with a backup, or refuse clearly."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workbench.core.errors import ProjectError
from workbench.store.db import current_revision, head_revision, make_engine, upgrade
from workbench.store.project import open_project


def _old_project(project):
    """Rebuild the project's database at the first revision, with data in it."""
    db = project.root / "workbench.db"
    project.close()
    for suffix in ("", "-wal", "-shm"):
        (db.parent / (db.name + suffix)).unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO coders (handle, role, created_at) "
                "VALUES ('alice', 'lead', '2020-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO codes (guid, codebook, name, examples, keywords, synonyms, "
                "phase_markers, status, ordinal, updated_at) VALUES ('tacit', 'b', 'Tacit', '[]', "
                "'[]', '[]', '[]', 'active', 0, '2020-01-01 00:00:00')"
            )
        )
    assert current_revision(engine) == "0001"
    engine.dispose()
    return project.root


def test_upgrade_from_first_revision_keeps_data_and_makes_a_backup(project):
    root = _old_project(project)
    upgraded = open_project(root)
    try:
        assert current_revision(upgraded.engine) == head_revision() != "0001"
        assert upgraded.backup is not None
        assert upgraded.backup.exists()
        with upgraded.engine.connect() as conn:
            assert conn.execute(text("SELECT handle FROM coders")).scalar() == "alice"
            assert conn.execute(text("SELECT version FROM codes")).scalar() == 1
        backup = make_engine(f"sqlite:///{upgraded.backup}")
        assert current_revision(backup) == "0001"
        backup.dispose()
    finally:
        upgraded.close()


def test_upgrade_can_be_refused(project):
    root = _old_project(project)
    with pytest.raises(ProjectError, match="revision 0001"):
        open_project(root, allow_upgrade=False)


def test_newer_project_is_refused_and_untouched(project):
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    project.close()
    with pytest.raises(ProjectError, match="made by a newer version"):
        open_project(project.root)
    engine = make_engine(f"sqlite:///{project.root / 'workbench.db'}")
    assert current_revision(engine) == "9999_future"
    engine.dispose()


def test_foreign_database_is_refused(tmp_path):
    from workbench.store.project import ProjectConfig

    root = tmp_path / "p"
    root.mkdir()
    (root / "workbench.yaml").write_text(ProjectConfig(name="p").to_yaml())
    engine = make_engine(f"sqlite:///{root / 'workbench.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE other (x INTEGER)"))
    engine.dispose()
    with pytest.raises(ProjectError, match="no workbench schema revision"):
        open_project(root)


def test_mention_kinds_are_classified_when_an_older_project_is_upgraded(project, tmp_path):
    """Revision 0007_i16 gives mentions stored before it their kind from the text."""
    from alembic import command

    from workbench.services.documents import import_file
    from workbench.store.db import alembic_config

    f = tmp_path / "paper.txt"
    f.write_text(
        "Councils merged in 2004 (Hartley, 2005).\n\nReferences\n\nHartley, J. (2005) X.\n"
    )
    import_file(project, path=f, title="Paper")
    with project.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0006")
    with project.engine.begin() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(date_mentions)"))]
        assert "kind" not in columns
    root = project.root
    project.close()
    upgraded = open_project(root)
    try:
        with upgraded.engine.connect() as conn:
            rows = conn.execute(text("SELECT text, kind FROM date_mentions ORDER BY start")).all()
        assert [tuple(r) for r in rows] == [
            ("2004", "event"),
            ("2005", "citation"),
            ("2005", "reference"),
        ]
    finally:
        upgraded.close()
