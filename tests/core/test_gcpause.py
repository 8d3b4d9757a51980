from __future__ import annotations

import gc

import pytest

from workbench.core.gcpause import cycle_collector_paused


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_back_on_after():
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on():
    with pytest.raises(RuntimeError), cycle_collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_leave_it_to_the_outermost():
    with cycle_collector_paused():
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    with cycle_collector_paused():
        pass
    assert not gc.isenabled()


def test_cycles_made_while_paused_are_collected_afterwards():
    class Node:
        pass

    with cycle_collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
    assert gc.collect() >= 2
