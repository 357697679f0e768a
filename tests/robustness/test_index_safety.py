"""The index heals itself, is built once, is written durably, and is tidied away
(issue 13, items 7, 10, 11 and 17).

The index is a copy of the catalog: whatever happens to it must cost a
rebuild, never a failed command.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, Result
from harness import base_env, run_in_deleted_directory

Cli = Callable[..., Result]

COMMANDS = (["list"], ["refs"], ["search", "pain"], ["show", "tai chi"], ["core"])


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def cache_dir() -> Path:
    return Path(os.environ["PAINGUIDE_CACHE_DIR"])


def the_index() -> Path:
    (index,) = cache_dir().glob("index-*.sqlite3")
    return index


def outputs(cli: Cli, catalog: Path) -> list[str]:
    results = [cli(*args, catalog=catalog) for args in COMMANDS]
    for result in results:
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return [result.stdout for result in results]


def tamper(index: Path, *statements: str) -> None:
    index.chmod(0o600)
    connection = sqlite3.connect(index)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


DAMAGE = {
    "bad-json": ("UPDATE topics SET data = '{\"id\": ' WHERE id = 'tai-chi'", "UPDATE refs SET data = 'x'"),
    "json-of-another-shape": ("UPDATE topics SET data = '[1, 2]'", "UPDATE meta SET value = '{}' WHERE key = 'core'"),
    "table-dropped": ("DROP TABLE refs",),
    "column-renamed": ("ALTER TABLE topics RENAME COLUMN data TO payload",),
    "column-added": ("ALTER TABLE topics ADD COLUMN extra TEXT",),
    "fts-dropped": ("DROP TABLE fts",),
    "meta-dropped": ("DROP TABLE meta",),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_index_is_rebuilt_and_every_command_still_works(cli: Cli, catalog: Path, damage: str) -> None:
    expected = outputs(cli, catalog)
    tamper(the_index(), *DAMAGE[damage])
    # Before the fix: "internal error" on every run until the cache was deleted.
    assert outputs(cli, catalog) == expected
    assert outputs(cli, catalog) == expected
    assert is_healthy(the_index())


def is_healthy(index: Path) -> bool:
    connection = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def test_garbage_written_into_the_middle_of_the_index(cli: Cli, catalog: Path) -> None:
    # A catalog big enough that 64 KB in the middle hits topic and full-text pages.
    big = catalog.read_text(encoding="utf-8") + "".join(
        f"  topic-{n:04d}:\n    title: Extra topic {n}\n    category: therapies\n"
        f"    summary: Pain care number {n} helps people move.\n    key_points: [Point {n}.]\n"
        f"    evidence:\n      - text: Study {n}.\n        refs: [vickers2018]\n    what_to_expect: [Calm.]\n"
        f"    safety: {{careful: [None.], tell: [All.]}}\n    questions: [Why?]\n    last_reviewed: 2026-11-01\n"
        for n in range(400)
    )
    catalog.write_text(big, encoding="utf-8")
    expected = outputs(cli, catalog)
    index = the_index()
    # Garbage over the middle of the topics' and the full text's pages, which every command reads (the
    # spelling word list is read only for words the catalog lacks: damage no query touches is the daily
    # check's, below).
    connection = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
    pages = [
        page
        for (page,) in connection.execute("SELECT pageno FROM dbstat WHERE name IN ('topics', 'fts_data') ORDER BY 1")
    ]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    assert len(pages) * page_size > 256 * 1024
    middle = pages[len(pages) // 2 - 8 : len(pages) // 2 + 8]
    with index.open("r+b") as handle:
        for page in middle:
            handle.seek((page - 1) * page_size)
            handle.write(os.urandom(page_size))
    assert outputs(cli, catalog) == expected
    assert is_healthy(the_index())


def test_damage_that_no_query_touches_is_found_by_the_daily_check(cli: Cli, catalog: Path) -> None:
    expected = outputs(cli, catalog)
    index = the_index()
    connection = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'fts_data'").fetchone()
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with index.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    # Last used two days ago: the first use today reads every page.
    two_days_ago = time.time() - 2 * 86400
    os.utime(index, (two_days_ago, two_days_ago))
    assert not is_healthy(index)
    assert cli("show", "acupuncture", catalog=catalog).exit_code == 0  # touches no full-text page
    # Replaced at once (an inode number may be reused, so the content tells).
    assert is_healthy(the_index())
    assert outputs(cli, catalog) == expected


def test_the_index_is_flushed_before_it_is_renamed_into_place(
    cli: Cli, catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_rename, real_replace = os.fsync, os.rename, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def rename(*args: object, **kwargs: object) -> None:
        events.append("rename")
        real_rename(*args, **kwargs)  # type: ignore[arg-type]

    def replace(*args: object, **kwargs: object) -> None:
        events.append("rename")
        real_replace(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(os, "replace", replace)
    assert cli("list", catalog=catalog).exit_code == 0
    # The file, then (after the rename) its folder.
    assert events == ["fsync", "rename", "fsync"]
    assert oct(the_index().stat().st_mode & 0o777) == "0o600"


# --- item 10: a relative PAINGUIDE_CACHE_DIR ---------------------------------


def test_relative_cache_dir_is_taken_from_the_current_directory(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(CATALOG), "show", "acupuncture"],
        capture_output=True,
        text=True,
        env=base_env(PAINGUIDE_CACHE_DIR="relcache"),
        cwd=tmp_path,
        timeout=30,
        check=False,
    )
    # Before the fix: "internal error" on every command.
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("Acupuncture\n")
    assert len(list((tmp_path / "relcache").glob("index-*.sqlite3"))) == 1


@pytest.mark.parametrize("cache", ["absolute", "relative"])
def test_deleted_working_directory_with_a_relative_catalog_path(tmp_path: Path, cache: str) -> None:
    env = {} if cache == "absolute" else {"PAINGUIDE_CACHE_DIR": "relcache"}
    result = run_in_deleted_directory(tmp_path, "--data", "../catalog.yaml", "show", "acupuncture", **env)
    # Before the fix: "cannot write output: No such file or directory". The
    # catalog can still be read; only its index cannot be named, so it is
    # built in memory.
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Acupuncture\n")


# --- item 11: SIGTERM and SIGHUP clean up like Ctrl-C ------------------------

SELF_SIGNAL = """
import os, signal, sys
import painguide.index.tables as tables
import painguide.atomicfile as atomicfile
what, number = sys.argv[1], int(sys.argv[2])
if what == "index":
    real_fill = tables.fill
    def fill(connection, catalog, key):
        connection.execute("CREATE TABLE started (x)")  # the temporary file now has data
        os.kill(os.getpid(), number)
        real_fill(connection, catalog, key)
    tables.fill = fill
