from __future__ import annotations

import pytest

from workbench.core.errors import InputError, ProjectError
from workbench.store.project import locate, read_config


def test_config_round_trips(project):
    cfg = read_config(project.config_path)
    assert cfg.name == "study"
    assert cfg.default_coder == "alice"
    assert cfg.database == "sqlite:///workbench.db"
    assert (project.root / "sources").is_dir()
    assert (project.root / "exports").is_dir()


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("name: x\ncolour: red\n", "unknown setting 'colour'", 2),
        ("name: x\ncodebooks: nope\n", "'codebooks' must be a list", 2),
        ("name: [x\n", "not valid YAML", 2),
        ("database: sqlite:///w.db\n", "missing setting 'name'", 1),
        ("name: x\ndatabase: postgresql://bob:secret@db/x\n", "holds a password", None),
    ],
)
def test_bad_project_files(tmp_path, text, message, line):
    f = tmp_path / "workbench.yaml"
    f.write_text(text)
    with pytest.raises(InputError, match=message) as info:
        read_config(f)
    assert info.value.path == str(f)
    if line is not None:
        assert info.value.line == line


def test_locate_by_name_path_and_parent_folders(project, tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_PROJECT", raising=False)
    assert locate("study", cwd=tmp_path) == project.root
    assert locate(str(project.root), cwd=tmp_path) == project.root
    inner = project.root / "exports"
    assert locate(None, cwd=inner) == project.root
    assert locate(None, cwd=tmp_path) == project.root  # the only one under projects/
    with pytest.raises(ProjectError, match="no project at 'nope'"):
        locate("nope", cwd=tmp_path)


def test_init_refuses_an_existing_project(project, tmp_path):
    from workbench.services.project import init_project

    with pytest.raises(ProjectError, match="already exists"):
        init_project("study", base=tmp_path)
