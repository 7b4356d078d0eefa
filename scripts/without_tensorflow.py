"""Serve a model that needs no TensorFlow without loading TensorFlow.

Lotse's pipeline and policies use no TensorFlow (config.yml), yet Rasa 3.6 imports it on
the way to its policy base class (``rasa.core.policies.policy`` -> tracker featurizers ->
``rasa.utils.train_utils`` -> ``rasa.utils.tensorflow.callback``), and spaCy's thinc imports
it because it is installed. TensorFlow costs a Rasa process about 500 MB of memory and 3 s
of start (docs/performance.md). Those imports only *define* things with it: Keras
callbacks, data generators and layers as base classes, type hints, decorators.

``install()`` puts a finder in front of the import system for ``tensorflow`` and its
companions:

* imported by Rasa's own modules, they get a stand-in module: any attribute is a
  stand-in again, usable as a base class, decorator or type hint while modules are being
  imported. Called outside an import, a stand-in raises ``TensorFlowNotLoaded``, so a
  code path that really needs TensorFlow fails loudly instead of computing nonsense;
* imported by anything else (thinc's optional check), they raise ``ImportError``, as if
  TensorFlow were not installed, which those libraries handle.

Only ``scripts/serve_rasa.py`` installs it, and only for a model whose every graph node is
in ``TENSORFLOW_FREE`` (``model_needs_tensorflow``); training and every other model keep
the real TensorFlow. ``LOTSE_WITHOUT_TENSORFLOW=0`` switches it off.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import sys
import tarfile
import types
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

STUBBED_PACKAGES = ("tensorflow", "tensorflow_addons", "tensorflow_hub", "tensorflow_text", "keras")

# Graph nodes (``uses`` in the model's metadata) known to run without TensorFlow: Rasa's
# own plumbing, the spaCy components and Lotse's components. Anything else (DIET, TED,
# ResponseSelector, language-model featurizers, an unknown class) keeps TensorFlow.
TENSORFLOW_FREE_PREFIXES = ("components.",)
TENSORFLOW_FREE = frozenset(
    {
        "rasa.graph_components.providers.domain_provider.DomainProvider",
        "rasa.graph_components.providers.forms_provider.FormsProvider",
        "rasa.graph_components.providers.responses_provider.ResponsesProvider",
        "rasa.graph_components.providers.domain_for_core_training_provider.DomainForCoreTrainingProvider",
        "rasa.graph_components.providers.nlu_training_data_provider.NLUTrainingDataProvider",
        "rasa.graph_components.providers.rule_only_provider.RuleOnlyDataProvider",
        "rasa.graph_components.providers.story_graph_provider.StoryGraphProvider",
        "rasa.graph_components.providers.training_tracker_provider.TrainingTrackerProvider",
        "rasa.graph_components.converters.nlu_message_converter.NLUMessageConverter",
        "rasa.graph_components.validators.default_recipe_validator.DefaultV1RecipeValidator",
        "rasa.graph_components.validators.finetuning_validator.FinetuningValidator",
        "rasa.engine.graph.GraphModelConfiguration",
        "rasa.nlu.classifiers.regex_message_handler.RegexMessageHandler",
        "rasa.nlu.utils.spacy_utils.SpacyNLP",
        "rasa.nlu.tokenizers.spacy_tokenizer.SpacyTokenizer",
        "rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble",
        "rasa.shared.importers.importer.TrainingDataImporter",
    }
)


class TensorFlowNotLoaded(RuntimeError):
    """A code path called TensorFlow in a process served without it."""


def _inside_import() -> bool:
    """True while a module is being executed by the import system (frames of importlib)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False


class _StandInMeta(type):
    """Metaclass of the stand-ins: attribute access on the class gives stand-ins too."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _stand_in(f"{cls.__qualname__}.{name}")

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if cls.__dict__.get("_stand_in_root", False) and not _inside_import():
            raise TensorFlowNotLoaded(
                f"{cls.__qualname__} called, but this Rasa process was started without "
                "TensorFlow (scripts/without_tensorflow.py); set "
                "LOTSE_WITHOUT_TENSORFLOW=0 for a model that needs it"
            )
        if cls.__dict__.get("_stand_in_root", False):
            # At import time a call is a decorator or a module-level helper: give back the
            # decorated object when there is one, so the function stays itself.
            if len(args) == 1 and not kwargs and callable(args[0]):
                return args[0]
            return _stand_in(f"{cls.__qualname__}()")
        return super().__call__(*args, **kwargs)

    def __iter__(cls) -> Any:
        return iter(())

    def __bool__(cls) -> bool:
        return False

    def __or__(cls, other: Any) -> Any:
        return cls

    def __ror__(cls, other: Any) -> Any:
        return cls

    def __getitem__(cls, item: Any) -> Any:
        return cls


def _stand_in(qualname: str) -> type:
    # A fresh class per name: usable as a base class (subclasses are ordinary classes,
    # instantiating them is not a call of the stand-in itself), in type hints and unions.
    return _StandInMeta(qualname, (), {"_stand_in_root": True, "__module__": "tensorflow"})


class _StandInModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        value = _stand_in(f"{self.__name__}.{name}")
        setattr(self, name, value)
        return value


def _importer_is_rasa() -> bool:
    """Whether the module asking for TensorFlow is one of Rasa's (its frame's globals)."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<frozen importlib") and frame.f_globals.get("__name__") not in (
            __name__,
            "importlib",
        ):
            name = str(frame.f_globals.get("__name__", ""))
            return name == "rasa" or name.startswith("rasa.")
        frame = frame.f_back
    return False


class _Loader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _StandInModule(spec.name)
        module.__path__ = []  # a package, so ``import tensorflow.keras`` works
        module.__version__ = "0+not-loaded"
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


class WithoutTensorFlowFinder(importlib.abc.MetaPathFinder):
    """Stand-ins for Rasa, ``ImportError`` for everyone else."""

    loader = _Loader()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        top = fullname.split(".", 1)[0]
        if top not in STUBBED_PACKAGES:
            return None
        if not _importer_is_rasa():
            raise ModuleNotFoundError(
                f"{fullname} is not loaded in this process (scripts/without_tensorflow.py)"
            )
        return importlib.machinery.ModuleSpec(fullname, self.loader, is_package=True)


def installed() -> bool:
    return any(isinstance(finder, WithoutTensorFlowFinder) for finder in sys.meta_path)


def install() -> None:
    """Put the finder first; refuses when TensorFlow is already imported."""
    if installed():
        return
    if any(name.split(".", 1)[0] in STUBBED_PACKAGES for name in sys.modules):
        raise RuntimeError("TensorFlow is already imported; install() must run first")
    sys.meta_path.insert(0, WithoutTensorFlowFinder())


def graph_node_classes(model_path: Path) -> list[str]:
    """The ``uses`` classes of every node of a trained model's train and predict graphs."""
    with tarfile.open(model_path, "r:gz") as archive:
        member = archive.extractfile("metadata.json")
        if member is None:
            raise ValueError(f"{model_path} has no metadata.json")
        metadata = json.load(member)
    classes: list[str] = []
    for schema in ("train_schema", "predict_schema"):
        for node in metadata.get(schema, {}).get("nodes", {}).values():
            classes.append(str(node["uses"]))
    return classes


def model_needs_tensorflow(node_classes: Iterable[str]) -> list[str]:
    """The node classes not known to run without TensorFlow (empty: the model needs none)."""
    return sorted(
        {
            name
            for name in node_classes
            if name not in TENSORFLOW_FREE and not name.startswith(TENSORFLOW_FREE_PREFIXES)
        }
    )
