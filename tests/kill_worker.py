"""Worker for the kill tests: apply codings forever, acknowledge each after its commit.

Run as ``python -m tests.kill_worker PROJECT_DIR``; prints ``ACK <guid>`` only once
the service call has returned, i.e. once the UI would have said "saved".
"""

from __future__ import annotations

import sys

from workbench.services.codings import add_coding
from workbench.services.project import find_and_open, project_status


def main() -> None:
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
