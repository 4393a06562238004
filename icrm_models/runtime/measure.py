"""Run a command and measure it: wall time and the peak memory of that very process."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Measured:
    """Exit code, seconds and peak resident memory (MB) of one finished process."""

    returncode: int
    seconds: float
    peak_rss_mb: float


def run_measured(command: list[str], **popen: Any) -> Measured:
    """Run ``command`` to completion; ``os.wait4`` gives this child's own peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **popen)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(process.returncode, time.perf_counter() - start, usage.ru_maxrss / 1024)
