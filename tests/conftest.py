"""Shared test set-up: a pinned terminal, a private cache, a CLI runner, the
quick subset, fixtures built once per run, and a loud list of missing tools."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from painguide import i18n
from painguide.cli import run

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CATALOG = TESTS / "data" / "catalog.yaml"
GOLDEN = TESTS / "golden"
ROBUSTNESS = TESTS / "robustness"
# The reason printing.missing() gives a skip, found again in the summary.
MISSING_TOOL = "missing system tool: "


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """`-m quick`: every test outside tests/robustness/ (hostile input, mostly in child processes)
    that is not marked slow (packages, subprocesses) or browser. Before `-m` deselects.

    Then, after pytest's own ordering and `-m`, the costliest kinds go first (browser, then slow, then
    the robustness suite, then quick): pytest-xdist hands tests out in this order, so no long test is
    left to start when the other worker has finished. The sort is stable, so a module's tests of one
    module-scoped fixture stay together (one browser per engine, not one per test).
    """
    for item in items:
        if item.get_closest_marker("slow") or item.get_closest_marker("browser"):
            continue
        if ROBUSTNESS not in item.path.parents:
            item.add_marker(pytest.mark.quick)
    yield
    items.sort(key=_cost_rank)


def _cost_rank(item: pytest.Item) -> int:
    kinds = ("browser", "slow", "", "quick")
    return next(rank for rank, kind in enumerate(kinds) if not kind or item.get_closest_marker(kind))


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Tests that could not run for want of a system tool, in a banner no one can miss."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        if isinstance(longrepr, tuple) and MISSING_TOOL in str(longrepr[2]):
            reason = str(longrepr[2]).split(MISSING_TOOL, 1)[1]
            reasons[reason] = reasons.get(reason, 0) + 1
    if not reasons:
        return
    terminalreporter.section("MISSING SYSTEM TOOLS: these tests did not run", sep="!", red=True, bold=True)
    for reason, count in sorted(reasons.items()):
        terminalreporter.line(f"{count:4d} test{'s' if count > 1 else ''}: {reason}", red=True, bold=True)
    terminalreporter.line(
        "Install them with: sudo tools/install-system-deps.sh  (README, Set-up). "
        "PAINGUIDE_REQUIRE_BROWSER=1 makes them fail instead, as in CI.",
        red=True,
        bold=True,
    )


@contextlib.contextmanager
def untraced() -> Iterator[None]:
    """Pause coverage while third-party code does heavy work (parse or lay out a PDF, load a dictionary).

    Coverage measures only painguide, but its tracer still sees every Python
    call: it made pdfminer's parsing 2.4 times and a WeasyPrint print test
    2.3 times as costly in CPU. Use it only around library code, or painguide
    lines that other tests also run (as handout_pdf.pdf_bytes), so that no
    line goes uncounted.
    """
    try:
        import coverage
    except ImportError:  # pragma: no cover - pytest-cov is a test dependency
        yield
        return
    # Pause the innermost measurement, which alone traces. Its stop() would hand tracing to the one
    # beneath (an xdist worker runs two), so under xdist nothing was paused; stopping every one and
    # starting them again left a worker unmeasured for the rest of the run (coverage fell to 86%).
    current = coverage.Coverage.current()
    collector = getattr(current, "_collector", None)
    if collector is None:
        yield
        return
    collector.pause()
    try:
        yield
    finally:
        collector.resume()


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that `build` fills once per test run, whichever worker asks first.

    pytest-xdist gives each worker its own base folder inside one folder for the
    run; the lock there makes the other workers wait for the first and reuse
    what it built. A build that fails leaves no mark, so the next asker retries.
    """
    from filelock import FileLock

    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / f"built-once-{name}"
    with FileLock(f"{folder}.lock"):
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Same output wherever tests run: fixed width, no colour, a private cache."""
    for name in ("FORCE_COLOR", "PAINGUIDE_DATA", "PAINGUIDE_NO_CACHE", "TERM", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    # English unless a test asks for Spanish, whatever the machine's locale.
    for name in ("PAINGUIDE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.activate(i18n.ENGLISH)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def worker_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("worker-cache")


@pytest.fixture
def warm_cache(pinned_environment: None, monkeypatch: pytest.MonkeyPatch, worker_cache_dir: Path) -> None:
    """One index cache for every test of a worker that asks for it, instead of a private one per test.

    For tests about what a command shows, not about the cache: each would otherwise build the
    bundled catalog's index afresh (0.2 s of CPU each, more under coverage).
    """
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(worker_cache_dir))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run painguide in-process, through the same entry point as the console script."""

    def invoke(*args: str, catalog: Path | None = CATALOG) -> Result:
        argv = ["--data", str(catalog), *args] if catalog is not None else list(args)
        capsys.readouterr()
        code = run(argv)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


@pytest.fixture
def write_catalog(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Write catalog text to a file and return its path."""

    def write(text: str, name: str = "catalog.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    yield write


# The test catalog leaves out two main messages, which `check` requires.
MAIN_MESSAGES = {
    "    summary: Tai chi is slow": "    main_message: Tai chi may ease pain. Go slowly if your balance is poor.\n",
    "    summary: A massage therapist": "    main_message: Massage may ease pain for a while. Ask first if you have a clot.\n",
}


def clean(text: str) -> str:
    """The test catalog's text with the main messages `check` requires added."""
    for before, line in MAIN_MESSAGES.items():
        text = text.replace(before, line + before)
    return text


def line_of(text: str, path: Path = CATALOG) -> int:
    """The 1-based line of the first line of `path` that contains `text`.

    Tests find positions in fixtures by their content, so adding a line to a
    fixture never breaks a test about some other line.
    """
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} is not in {path}")


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME.

    UPDATE_GOLDEN=1 rewrites a file that differs and then fails the test, so
    that a run which changed golden files can never pass unnoticed: run again
    (without the variable) after reading the diff.
    """
    path = GOLDEN / name
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if os.environ.get("UPDATE_GOLDEN") and actual != expected:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"rewrote golden file {path}; read the diff, then run the tests again")
    assert expected is not None, f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert actual == expected


def translatable_fields(path: Path) -> int:
    """How many fields of a catalog a translation would give: every translated field that has text."""
    from painguide.catalog import schema
    from painguide.catalog.load import load_catalog

    catalog = load_catalog(str(path))
    records: list[tuple[str, object]] = [("catalog", catalog.info), ("core", catalog.core)]
    records += [("category", c) for c in catalog.categories.values()]
    records += [("reference", r) for r in catalog.references.values()]
    records += [("topic", t) for t in catalog.topics.values()]
    records += [("alert", a) for a in catalog.safety_net]
    count = sum(1 for record, value in records for name in schema.TRANSLATED[record] if getattr(value, name))
    clinic = catalog.info.clinic
    return count + sum(1 for name in schema.TRANSLATED.get("clinic", ()) if clinic and getattr(clinic, name))


def fingerprinted_fields(path: Path) -> int:
    """How many fields a translation file records a fingerprint for: what stamping it wrote."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = [data.get("catalog", {}) or {}, data.get("core", {}) or {}]
    records.append((data.get("catalog", {}) or {}).get("clinic", {}) or {})
    for key in ("categories", "references", "topics", "safety_net"):
        records += list((data.get(key, {}) or {}).values())
    return sum(len(record.get("fingerprints", {}) or {}) for record in records)
