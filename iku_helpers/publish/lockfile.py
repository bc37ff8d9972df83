"""The lock file: the exact version of every package the workflow runs with.

``requirements/runtime.lock`` (and ``requirements/dev.lock``, which adds the test tools) are
written by ``make lock`` with uv's universal resolution: one file for every Python version and
platform the project supports, each line with the SHA-256 of every file pip may install and, where
a package is needed only somewhere, an environment marker. ``make install``/``make report``
install from it with ``pip --require-hashes``; the manifest records its SHA-256; ``iku verify``
compares what is installed with it (:func:`differences`).

>>> parse_lock("pandas==3.1.1 \\\\\\n    --hash=sha256:ab\\ncolorama==0.4.6 ; sys_platform == 'win32' \\\\\\n")
[('pandas', '3.1.1', None), ('colorama', '0.4.6', "sys_platform == 'win32'")]
"""

from __future__ import annotations

import hashlib
import re
from importlib import metadata
from pathlib import Path

RUNTIME_LOCK = Path("requirements") / "runtime.lock"
DEV_LOCK = Path("requirements") / "dev.lock"
#: How to get the locked environment back, from the project folder (shown by ``iku verify``).
INSTALL_COMMANDS = ("python -m pip install --require-hashes --no-deps -r requirements/runtime.lock",
                    "python -m pip install --no-deps -e .")

_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*(.*?))?\s*\\?\s*$")


def canonical(name: str) -> str:
    """A package name as pip compares them: ``Python_Calamine`` → ``python-calamine``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> list[tuple[str, str, str | None]]:
    """(name, version, marker or None) of every pinned line of a lock file."""
    out = []
    for line in text.splitlines():
        found = _LINE.match(line)
        if found:
            name, version, marker = found.groups()
            out.append((canonical(name), version, marker or None))
    return out


def locked_versions(path: Path) -> dict[str, str]:
    """The locked version of each package that this interpreter and platform need."""
    from packaging.markers import Marker

    return {name: version for name, version, marker in parse_lock(Path(path).read_text(encoding="utf-8"))
            if marker is None or Marker(marker).evaluate()}


def installed_versions(names) -> dict[str, str | None]:
    """The installed version of each package (None when it is not installed)."""
    out = {}
    for name in names:
        try:
            out[canonical(name)] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[canonical(name)] = None
    return out


def differences(wanted: dict[str, str | None], found: dict[str, str | None]) -> list[tuple[str, str | None, str | None]]:
    """(package, wanted version, found version) for every package whose versions differ."""
    return [(name, wanted[name], found.get(name)) for name in sorted(wanted) if found.get(name) != wanted[name]]


def lock_entry(root: Path) -> dict | None:
    """{berkas, sha256} of the runtime lock under ``root``, or None when there is none."""
    path = Path(root) / RUNTIME_LOCK
    if not path.is_file():
        return None
    return {"berkas": RUNTIME_LOCK.as_posix(), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
