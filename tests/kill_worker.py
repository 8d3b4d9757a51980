"""Worker for the kill tests: acknowledge each action only after its commit.

``python -m tests.kill_worker PROJECT_DIR`` applies codings forever and prints
``ACK <guid>`` once each service call has returned, i.e. once the UI would have
said "saved". ``python -m tests.kill_worker PROJECT_DIR --import FOLDER`` imports
the folder's files as one batch and prints ``ACK <file>`` for each document the
batch reports imported.
"""

from __future__ import annotations

import sys

from workbench.services.codings import add_coding
from workbench.services.project import find_and_open, project_status


def batch_import(project_dir: str, folder: str) -> None:
    from pathlib import Path

    from workbench.services.imports import collect, import_documents

    project = find_and_open(project_dir)
    items, _ = collect([Path(folder)])
    print("READY", flush=True)

    def acknowledge(outcome: object) -> None:
        if getattr(outcome, "status", None) == "imported":
            print(f"ACK {Path(outcome.path).name}", flush=True)  # type: ignore[attr-defined]

    import_documents(project, items, on_outcome=acknowledge)
    print("DONE", flush=True)


def main() -> None:
    if len(sys.argv) > 3 and sys.argv[2] == "--import":
        batch_import(sys.argv[1], sys.argv[3])
        return
    project = find_and_open(sys.argv[1])
    i = project_status(project).codings  # continue after earlier, killed runs
    print("READY", flush=True)
    while True:
        info = add_coding(
            project.uow(),
            document="Doc",
            code="tacit",
            coder="alice",
            start=i % 900,
            end=i % 900 + 1 + i // 900,
            memo=f"action {i}",
        )
        print(f"ACK {info.guid}", flush=True)
        i += 1


if __name__ == "__main__":
    main()
