"""Shared fixtures: a small messy raw folder built fresh for each test that asks for it; the sample
run shared by a session; and the guard that fails a session whose tests left files in the checkout."""

from __future__ import annotations

import ast
import functools
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rawfixture import build_raw

CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture
def raw_fixture(tmp_path) -> Path:
    return build_raw(tmp_path / "raw")


@pytest.fixture(autouse=True)
def _printing_only_where_asked(request, monkeypatch):
    """The runs of a test print no PDFs unless it is marked ``cetak`` (printing costs seconds per
    period and is checked by the tests that ask for it). Session fixtures, built before this, print:
    the sample run below does, and the print tests read its PDFs."""
    if request.node.get_closest_marker("cetak") is None:
        from iku_helpers.publish.printing import Printers

        monkeypatch.setattr(Printers, "found", classmethod(lambda cls: cls.none()))


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """`iku run` over the bundled sample (2025 and 2026, annual, with their PDFs where the machine
    has the programs), once per test session; tests read its outputs and never change them. Under
    pytest-xdist a session fixture is built once per worker that needs it: the modules using it
    carry `xdist_group("sample_run")`, so `make test` sends them all to one worker and the run is
    made once (see `pytest_xdist_make_scheduler` below)."""
    from iku_helpers.commands.cli import main
    from iku_helpers.core.params import PROJECT_ROOT

    sample = PROJECT_ROOT / "data" / "raw"
    if not (sample / "2025").is_dir():
        pytest.skip("bundled sample not present")
    base = tmp_path_factory.mktemp("sample-run")
    assert main(["run", "--raw-dir", str(sample), "--out", str(base / "out"),
                 "--processed-dir", str(base / "processed")]) == 0
    return base / "out"


# No test writes into the checkout: tests write under tmp_path, never beside the project's own data,
# outputs, notebooks or code. The guard compares the files there (ignored ones included: outputs/
# and data/processed/ are ignored by git) before and after the session, so it also holds on a
# checkout with uncommitted edits, and it fails the session naming what appeared or changed.
# The caches the tools keep on purpose (.pytest_cache, .hypothesis, __pycache__, ...) are not watched.
WATCHED = ("data", "outputs", "notebooks", "iku_helpers")
UNWATCHED_DIRS = {"__pycache__", ".ipynb_checkpoints"}
TOOL_CACHES = {".git", ".venv", ".pytest_cache", ".hypothesis", ".ruff_cache", ".import_linter_cache", ".mypy_cache",
               "build"}
_BEFORE = pytest.StashKey[dict]()
_LEFT = pytest.StashKey[list]()


def checkout_files(root: Path = CHECKOUT) -> dict[str, tuple[int, int]]:
    """Every file under the watched folders (size, modification time), and the names at the top."""
    found: dict[str, tuple[int, int]] = {}
    for top in WATCHED:
        for folder, dirs, files in os.walk(root / top):
            dirs[:] = [d for d in dirs if d not in UNWATCHED_DIRS]
            for name in files:
                path = Path(folder) / name
                try:
                    st = path.stat()
                except FileNotFoundError:  # removed while walking
                    continue
                found[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    for entry in root.iterdir():
        if entry.name not in TOOL_CACHES and not entry.name.endswith(".egg-info"):
            found.setdefault(entry.name + ("/" if entry.is_dir() else ""), (0, 0))
    return found


def _controller(config: pytest.Config) -> bool:
    """True in a plain run and in pytest-xdist's controller; False in its workers (each runs only a
    part of the tests, so only the controller sees the session whole)."""
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _controller(session.config) and not session.config.option.collectonly:
        session.config.stash[_BEFORE] = checkout_files()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    after = checkout_files()
    left = sorted([f"new      {p}" for p in after.keys() - before.keys()]
                  + [f"changed  {p}" for p in after.keys() & before.keys() if after[p] != before[p]]
                  + [f"removed  {p}" for p in before.keys() - after.keys()])
    if left:
        session.config.stash[_LEFT] = left
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    left = config.stash.get(_LEFT, None)
    if left:
        terminalreporter.section("tests wrote into the checkout", sep="!", red=True, bold=True)
        terminalreporter.line("These files appeared, changed or went away during the session (tests write under"
                              " tmp_path; if you edited them yourself meanwhile, run again):")
        for line in left[:50]:
            terminalreporter.line(f"  {line}")
        if len(left) > 50:
            terminalreporter.line(f"  ... and {len(left) - 50} more")


# Parallel runs (pytest-xdist, `make test` and `make test-fast`: `-n auto --dist loadgroup`).
# A module-level `pytestmark = [..., pytest.mark.xdist_group("name")]` sends every test of the
# modules naming that group to one worker: their expensive session or module fixture (the sample
# run, a module's published run, a generated sample) is built once, not once per worker. xdist
# itself groups by rewriting node ids on the workers, which pytest 9.2 no longer honours
# (pytest-xdist issue #1386: the marks are silently ignored), so the controller reads the marks
# from the modules' source instead; marks on single tests are not read (none is used). The other
# tests go one by one to whichever worker is free, the end-to-end ones first: a long test started
# last would keep one worker busy while the other one waits.


@functools.cache
def xdist_group_of(module: str, root: Path = CHECKOUT) -> str | None:
    """The group named by ``xdist_group`` in a test module's own ``pytestmark``, if any."""
    path = root / module
    if path.suffix != ".py" or not path.is_file():
        return None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
            for call in ast.walk(node.value):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "xdist_group"):
                    given = call.args[:1] + [k.value for k in call.keywords if k.arg == "name"]
                    return str(given[0].value) if given and isinstance(given[0], ast.Constant) else "default"
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ModuleGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)  # the group, where xdist could mark the node id
            if scope != nodeid:
                return scope
            group = xdist_group_of(nodeid.split("::", 1)[0], config.rootpath)
            return f"@{group}" if group else nodeid

    return ModuleGroupScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker: every worker sorts alike, the controller checks
        items.sort(key=lambda item: item.get_closest_marker("e2e") is None)  # stable: e2e first
