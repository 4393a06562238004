"""The same seeded shop as the after-sales tests."""

from tests.icrm_models.after_sales.conftest import shop

__all__ = ["shop"]
