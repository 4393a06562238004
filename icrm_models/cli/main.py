"""``icrm``: the one command-line entry point of iCRM Assist."""

from __future__ import annotations

import typer

from icrm_models.cli.agents_cmds import agents_app
from icrm_models.cli.analytics_cmds import analytics_app
from icrm_models.cli.data_cmds import db_app, evaluate_command, import_app, seed_command
from icrm_models.cli.demo_cmds import demo_app
from icrm_models.cli.errors import run_guarded
from icrm_models.cli.models_cmds import models_app
from icrm_models.cli.nlu_cmds import nlu_app
from icrm_models.cli.stack_cmds import bot_app, up_command

app = typer.Typer(
    name="icrm",
    help="iCRM Assist: a self-hostable customer-service assistant for online shops.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("up")(up_command)
app.command("seed")(seed_command)
app.command("evaluate")(evaluate_command)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(bot_app, name="bot")
app.add_typer(models_app, name="models")
app.add_typer(nlu_app, name="nlu")
app.add_typer(agents_app, name="agents")
app.add_typer(analytics_app, name="analytics")
app.add_typer(demo_app, name="demo")


def main() -> None:
    """Console-script entry: errors become one clear line."""
    run_guarded(lambda: app(standalone_mode=True))
