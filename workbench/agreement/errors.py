"""The one error this package raises for bad input.

It is both a ``workbench.core`` ``InputError`` (so the CLI shows it as a one-line user error)
and a ``ValueError`` (so pure callers and tests can catch the conventional type). Undefined
statistics are *not* errors: they come back as results whose value is ``None``.
"""

from __future__ import annotations

from workbench.core.errors import InputError


class AgreementInputError(InputError, ValueError):
    """Reliability data or spans that no agreement statistic can be computed from."""
