"""Create, load and persist for our Rasa components: the boilerplate written once.

Each trainable component of ours keeps what training learned as files in its own resource of the
Rasa model storage, and Rasa asks each for the same things: a config merged with the defaults,
``create`` (before training), ``load`` (at prediction) and ``train`` writing the files.
``StoredComponent`` keeps the config and opens the resource for writing (every component);
``PersistedComponent`` adds ``create`` and ``load`` for the components that read their state
back with ``read_trained`` and, when the model holds none (an older model, or training that
skipped them), warn and run untrained rather than fail the whole bot. The MiniLM featurizer is
only a ``StoredComponent``: it always needs an encoder (the configured export before training,
its own copy after), so it has its own ``create`` and ``load``.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

Trained = TypeVar("Trained")  # what training leaves behind, read back by ``load``
Component = TypeVar("Component", bound="PersistedComponent[Any]")


class StoredComponent(GraphComponent):
    """A Rasa graph component that writes what training learned into its own resource.

    No ``__init__`` here: Rasa's featurizer bases initialise cooperatively with their own
    arguments, so the mixin must not sit in that chain; each ``__init__`` calls ``_keep``.
    """

    _config: dict[str, Any]
    _model_storage: ModelStorage
    _resource: Resource

    def _keep(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> None:
        """Store the config merged with the defaults and where training writes its files."""
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource

    @contextmanager
    def persist(self) -> Iterator[Path]:
        """The folder of this component's resource, to write the trained state into."""
        with self._model_storage.write_to(self._resource) as folder:
            yield Path(folder)


class PersistedComponent(Generic[Trained], StoredComponent):
    """A stored component that runs untrained, with a warning, when the model holds nothing of it.

    Subclasses take ``(config, model_storage, resource, trained=None)`` in ``__init__`` and read
    their files back in ``read_trained``. ``Generic`` comes first so that the class linearises
    after Rasa's featurizer bases (which are ``Generic`` and ``ABC`` in that order).
    """

    # The end of the warning ``load`` logs when the model holds no trained state, e.g.
    # "no trained model found; it predicts nothing".
    trained_name: ClassVar[str] = "model"
    untrained_behaviour: ClassVar[str] = "it does nothing"

    @classmethod
    def create(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Component:
        """For training: the component untrained."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Component:
        """For prediction: the component with what training saved, or untrained (with a warning)."""
        merged = {**cls.get_default_config(), **config}
        trained: Any = None
        try:
            with model_storage.read_from(resource) as folder:
                trained = cls.read_trained(Path(folder), merged)
        except (ValueError, FileNotFoundError):
            # The component's own logger, as when each component wrote this itself.
            logging.getLogger(cls.__module__).warning(
                "%s: no trained %s found; %s",
                cls.__name__,
                cls.trained_name,
                cls.untrained_behaviour,
            )
        return cls(config, model_storage, resource, trained)

    @classmethod
    @abstractmethod
    def read_trained(cls, folder: Path, config: dict[str, Any]) -> Trained:
        """What ``train`` wrote into ``folder``, given the merged config.

        Raises ``FileNotFoundError`` (or ``ValueError``) when it is not there.
        """
