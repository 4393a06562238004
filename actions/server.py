"""Start the action server: rasa-sdk's app with our actions, one process, a given port.

It answers only Rasa (a shared token, :mod:`actions.authentication`) and listens on loopback
unless ``ICRM_ACTION_SERVER_HOST`` says otherwise (Rasa is its only client). Port and log level
are settings too (``ICRM_ACTION_SERVER_PORT``, ``ICRM_LOG_LEVEL``); ``--port`` overrides the port.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic

from actions.authentication import protect
from actions.services import services


def build_executor() -> ActionExecutor:
    """An executor with every action of the ``actions`` package registered."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def create_server(*, token: str) -> Sanic[Any, Any]:
    """The Sanic app that answers only requests with ``token`` (a factory: nothing at import)."""
    app: Sanic[Any, Any] = create_app(build_executor(), cors_origins=[])
    protect(app, token=token)
    return app


def main(argv: list[str] | None = None) -> None:
    """``python -m actions --port 5055``."""
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    parser.add_argument("--port", type=int, help="[default: ICRM_ACTION_SERVER_PORT, 5055]")
    args = parser.parse_args(argv)
    settings = services().settings
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # One turn at a time, each with small per-customer products (a customer's content scores
    # are one matrix-vector product over the catalogue): a second BLAS thread only adds its
    # wake-up, 0.4 ms -> 5-40 ms for 10,000 products on a busy 2-core machine.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    app = create_server(token=settings.action_server_api_token)
    # Load the promoted customer models now rather than on the first customer's turn.

    version, models = services().models.get()
    # Build the semantic product index and score the customers in the background now, not
    # on the first search or offer.
    from actions.shopping.models import warm_scores
    from actions.shopping.state import warm_up

    warm_up()
    warm_scores(version, models)
    logging.getLogger(__name__).info(
        "customer models: %s", version or "none promoted (popularity fallback)"
    )
    # One process: the database engine and (later) the models are loaded once, not per worker.
    app.run(
        host=settings.action_server_host,
        port=settings.action_server_port if args.port is None else args.port,
        single_process=True,
        access_log=False,  # our own access log (actions.authentication) leaves bodies out
        motd=False,
    )
