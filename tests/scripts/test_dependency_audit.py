"""The dependency audit reports and never fails: known advisories offline, pip-audit bounded."""

from __future__ import annotations

import importlib.util
import json
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).parents[2] / "scripts" / "dependency_audit.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dependency_audit", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


audit = _load()
RASA_PACKAGES = [
    {"name": "python-socketio", "version": "5.8.0"},
    {"name": "rasa", "version": "3.6.21"},
]


def _program(path: Path, body: str) -> Path:
    """An executable Python script standing in for a runtime's python or for pip-audit."""
    path.write_text(f"#!{sys.executable}\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def rasa_python(tmp_path: Path) -> Path:
    """A runtime whose ``python -m pip list --format=json`` lists RASA_PACKAGES."""
    return _program(tmp_path / "python", f"print({json.dumps(json.dumps(RASA_PACKAGES))})")


def test_the_socketio_pin_is_reported_offline(rasa_python: Path) -> None:
    lines = audit.report({".venv-rasa": rasa_python}, online=False)
    text = "\n".join(lines)
    assert ".venv-rasa: 2 packages; known advisories: 1" in text
    assert "python-socketio 5.8.0: CVE-2025-61765, fixed in 5.14.0" in text
    assert "message-queue client manager" in text
    assert "ICRM_AUDIT_ONLINE=1" in lines[-1]


def test_a_fixed_version_is_not_reported(tmp_path: Path) -> None:
    fixed = [{"name": "python-socketio", "version": "5.14.1"}]
    python = _program(tmp_path / "python", f"print({json.dumps(json.dumps(fixed))})")
    assert "known advisories: 0" in "\n".join(audit.report({".venv": python}, online=False))


def test_what_pip_audit_finds_is_listed(rasa_python: Path, tmp_path: Path) -> None:
    answer = {
        "dependencies": [
            {
                "name": "python-socketio",
                "version": "5.8.0",
                "vulns": [
                    {"id": "GHSA-g8c6-8fjj-2r4m", "fix_versions": ["5.14.0"],
                     "aliases": ["CVE-2025-61765"]},
                ],
            },
            {"name": "rasa", "version": "3.6.21", "vulns": []},
            {"name": "ours", "skip_reason": "Dependency not found on PyPI"},
        ]
    }  # fmt: skip
    pip_audit = _program(tmp_path / "pip-audit", f"print({json.dumps(json.dumps(answer))})")
    text = "\n".join(audit.report({".venv-rasa": rasa_python}, online=True, pip_audit=pip_audit))
    assert "pypi: 2 checked, 1 vulnerabilities, 1 without vulnerability data" in text
    assert "python-socketio 5.8.0: GHSA-g8c6-8fjj-2r4m (CVE-2025-61765), fixed in 5.14.0" in text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("import time; time.sleep(30)", "no answer within 1 s (offline?)"),
        (
            "import sys; sys.exit('ConnectionError: Max retries exceeded')",
            "could not be asked (offline?): ConnectionError: Max retries exceeded",
        ),
    ],
)
def test_offline_is_one_clear_line_within_the_bound(
    rasa_python: Path, tmp_path: Path, body: str, expected: str
) -> None:
    pip_audit = _program(tmp_path / "pip-audit", body)
    lines = audit.report({".venv-rasa": rasa_python}, online=True, pip_audit=pip_audit, timeout_s=1)
    assert any(expected in line and "online lookup skipped" in line for line in lines)
    assert any("CVE-2025-61765" in line for line in lines)  # the offline part still reports


def test_it_never_fails_the_build(capsys: pytest.CaptureFixture[str]) -> None:
    assert audit.main(["--pip-audit", "/nonexistent/pip-audit"]) == 0
    assert "[audit]" in capsys.readouterr().out
