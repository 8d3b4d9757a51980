"""Opening, creating and summarising projects."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from workbench.services.records import StatusReport
from workbench.services.resolve import CodeResolver
from workbench.store.db import current_revision
from workbench.store.models import Case, Code, Coder, Coding, Document
from workbench.store.project import Project, create_project, locate, open_project


def find_and_open(spec: str | None, *, allow_upgrade: bool = True) -> Project:
    """The project named by ``--project`` (or found from the current folder), opened."""
    return open_project(locate(spec), allow_upgrade=allow_upgrade)


def init_project(
    name: str,
    *,
    database: str | None = None,
    coder: str | None = None,
    base: Path | None = None,
) -> Project:
    """``projects/NAME`` under ``base`` (the current folder), or the path NAME if it has a slash."""
    here = base or Path.cwd()
    if "/" in name or name.startswith("."):
        root = (here / name).resolve()
        label = root.name
    else:
        root, label = here / "projects" / name, name
    project = create_project(root, label, database=database, coder=coder)
    if coder:
        from workbench.services.coders import add_coder

        add_coder(project.uow(), handle=coder, role="lead")
    return project


def project_status(project: Project) -> StatusReport:
    with project.uow() as uow:
        s = uow.session
        by_kind = dict(s.execute(select(Document.kind, func.count()).group_by(Document.kind)).all())
        by_coder = dict(
            s.execute(
                select(Coder.handle, func.count(Coding.id))
                .join(Coding, Coding.coder_id == Coder.id, isouter=True)
                .group_by(Coder.handle)
                .order_by(Coder.handle)
            ).all()
        )
        per_code = s.execute(
            select(Coding.code_id, func.count())
            .group_by(Coding.code_id)
            .order_by(func.count().desc())
        ).all()
        resolver = CodeResolver(s)
        return StatusReport(
            project=project.name,
            database=project.engine.url.render_as_string(hide_password=True),
            schema_revision=current_revision(project.engine),
            documents=sum(by_kind.values()),
            documents_by_kind=by_kind,
            cases=s.scalar(select(func.count()).select_from(Case)) or 0,
            codes_active=s.scalar(
                select(func.count()).select_from(Code).where(Code.status == "active")
            )
            or 0,
            codes_in_use=len(per_code),
            codings=sum(n for _, n in per_code),
            codings_by_coder=by_coder,
            top_codes=[(resolver.path(resolver.codes[cid]), n) for cid, n in per_code[:10]],
            codebooks=list(project.config.codebooks),
        )
