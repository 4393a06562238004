"""Where the project's runtimes and bot live (the repository checkout)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from icrm_models.settings import Settings, get_settings


@dataclass(frozen=True)
class ProjectPaths:
    """Files of the checkout that the launcher and the NLU tools run."""

    root: Path
    onnx_encoder_dir: Path | None = None  # ICRM_ONNX_ENCODER_DIR; None: the checkout's own

    @classmethod
    def discover(cls, settings: Settings | None = None) -> ProjectPaths:
        """The checkout this package is installed from (editable install), or ICRM_PROJECT_ROOT."""
        settings = settings or get_settings()
        root = settings.project_root or Path(__file__).resolve().parents[2]
        if not (root / "bot" / "config.yml").exists():
            raise FileNotFoundError(
                f"no iCRM Assist checkout at {root}: set ICRM_PROJECT_ROOT to the repository"
            )
        return cls(root, onnx_encoder_dir=settings.onnx_encoder_dir)

    @property
    def bot(self) -> Path:
        return self.root / "bot"

    @property
    def endpoints(self) -> Path:
        return self.root / "endpoints.yml"

    @property
    def encoder_dir(self) -> Path:
        """The ONNX export of the sentence encoder that the NLU pipeline runs."""
        return self.onnx_encoder_dir or self.root / "var" / "encoders" / "minilm-onnx"

    def rasa_process_env(self, encoder_dir: Path | None = None) -> dict[str, str]:
        """What every Rasa process needs: our components importable, the encoder, quiet logs."""
        return {
            "PYTHONPATH": str(self.bot),
            "ICRM_ONNX_ENCODER_DIR": str(encoder_dir or self.encoder_dir),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "LOG_LEVEL_LIBRARIES": "ERROR",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "RASA_TELEMETRY_ENABLED": "false",
        }

    def rasa_serving_env(self, encoder_dir: Path | None = None) -> dict[str, str]:
        """A Rasa process that parses messages: also numpy's BLAS and OpenMP on one thread.

        The sentence encoder (onnxruntime) has its own two threads; BLAS workers spinning beside
        them on two cores made the parse time's tail (p95) half again as long.
        """
        return {
            **self.rasa_process_env(encoder_dir),
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }

    @property
    def rasa_bin(self) -> Path:
        return self.root / ".venv-rasa" / "bin" / "rasa"

    @property
    def rasa_python(self) -> Path:
        return self.root / ".venv-rasa" / "bin" / "python"

    @property
    def app_python(self) -> Path:
        return self.root / ".venv" / "bin" / "python"

    def require_runtimes(self) -> None:
        """A clear error when set-up has not been run."""
        for path in (self.rasa_bin, self.app_python):
            if not path.exists():
                raise FileNotFoundError(f"{path} is missing: run `make setup` first")
