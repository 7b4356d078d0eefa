"""``rasa run`` for Lotse: the same command line, without TensorFlow when the model needs none.

    python -m scripts.serve_rasa run --model models/ --port 5005 ...
    python -m scripts.serve_rasa test core --model models/lotse.tar.gz --stories tests/stories

Reads the model's graph (its ``metadata.json``) before Rasa is imported; when every node
runs without TensorFlow (``scripts.without_tensorflow.model_needs_tensorflow``) and
``LOTSE_WITHOUT_TENSORFLOW`` is not 0, TensorFlow is kept out of the process. Then Rasa's
own command line runs with the arguments given. ``make run``, ``make run-scaled``, the
compose file and ``make test-stories`` start Rasa this way.

When serving (``run``), the garbage collector is tuned for a long-lived process with a large
loaded model (``LOTSE_GC_TUNING``, on by default): once the model is loaded, everything
alive is frozen (``gc.freeze``: never scanned again, never freed, as it lives as long as the
process anyway), and young objects are collected every 10,000 allocations instead of 700.
Measured under load (N = 10 saturated, 60 s): the collector's time fell from 5.1 s to
1.9 s, and its full collections from 0.32 s pauses to 0.15 s (docs/performance.md).
"""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.settings import get_settings
from scripts import without_tensorflow


def model_archive(argv: list[str]) -> Path | None:
    """The model file ``rasa run`` will load: ``--model``/``-m`` (a file, or a folder whose
    newest archive Rasa takes), else ``models/``."""
    value = "models"
    for index, argument in enumerate(argv):
        if argument in ("--model", "-m") and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--model="):
            value = argument.split("=", 1)[1]
    path = Path(value)
    if path.is_dir():
        # Rasa's get_latest_model picks the archive with the newest ctime.
        archives = sorted(path.glob("*.tar.gz"), key=os.path.getctime)
        return archives[-1] if archives else None
    return path if path.is_file() else None


def keep_tensorflow_out(argv: list[str]) -> bool:
    """Install the stand-ins when allowed and the model needs no TensorFlow; say why not."""
    if not get_settings().without_tensorflow:
        return False
    # serving (run, shell) and testing a trained model; training and the action server
    # (which imports no TensorFlow) stay as they are
    if not argv or argv[0] not in ("run", "shell", "test") or argv[1:2] == ["actions"]:
        return False
    archive = model_archive(argv)
    if archive is None:
        return False
    try:
        needs = without_tensorflow.model_needs_tensorflow(
            without_tensorflow.graph_node_classes(archive)
        )
    except (OSError, ValueError, KeyError) as error:
        print(
            f"serve_rasa: cannot read the graph of {archive} ({error}); TensorFlow stays",
            file=sys.stderr,
        )
        return False
    if needs:
        print(
            f"serve_rasa: {archive.name} uses {', '.join(needs)}; TensorFlow stays", file=sys.stderr
        )
        return False
    without_tensorflow.install()
    return True


# Young objects are collected after 10,000 allocations (Python: 700): a turn allocates tens
# of thousands of short-lived objects, and each collection also walks what they point to.
GC_THRESHOLDS = (10_000, 50, 100)


def freeze_after_loading(load: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """``load`` (Rasa's ``load_agent_on_start``), then everything alive moved into the
    collector's permanent generation."""

    @functools.wraps(load)
    async def loaded_and_frozen(*args: Any, **kwargs: Any) -> Any:
        agent = await load(*args, **kwargs)
        gc.collect()
        gc.freeze()
        return agent

    return loaded_and_frozen


def tune_garbage_collector(argv: list[str]) -> bool:
    """For ``run``: raise the thresholds and freeze the loaded model (see the docstring)."""
    if not get_settings().gc_tuning or not argv or argv[0] != "run" or argv[1:2] == ["actions"]:
        return False
    import rasa.core.run

    gc.set_threshold(*GC_THRESHOLDS)
    # serve_application registers the listener by this module-level name when it runs
    rasa.core.run.load_agent_on_start = freeze_after_loading(rasa.core.run.load_agent_on_start)
    return True


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    keep_tensorflow_out(args)
    tune_garbage_collector(args)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
