"""Named points where the fault tests kill a run, as a power cut or a killed process would.

A run started with the environment variable :data:`KILL_ENV` set to one of :data:`KILL_POINTS`
kills itself (SIGKILL where the system has it) when it reaches that point: nothing is cleaned up,
no ``finally`` runs. ``tests/test_faults.py`` checks that every published period is then as it
was or complete, and that the next run tidies up and succeeds. Unset, a point does nothing.
"""

from __future__ import annotations

import os
import signal

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