else:
    real_write = atomicfile.TempFile.write
    def write(self, data):
        real_write(self, data[: len(data) // 2])
        os.kill(os.getpid(), number)
        real_write(self, data[len(data) // 2 :])
    atomicfile.TempFile.write = write
from painguide.cli import main
sys.argv = ["painguide", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
@pytest.mark.parametrize("what", ["index", "handout"])
def test_termination_signals_remove_temporary_files(tmp_path: Path, what: str, name: str, code: int) -> None:
    number = int(getattr(signal, name))
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    out.mkdir()
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    if what == "handout":  # the index exists already: only the handout is being written
        assert (
            subprocess.run(
                [sys.executable, "-m", "painguide", "--data", str(catalog), "list"],
                env=base_env(PAINGUIDE_CACHE_DIR=str(cache)),
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
    args = ["--data", str(catalog), "handout", "acupuncture", "-o", str(out / "handout.html")]
    proc = subprocess.run(
        [sys.executable, "-c", SELF_SIGNAL, what, str(number), *args],
        capture_output=True,
        text=True,
        env=base_env(PAINGUIDE_CACHE_DIR=str(cache), SOURCE_DATE_EPOCH="1795737600"),
        timeout=30,
        check=False,
    )
    # Before the fix the signal killed the process with its temporary files in place.
    assert (proc.returncode, proc.stdout, proc.stderr) == (code, "", "")
    assert list(out.iterdir()) == []
    leftovers = [p.name for p in cache.iterdir() if not p.name.startswith("index-")]
    assert leftovers == []
    if what == "index":
        assert list(cache.glob("index-*.sqlite3")) == []


# --- item 17: one builder, pruning, sudo, cache commands ---------------------


def half_an_index(path: Path) -> None:
    """What a build leaves behind when it is killed: an SQLite file with painguide's mark and no tables yet."""
    from painguide.index.cachedir import APPLICATION_ID

    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.close()


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(cli: Cli, catalog: Path) -> None:
    cache = cache_dir()
    stale = cache / ".painguide-0123456789ab.tmp"
    fresh = cache / ".painguide-ba9876543210.tmp"
    # Named as earlier versions named theirs, but with no mark: nothing says painguide wrote them.
    unmarked = [cache / ".index-x1y2z3.tmp", cache / ".painguide-x1y2z3abcdef.tmp"]
    for path in (stale, fresh):
        half_an_index(path)
    for path in unmarked:
        path.write_bytes(b"half an index, or someone's notes")
    two_hours_ago = time.time() - 7200
    for path in (stale, *unmarked):
        os.utime(path, (two_hours_ago, two_hours_ago))
    assert cli("list", catalog=catalog).exit_code == 0
    assert not stale.exists()
    assert fresh.exists()  # it may be another build in progress
    assert all(path.exists() for path in unmarked)


def test_indexes_unused_for_30_days_are_pruned(cli: Cli, tmp_path: Path) -> None:
    ages = {"old-a": 31, "old-b": 45, "recent": 29}
    by_name: dict[str, Path] = {}
    for name in ages:
        path = tmp_path / f"{name}.yaml"
        path.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
        before = set(cache_dir().glob("index-*.sqlite3"))
        assert cli("list", catalog=path).exit_code == 0
        (by_name[name],) = set(cache_dir().glob("index-*.sqlite3")) - before
    now = time.time()
    for name, days in ages.items():
        os.utime(by_name[name], (now - days * 86400, now - days * 86400))
    newcomer = tmp_path / "new.yaml"
    newcomer.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("list", catalog=newcomer).exit_code == 0
    left = set(cache_dir().glob("index-*.sqlite3"))
    # Before the fix every index stayed for good.
    assert by_name["recent"] in left
    assert not {by_name["old-a"], by_name["old-b"]} & left
    assert len(left) == 2


COUNT_BUILDS = """
import sys, time
import painguide.catalog.load as load
real = load.load_catalog
log_path = sys.argv[1]
def counted(path, *language):
    with open(log_path, "a") as log:
        log.write("build\\n")
    time.sleep(0.5)  # a slow build, so that the others start while it runs
    return real(path, *language)
load.load_catalog = counted
from painguide.cli import main
sys.argv = ["painguide", *sys.argv[2:]]
main()
"""


def test_processes_starting_together_build_the_index_once(tmp_path: Path, catalog: Path) -> None:
    log = tmp_path / "builds.log"
    env = base_env(PAINGUIDE_CACHE_DIR=str(tmp_path / "cache"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", COUNT_BUILDS, str(log), "--data", str(catalog), "show", "tai chi"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(6)
    ]
    results = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 6
    assert all(out.startswith(b"Tai chi\n") and err == b"" for out, err in results)
    # Before the fix each process parsed the catalog and built its own index.
    assert log.read_text().count("build") == 1


def test_a_builder_that_stops_touching_its_lock_is_not_waited_for(
    cli: Cli, catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    import painguide.index.indexfile as indexfile

    # A holder that never touches its lock (stopped, say) is given up on at once.
    monkeypatch.setattr(indexfile, "LOCK_STALE", 0.0)
    location = indexfile._locate(str(catalog))
    assert location is not None
    lock = os.open(location.path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = cli("show", "acupuncture", catalog=catalog)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout.startswith("Acupuncture\n")
        # Built in memory: the other builder's index is the one that will be written.
        assert list(cache_dir().glob("index-*.sqlite3")) == []
    finally:
        os.close(lock)
    assert cli("show", "acupuncture", catalog=catalog).exit_code == 0
    assert len(list(cache_dir().glob("index-*.sqlite3"))) == 1


def test_root_with_a_users_home_leaves_no_root_owned_cache_there(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can run with another user's home")
    home = tmp_path / "alice"
    home.mkdir()
    os.chown(home, 65534, 65534)
    env = base_env(HOME=str(home))
    for name in ("PAINGUIDE_CACHE_DIR", "XDG_CACHE_HOME"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(CATALOG), "show", "acupuncture"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("Acupuncture\n")
    # Before the fix: a root-owned ~/.cache/painguide, which then kept the user out of their own cache.
    assert list(home.iterdir()) == []


def test_cache_info_and_clear(cli: Cli, catalog: Path, tmp_path: Path) -> None:
    cache = cache_dir()
    empty = cli("cache", "info", catalog=None)
    assert (empty.exit_code, empty.stderr) == (0, "")
    assert empty.stdout == (f"Cache: {cache}\n0 indexes, 0.0 MB in all; an index unused for 30 days is removed.\n")
    assert cli("list", catalog=catalog).exit_code == 0
    info = cli("cache", "info", catalog=None)
    size = the_index().stat().st_size
    today = time.strftime("%Y-%m-%d")
    assert info.stdout.splitlines() == [
        f"Cache: {cache}",
        f"1 index, {size / 1e6:.1f} MB in all; an index unused for 30 days is removed.",
        f"- {catalog}: {size / 1e6:.1f} MB, last used {today}",
    ]
    keep = cache / "notes.txt"
    keep.write_text("not ours")
    cleared = cli("cache", "clear", catalog=None)
    assert (cleared.exit_code, cleared.stderr) == (0, "")
    assert cleared.stdout == (
        f"Removed 1 index ({size / 1e6:.1f} MB) from {cache}; each is rebuilt the next time its catalog is used.\n"
    )
    assert sorted(p.name for p in cache.iterdir()) == ["notes.txt"]
    assert cli("cache", "clear", catalog=None).stdout == f"The cache at {cache} holds no index.\n"


def test_cache_commands_without_a_usable_cache(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "")
    assert cli("cache", "info", catalog=None).stdout == (
        "No cache: PAINGUIDE_CACHE_DIR is empty; each run builds the index in memory.\n"
    )
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    (shared / "index-0000000000000000.sqlite3").write_text("someone else's")
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(shared))
    result = cli("cache", "clear", catalog=None)
    assert result.stdout == f"Nothing to remove: {shared} is not a private folder of yours (others may write to it).\n"
    assert (shared / "index-0000000000000000.sqlite3").exists()


def test_cache_info_names_a_catalog_that_is_gone(cli: Cli, catalog: Path) -> None:
    assert cli("list", catalog=catalog).exit_code == 0
    catalog.unlink()
    lines = cli("cache", "info", catalog=None).stdout.splitlines()
    assert lines[-1].startswith(f"- {catalog}: ") and lines[-1].endswith(" (the catalog is gone)")
