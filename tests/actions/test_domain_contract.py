"""The bot's domain and the action code agree, file by file of ``bot/domain``: every declared
action exists, every action is declared, every form has its validation action."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from pathlib import Path

import pytest
from rasa_sdk import Action

import actions
from actions.orders.order_form import OrderFormValidation
from tests.helpers.domain import domain_file, domain_files

DOMAIN_FILES = domain_files()


@cache
def _registered() -> dict[str, str]:
    """The concrete actions of the ``actions`` package (name -> defining module), as the
    executor's ``register_package("actions")`` finds them (test doubles left out)."""
    found: dict[str, str] = {}
    for module in pkgutil.walk_packages(actions.__path__, prefix="actions."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            own = issubclass(cls, Action) and cls.__module__ == loaded.__name__
            if own and not inspect.isabstract(cls):
                found[cls().name()] = cls.__module__
    return found


def _declared(path: Path) -> set[str]:
    return set(domain_file(path).get("actions") or [])


def _packages() -> set[str]:
    return {m.name for m in pkgutil.iter_modules(actions.__path__) if m.ispkg}


def test_every_domain_file_is_checked() -> None:
    assert {p.name for p in DOMAIN_FILES} >= {"orders.yml", "accounts.yml", "refunds.yml"}


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_every_declared_action_is_implemented(path: Path) -> None:
    assert _declared(path) <= set(_registered())


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_every_form_has_its_validation_declared_next_to_it(path: Path) -> None:
    forms = domain_file(path).get("forms") or {}
    assert {f"validate_{form}" for form in forms} <= _declared(path)


@pytest.mark.parametrize(
    "path", [p for p in DOMAIN_FILES if p.stem in _packages()], ids=lambda p: p.name
)
def test_a_topics_actions_are_declared_in_its_domain_file(path: Path) -> None:
    own = {name for name, module in _registered().items() if module.split(".")[1] == path.stem}
    assert own <= _declared(path)


def test_every_action_is_declared_once() -> None:
    declared = [name for path in DOMAIN_FILES for name in _declared(path)]
    assert sorted(declared) == sorted(set(declared))
    assert set(declared) == set(_registered())


def test_the_shared_base_is_not_registered_as_an_action() -> None:
    assert inspect.isabstract(OrderFormValidation)
