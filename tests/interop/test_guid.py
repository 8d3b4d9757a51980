from __future__ import annotations

import pytest

from workbench.interop.refi.guid import (
    code_guid,
    coder_guid,
    derived_guid,
    is_guid,
    normalise_guid,
)

GUID = "d299efae-5779-46dc-9827-a3d1a5d544bc"


@pytest.mark.parametrize(
    "spelling",
    [GUID, GUID.upper(), "{" + GUID + "}", "{" + GUID.upper() + "}", f"  {GUID}\n"],
)
def test_every_spelling_of_a_guid_normalises_to_lower_case_without_braces(spelling):
    assert is_guid(spelling)
    assert normalise_guid(spelling) == GUID


@pytest.mark.parametrize("bad", ["1", "code-7", "{" + GUID, GUID + "}", GUID[:-1], ""])
def test_a_value_that_is_not_a_guid_maps_to_a_stable_derived_one(bad):
    assert not is_guid(bad)
    assert is_guid(normalise_guid(bad))
    assert normalise_guid(bad) == normalise_guid(bad)


def test_workbench_ids_travel_under_stable_guids():
    assert code_guid("push.events") == code_guid("push.events") != code_guid("push")
    assert code_guid(GUID.upper()) == GUID  # a code whose id is a GUID keeps it
    assert coder_guid("alice") != coder_guid("bob")
    assert derived_guid("case", "x") != derived_guid("code", "x")
    # Fixed forever: a change would break re-imports of files already exported.
    assert code_guid("push") == "ab4169fd-74d7-5143-814d-ddb44cee4716"
