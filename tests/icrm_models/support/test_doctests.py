"""The examples in the support modules' docstrings are tests too."""

import doctest
from types import ModuleType

import pytest

from icrm_models.support import categories, contact_hours, rating


@pytest.mark.parametrize("module", [categories, contact_hours, rating])
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
