"""Writing so that a fault leaves nothing half-done, and the points where the tests kill a run.

:func:`atomic_write` writes a file and :func:`swap_in` puts a finished folder in place so that a
reader sees the old one or the new one, never half of either; what a killed writer leaves behind
(``.<name>.<pid>.tmp`` files, a folder moved aside) is tidied by the next ``iku run``.

A run started with the environment variable :data:`KILL_ENV` set to one of :data:`KILL_POINTS`
kills itself (SIGKILL where the system has it) when it reaches that point: nothing is cleaned up,
no ``finally`` runs. ``tests/publish/test_faults.py`` checks that every published period is then as it
was or complete, and that the next run tidies up and succeeds. Unset, a point does nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

KILL_ENV = "IKU_UJI_MATI_DI"
KILL_POINTS = (
    "notebook",   # the first notebook has run in the staging folder
    "cache",      # the processed cache's tables are written, the meta file that commits them not yet
    "manifest",   # the staging folder is complete with its manifest, not yet published
    "pindah",     # the published period was moved aside, the new one not yet moved in
    "terbit",     # the period is published, outputs/index.html not yet rewritten
)


def kill_point(name: str) -> None:
    """Die here, at once, when the fault tests ask for it."""
    if os.environ.get(KILL_ENV) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


TMP_SUFFIX = ".tmp"  # the temporary files of :func:`atomic_write`: ``.<name>.<pid>.tmp``


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file so that a reader sees the old or the new content, never half of it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def swap_in(staging: Path, target: Path, aside: Path) -> None:
    """Put the finished folder ``staging`` in ``target``'s place: the folder there is moved to
    ``aside`` first (no system replaces a folder in one step) and removed once the new one is in;
    when the new one cannot be moved in, the old one goes back and the error is raised."""
    if target.exists():
        target.rename(aside)
        kill_point("pindah")
    try:
        staging.rename(target)
    except OSError:
        if aside.exists() and not target.exists():
            aside.rename(target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
