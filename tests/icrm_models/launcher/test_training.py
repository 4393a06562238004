import shutil
from pathlib import Path

import pytest

from icrm_models.launcher.rasa_env import rasa_environment, tracker_store_url
from icrm_models.launcher.training import bot_content_hash
from icrm_models.settings import Settings

BOT = Path(__file__).parents[3] / "bot"


@pytest.fixture
def bot_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BOT, tmp_path / "bot"))


def test_hash_changes_with_training_data_only(bot_copy: Path) -> None:
    before = bot_content_hash(bot_copy)
    assert bot_content_hash(bot_copy) == before
    (bot_copy / "tests" / "test_conversations.yml").write_text("version: '3.1'\n")
    assert bot_content_hash(bot_copy) == before
    nlu = bot_copy / "data" / "nlu" / "orders.yml"
    nlu.write_text(nlu.read_text() + "      - where is my parcel now\n")
    assert bot_content_hash(bot_copy) != before


def test_hash_sees_a_renamed_file(bot_copy: Path) -> None:
    before = bot_content_hash(bot_copy)
    (bot_copy / "data" / "rules" / "orders.yml").rename(bot_copy / "data" / "rules" / "x.yml")
    assert bot_content_hash(bot_copy) != before


@pytest.mark.parametrize(
    ("ours", "rasas"),
    [
        ("sqlite:////tmp/x/icrm.db", "sqlite:////tmp/x/icrm.db"),
        ("postgresql+psycopg://u:p@h:5432/shop", "postgresql://u:p@h:5432/shop"),
    ],
)
def test_tracker_store_url_uses_rasas_drivers(ours: str, rasas: str) -> None:
    assert tracker_store_url(ours) == rasas


def test_embedded_defaults_and_redis_lock_store(tmp_path: Path) -> None:
    env = rasa_environment(Settings(data_dir=tmp_path), action_server_url="http://a/webhook")
    # The parsing server keeps BLAS and OpenMP off the encoder's two threads.
    assert env["OPENBLAS_NUM_THREADS"] == env["OMP_NUM_THREADS"] == "1"
    assert env["ICRM_LOCK_STORE_TYPE"] == "in_memory"
    assert env["ICRM_TRACKER_STORE_URL"] == f"sqlite:///{tmp_path.resolve()}/icrm.db"
    env = rasa_environment(
        Settings(data_dir=tmp_path, lock_store_url="redis://r:6380/2"),
        action_server_url="http://a/webhook",
    )
    assert (
        env["ICRM_LOCK_STORE_TYPE"],
        env["ICRM_LOCK_STORE_HOST"],
        env["ICRM_LOCK_STORE_PORT"],
        env["ICRM_LOCK_STORE_DB"],
    ) == ("redis", "r", "6380", "2")
    with pytest.raises(ValueError, match="redis://"):
        rasa_environment(
            Settings(data_dir=tmp_path, lock_store_url="http://x"), action_server_url="x"
        )
