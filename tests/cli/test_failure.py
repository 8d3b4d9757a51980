"""Failures that are not the user's input, said for what they are (never "internal error")."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from workbench.cli.failure import describe


class _DriverError(Exception):
    """Stands for psycopg's OperationalError (its text is what matters)."""


@pytest.mark.parametrize(
    "said",
    [
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  password authentication failed for user "ana"',
        'connection to server at "10.0.0.5", port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?",
        "server closed the connection unexpectedly\n\tThis probably means the server terminated",
        "consuming input failed: terminating connection due to administrator command",
        "failed to resolve host 'db.example.org': [Errno -2] Name or service not known",
        'FATAL:  database "study" does not exist',
    ],
)
def test_a_server_that_drops_or_refuses_is_said_on_one_line(said):
    exc = OperationalError("SELECT 1", {}, _DriverError(said))
    line = describe(exc)
    assert line.startswith("the database server refused or dropped the connection: ")
    assert said.splitlines()[0] in line
    assert "\n" not in line


def test_an_unknown_failure_is_still_an_internal_error():
    assert describe(RuntimeError("boom")).startswith("internal error: RuntimeError")
    exc = OperationalError("SELECT 1", {}, _DriverError('near "x": syntax error'))
    assert describe(exc).startswith("internal error")
