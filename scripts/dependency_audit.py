"""Known vulnerabilities in both runtimes (.venv and .venv-rasa): a report that never fails.

``make audit`` (and so ``make test``) runs it. Two checks per runtime:

* **Offline, always:** the installed versions against :data:`KNOWN_ADVISORIES`, the advisories
  this project has judged (each says what we do about it; see docs/security.md).
* **Online, with ``ICRM_AUDIT_ONLINE=1``:** ``pip-audit`` asks its vulnerability service
  (PyPI's JSON API by default, ``ICRM_AUDIT_SERVICE=osv`` for OSV) about every installed
  package. It is opt-in because it is one request per package, some 340 for both runtimes, on
  every run; a registry mirror that serves no vulnerability data answers "not found" for each.
  Each runtime's lookup is bounded by ``--timeout`` seconds; without network, or past the
  bound, the report says so in one line.

Always exits 0: a vulnerability is reported, not a broken build (the pins have reasons, see
rasa_runtime/constraints.txt). Run as ``.venv/bin/python scripts/dependency_audit.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
RUNTIMES = {name: ROOT / name / "bin" / "python" for name in (".venv", ".venv-rasa")}
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
DEFAULT_TIMEOUT_S = 90.0  # per runtime


@dataclass(frozen=True)
class Advisory:
    """A vulnerability we know of in a pinned dependency, and our answer to it."""

    package: str
    id: str
    fixed_in: str
    answer: str


KNOWN_ADVISORIES = (
    Advisory(
        package="python-socketio",
        id="CVE-2025-61765",
        fixed_in="5.14.0",
        answer="pinned to 5.8.0 for Rasa 3.6's socket.io channel; the flaw needs a socket.io "
        "message-queue client manager (pickled messages from Redis/Kafka/...), which must "
        "never be configured with this pin (docs/security.md, Dependencies)",
    ),
)


@dataclass(frozen=True)
class Finding:
    """One vulnerability found in one runtime."""

    runtime: str
    package: str
    version: str
    id: str
    fixed_in: str
    note: str = ""

    def line(self) -> str:
        fixed = f", fixed in {self.fixed_in}" if self.fixed_in else ", no fix released"
        note = f" -- {self.note}" if self.note else ""
        return f"  {self.runtime}: {self.package} {self.version}: {self.id}{fixed}{note}"


@dataclass(frozen=True)
class OnlineResult:
    """What the vulnerability service said about one runtime's packages."""

    findings: tuple[Finding, ...] = ()
    checked: int = 0
    unchecked: int = 0
    problem: str = ""  # why nothing could be asked, if so


def installed(python: Path, *, timeout_s: float = 60) -> dict[str, str]:
    """The runtime's installed distributions (name -> version), editable ones left out."""
    done = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json", "--exclude-editable",
         "--disable-pip-version-check"],
        capture_output=True, text=True, timeout=timeout_s, check=True,
    )  # fmt: skip
    return {row["name"].lower(): row["version"] for row in json.loads(done.stdout)}


def known_findings(runtime: str, packages: dict[str, str]) -> list[Finding]:
    """The known advisories that the installed versions are affected by (no network)."""
    found = []
    for advisory in KNOWN_ADVISORIES:
        version = packages.get(advisory.package)
        try:
            affected = version is not None and Version(version) < Version(advisory.fixed_in)
        except InvalidVersion:
            affected = True  # can't tell: say so rather than stay silent
        if affected and version is not None:
            found.append(
                Finding(runtime, advisory.package, version, advisory.id, advisory.fixed_in,
                        advisory.answer)
            )  # fmt: skip
    return found


