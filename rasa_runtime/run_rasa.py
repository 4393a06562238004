"""Start ``rasa run`` with its HTTP API token taken from the environment, not the command line.

A token on the command line is readable by every local user through the process list; the
environment of a process only by its owner. ``icrm up`` runs
``.venv-rasa/bin/python rasa_runtime/run_rasa.py run --model ...`` with ``ICRM_RASA_TOKEN`` set:
the API is enabled with that token, and without one it stays off. The token is removed from
this process's environment before Rasa starts, so no child process inherits it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

TOKEN_VARIABLE = "ICRM_RASA_TOKEN"


def rasa_arguments(arguments: list[str], environ: MutableMapping[str, str]) -> list[str]:
    """Rasa's arguments with the API switched on behind the token from ``environ`` (taken out of
    it), or off when there is no token. One argument ``--auth-token=<token>``: a random token may
    start with "-", and as a separate argument argparse would take it for an option."""
    token = environ.pop(TOKEN_VARIABLE, "")
    kept = [
        arg for arg in arguments if arg != "--enable-api" and not arg.startswith("--auth-token")
    ]
    return kept + (["--enable-api", f"--auth-token={token}"] if token else [])


if __name__ == "__main__":
    sys.argv = ["rasa", *rasa_arguments(sys.argv[1:], os.environ)]
    from rasa.__main__ import main

    main()
