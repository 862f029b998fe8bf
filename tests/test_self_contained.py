"""The tests run from a plain clone: nothing they do reads the design material beside it."""

from __future__ import annotations

import pytest

from .conftest import SHARED
from .spec import SPEC_PATH


@pytest.mark.parametrize("name", ["hetzner/cloud.spec.json", "hetzner/hetzner.spec.json"])
def test_opening_anything_under_shared_fails(name: str) -> None:
    with pytest.raises(RuntimeError, match=r"tests must not read \.\./shared"):
        (SHARED / name).read_bytes()


def test_the_shipped_spec_data_still_opens() -> None:
    assert b'"openapi"' in SPEC_PATH.read_bytes()