def parse_pip_audit(runtime: str, output: str) -> OnlineResult:
    """pip-audit's ``--format json`` report as findings and counts."""
    report = json.loads(output)
    findings, checked, unchecked = [], 0, 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            unchecked += 1
            continue
        checked += 1
        for vuln in dependency.get("vulns", []):
            aliases = [a for a in vuln.get("aliases", []) if a != vuln["id"]]
            name = vuln["id"] + (f" ({', '.join(aliases)})" if aliases else "")
            fixed = ", ".join(vuln.get("fix_versions", []))
            findings.append(
                Finding(runtime, dependency["name"], dependency.get("version", "?"), name, fixed)
            )
    return OnlineResult(tuple(findings), checked, unchecked)


def ask_service(
    runtime: str, packages: dict[str, str], *, pip_audit: Path, timeout_s: float, service: str
) -> OnlineResult:
    """Run pip-audit on exactly these versions (no resolution, no pip), within ``timeout_s``."""
    if not pip_audit.exists():
        return OnlineResult(problem=f"{pip_audit} is missing: run `make setup`")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as requirements:
        for name, version in sorted(packages.items()):
            requirements.write(f"{name}=={version.split('+')[0]}\n")  # 2.13.0+cpu: a local build
    command = [
        str(pip_audit), "-r", requirements.name, "--no-deps", "--disable-pip", "--format", "json",
        "--progress-spinner", "off", "--vulnerability-service", service,
        "--timeout", str(max(int(timeout_s / 10), 5)),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return OnlineResult(problem=f"no answer within {timeout_s:.0f} s (offline?)")
    finally:
        os.unlink(requirements.name)
    try:
        return parse_pip_audit(runtime, done.stdout)
    except (json.JSONDecodeError, KeyError, TypeError):
        reason = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        return OnlineResult(problem=f"the service could not be asked (offline?): {reason[:200]}")


def report(
    runtimes: dict[str, Path],
    *,
    online: bool,
    pip_audit: Path = PIP_AUDIT,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    service: str = "pypi",
) -> list[str]:
    """The report's lines, runtime by runtime."""
    lines = ["[audit] known vulnerabilities in the installed dependencies (a report: never fails)"]
    for runtime, python in runtimes.items():
        if not python.exists():
            lines.append(f"[audit] {runtime}: not installed (run `make setup`)")
            continue
        try:
            packages = installed(python)
        except (subprocess.SubprocessError, OSError, json.JSONDecodeError) as exc:
            lines.append(f"[audit] {runtime}: could not list its packages: {exc}")
            continue
        known = known_findings(runtime, packages)
        lines.append(f"[audit] {runtime}: {len(packages)} packages; known advisories: {len(known)}")
        lines.extend(f.line() for f in known)
        if not online:
            continue
        result = ask_service(
            runtime, packages, pip_audit=pip_audit, timeout_s=timeout_s, service=service
        )
        if result.problem:
            lines.append(f"[audit] {runtime}: online lookup skipped: {result.problem}")
            continue
        lines.append(
            f"[audit] {runtime}: {service}: {result.checked} checked, "
            f"{len(result.findings)} vulnerabilities"
            + (
                f", {result.unchecked} without vulnerability data (not on the service, or a "
                "registry mirror without it)"
                if result.unchecked
                else ""
            )
        )
        lines.extend(f.line() for f in result.findings)
    if not online:
        lines.append(
            "[audit] online lookup off: set ICRM_AUDIT_ONLINE=1 to ask pip-audit's service "
            "about every installed package"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per runtime"
    )
    parser.add_argument("--online", action="store_true", help="same as ICRM_AUDIT_ONLINE=1")
    parser.add_argument("--pip-audit", type=Path, default=PIP_AUDIT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    online = args.online or os.environ.get("ICRM_AUDIT_ONLINE") == "1"
    service = os.environ.get("ICRM_AUDIT_SERVICE", "pypi")
    try:
        lines = report(
            RUNTIMES, online=online, pip_audit=args.pip_audit, timeout_s=args.timeout,
            service=service,
        )  # fmt: skip
    except Exception as exc:  # a report must not break the build
        lines = [f"[audit] the audit itself failed: {exc}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
