"""The order domain and the action code agree: every declared action exists, and vice versa."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import yaml
from rasa_sdk import Action

import actions.orders
from actions.orders.order_form import OrderFormValidation

DOMAIN = Path(__file__).parents[3] / "bot" / "domain" / "orders.yml"


def _order_actions() -> dict[str, type[Action]]:
    """The concrete actions of ``actions.orders`` by name, as the executor would register them."""
    found: dict[str, type[Action]] = {}
    for module in pkgutil.iter_modules(actions.orders.__path__):
        loaded = importlib.import_module(f"actions.orders.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            own = issubclass(cls, Action) and cls.__module__ == loaded.__name__
            if own and not inspect.isabstract(cls):
                found[cls().name()] = cls
    return found


def test_every_declared_action_is_implemented_and_every_action_declared() -> None:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    assert set(domain["actions"]) == set(_order_actions())


def test_every_form_has_its_validation() -> None:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    assert {f"validate_{form}" for form in domain["forms"]} <= set(_order_actions())


def test_the_shared_base_is_not_registered_as_an_action() -> None:
    assert inspect.isabstract(OrderFormValidation)
