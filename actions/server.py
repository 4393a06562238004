"""Start the action server: rasa-sdk's app with our actions, one process, a given port."""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic


def build_executor() -> ActionExecutor:
    """An executor with every action of the ``actions`` package registered."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def create_server() -> Sanic[Any, Any]:
    """The Sanic app (a factory, so nothing is created at import)."""
    app: Sanic[Any, Any] = create_app(build_executor(), cors_origins=[])
    return app


def main(argv: list[str] | None = None) -> None:
    """``python -m actions --port 5055``."""
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("ICRM_ACTION_SERVER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("ICRM_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # One turn at a time, each with small per-customer products (a customer's content scores
    # are one matrix-vector product over the catalogue): a second BLAS thread only adds its
    # wake-up, 0.4 ms -> 5-40 ms for 10,000 products on a busy 2-core machine.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    app = create_server()
    # Load the promoted customer models now rather than on the first customer's turn.
    from actions.services import services

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
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
