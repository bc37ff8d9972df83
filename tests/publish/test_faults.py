"""Faults during `iku run`: killed at any point, two runs at once, a full disk, a folder that
cannot be written. Published periods are always as they were or complete, and the next run
tidies up and succeeds."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iku_helpers.commands.cli import main
from iku_helpers.core.faults import KILL_ENV, KILL_POINTS
from iku_helpers.core.layout import LOCK_FILE
from iku_helpers.core.params import PROJECT_ROOT
from iku_helpers.publish import build as publish
from rawfixture import build_raw

pytestmark = pytest.mark.e2e
YEAR = "2026"


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _complete(period: Path) -> bool:
    """Every file the manifest lists is there with its SHA-256, and nothing else."""
    manifest = json.loads((period / "manifest.json").read_text(encoding="utf-8"))
    listed = {item["path"]: item["sha256"] for item in manifest["keluaran"]}
    present = {k: v for k, v in _hashes(period).items() if k != "manifest.json"}
    return present == listed


def _leftovers(out: Path, processed: Path) -> list[str]:
    return sorted([p.name for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]
                  + [p.name for p in processed.glob("*/.*.tmp")])


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    raw = build_raw(base / "raw")
    assert main(["run", "--year", YEAR, "--raw-dir", str(raw), "--out", str(base / "out"),
                 "--processed-dir", str(base / "processed"), "--jobs", "1"]) == 0
    return base


@pytest.fixture
def copy(baseline, tmp_path):
    shutil.copytree(baseline / "out", tmp_path / "out")
    shutil.copytree(baseline / "processed", tmp_path / "processed")
    return baseline / "raw", tmp_path / "out", tmp_path / "processed"


def _run(raw: Path, out: Path, processed: Path, kill: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != KILL_ENV}
    if kill:
        env[KILL_ENV] = kill
    return subprocess.run([sys.executable, "-m", "iku_helpers", "run", "--year", YEAR, "--raw-dir", str(raw),
                           "--out", str(out), "--processed-dir", str(processed), "--jobs", "1"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_run_killed_at_any_point_leaves_every_period_whole_and_the_next_run_tidies_up(copy, point):
    raw, out, processed = copy
    before = _hashes(out / YEAR)
    if point == "cache":  # the cache is written only when it is (re)built
        shutil.rmtree(processed / YEAR)
    killed = _run(raw, out, processed, kill=point)
    if point == "cache":  # the kernel dies there: the run sees a dead notebook and stops
        assert killed.returncode == 1, killed.stdout + killed.stderr
    else:  # the run itself was killed at that point
        assert killed.returncode == -getattr(signal, "SIGKILL", signal.SIGTERM), killed.stdout + killed.stderr
    period = out / YEAR
    if period.exists():
        assert _hashes(period) == before or _complete(period)
    else:  # killed between the two renames of a publication: the earlier period waits beside it
        aside = list(out.glob(f".old-{YEAR}-*"))
        assert len(aside) == 1 and _hashes(aside[0]) == before
    again = _run(raw, out, processed)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _complete(out / YEAR)
    assert _leftovers(out, processed) == []
    if point in ("notebook", "manifest", "pindah"):
        assert "Dibereskan:" in again.stdout


def test_a_period_published_before_the_kill_verifies(copy):
    raw, out, processed = copy
    assert _run(raw, out, processed, kill="terbit").returncode != 0
    assert main(["verify", str(out / YEAR)]) == 0


def test_a_second_run_on_the_same_folders_is_refused_while_the_first_runs(copy, capsys):
    raw, out, processed = copy
    first = subprocess.Popen([sys.executable, "-m", "iku_helpers", "run", "--year", YEAR, "--raw-dir", str(raw),
                              "--out", str(out), "--processed-dir", str(processed), "--jobs", "1"],
                             cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    from filelock import FileLock, Timeout

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the first run holds the lock
        try:
            with FileLock(str(out / LOCK_FILE), timeout=0):
                pass
        except Timeout:
            break
        time.sleep(0.05)
    else:
        first.kill()
        pytest.fail("the first run never took the lock")
    second = main(["run", "--year", YEAR, "--raw-dir", str(raw), "--out", str(out),
                   "--processed-dir", str(processed), "--jobs", "1"])
    err = capsys.readouterr().err
    assert second == 1 and "lain sedang menulis" in err and str(out.resolve()) in err
    output, _ = first.communicate(timeout=600)
    assert first.returncode == 0, output
    assert _complete(out / YEAR) and _leftovers(out, processed) == []


def test_a_held_processed_folder_is_refused_before_any_work(copy, capsys):
    from filelock import FileLock

    raw, out, processed = copy
    before = _hashes(out)
    with FileLock(str(processed / LOCK_FILE), timeout=0):
        code = main(["run", "--year", YEAR, "--raw-dir", str(raw), "--out", str(out),
                     "--processed-dir", str(processed), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1 and "lain sedang menulis" in captured.err
    assert "01_pembersihan" not in captured.out  # no notebook ran: only the raw data were read
    assert _hashes(out) == before


def test_no_space_left_while_publishing_keeps_earlier_outputs(copy, capsys, monkeypatch):
    raw, out, processed = copy
    before = _hashes(out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish, "write_manifest", full)
    code = main(["run", "--year", YEAR, "--raw-dir", str(raw), "--out", str(out),
                 "--processed-dir", str(processed), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert "ruang disk habis" in captured.out + captured.err and "Traceback" not in captured.out + captured.err
    assert _hashes(out) == before
    assert _leftovers(out, processed) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a read-only file system (Linux /proc)")
@pytest.mark.parametrize("option", ["--out", "--processed-dir"])
def test_a_read_only_folder_is_said_before_any_work(copy, tmp_path, capsys, option):
    raw, out, processed = copy
    folders = {"--out": str(out), "--processed-dir": str(processed)}
    folders[option] = "/proc/iku-uji/keluaran"  # a read-only file system, even for root
    code = main(["run", "--year", YEAR, "--raw-dir", str(raw), "--jobs", "1",
                 "--out", folders["--out"], "--processed-dir", folders["--processed-dir"]])
    captured = capsys.readouterr()
    assert code == 1 and "/proc/iku-uji/keluaran" in captured.err and "Traceback" not in captured.err
    assert "Pemeriksaan data mentah" not in captured.out  # nothing was read or built
