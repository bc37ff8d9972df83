"""The lock files: every dependency pinned with hashes, installed as locked, mirrored by environment.yml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from iku_helpers.publish import lockfile, verify
from iku_helpers.publish.lockfile import (
    DEV_LOCK,
    RUNTIME_LOCK,
    canonical,
    installed_versions,
    locked_versions,
    parse_lock,
)

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def _requirements(extra: bool) -> list[Requirement]:
    reqs = [Requirement(r) for r in PROJECT["dependencies"]]
    return reqs + ([Requirement(r) for r in PROJECT["optional-dependencies"]["dev"]] if extra else [])


@pytest.mark.parametrize("lock, extra", [(RUNTIME_LOCK, False), (DEV_LOCK, True)])
def test_every_dependency_is_pinned_within_its_range_with_hashes(lock, extra):
    text = (REPO / lock).read_text()
    pins = {}
    for name, version, _marker in parse_lock(text):
        pins.setdefault(name, []).append(version)
    for req in _requirements(extra):
        versions = pins[canonical(req.name)]
        assert all(req.specifier.contains(v) for v in versions), (req, versions)
    # every pinned line is followed by at least one --hash (pip --require-hashes refuses it otherwise)
    blocks = re.split(r"\n(?=[a-z0-9])", text.split("\n", 2)[2])
    for block in blocks:
        if re.match(r"^[a-z0-9]", block):
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_dev_lock_keeps_the_runtime_versions():
    runtime = {(n, m): v for n, v, m in parse_lock((REPO / RUNTIME_LOCK).read_text())}
    dev = {(n, m): v for n, v, m in parse_lock((REPO / DEV_LOCK).read_text())}
    assert {k: dev.get(k) for k in runtime} == runtime


def test_installed_packages_are_the_locked_ones():
    """What `make test` installed is the dev lock, exactly (the runtime set is a part of it)."""
    locked = locked_versions(REPO / DEV_LOCK)
    assert lockfile.differences(locked, installed_versions(locked)) == []


def test_environment_yml_pins_the_locked_versions():
    locked = {n: v for n, v, m in parse_lock((REPO / DEV_LOCK).read_text()) if m is None}
    listed, python = {}, None
    text = (REPO / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)\s*([^#\s]*)\s*$", line)
        if not m:
            continue
        name, spec = canonical(m.group(1)), m.group(2)
        if name == "python":
            python = spec
        elif name != "pip":  # the installer is not a dependency
            listed[name] = spec
    assert set(listed) == {canonical(r.name) for r in _requirements(True)}
    assert listed == {name: f"=={locked[name]}" for name in listed}
    assert python == PROJECT["requires-python"]


def test_markers_decide_which_lines_apply(tmp_path):
    lock = tmp_path / "x.lock"
    lock.write_text("a==1 \\\n    --hash=sha256:00\nb==2 ; sys_platform == 'nonexistent' \\\n    --hash=sha256:00\n"
                    "Python_Calamine==0.9.1\n")
    assert locked_versions(lock) == {"a": "1", "python-calamine": "0.9.1"}


def test_verify_names_a_changed_package_and_how_to_get_the_environment_back(monkeypatch):
    locked = locked_versions(REPO / RUNTIME_LOCK)
    real = lockfile.installed_versions

    def one_changed(names):
        found = real(names)
        if "pandas" in found:
            found["pandas"] = "2.2.3"
        return found

    monkeypatch.setattr(verify, "installed_versions", one_changed)
    manifest = {"paket": {"pandas": locked["pandas"], "numpy": locked["numpy"]},
                "kunci": lockfile.lock_entry(REPO), "git": {"commit": "0123456789abcdef"},
                "python": __import__("platform").python_version()}
    notes = verify.version_notes(manifest)
    text = "\n".join(notes)
    assert f"paket pandas 2.2.3, padahal berkas kunci requirements/runtime.lock menetapkan {locked['pandas']}" in text
    assert f"paket pandas 2.2.3, padahal laporan dibuat dengan {locked['pandas']}" in text
    assert "numpy" not in text
    assert "git checkout 0123456789ab" in text and "--require-hashes" in text and "make install" in text


def test_a_changed_lock_file_is_named():
    manifest = {"paket": {}, "kunci": {"berkas": "requirements/runtime.lock", "sha256": "0" * 64},
                "git": {"commit": None}, "python": __import__("platform").python_version()}
    assert any("berbeda dengan saat laporan dibuat" in n for n in verify.version_notes(manifest))
