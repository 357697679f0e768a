"""Where `handout -o` may write, and what it may never touch (issue 13, items 1, 2 and 14).

The attack of item 1 needs another user to swap the temporary file's name at
the right moment. Rather than racing a second process, each test makes the
swap happen at the worst moment for the old code: right after the data is
flushed, before the file is given its mode and its final name.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, Result
from harness import base_env, run_in_deleted_directory

Cli = Callable[..., Result]

SWAPPED = "the temporary file was replaced by someone else while it was written"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A folder anyone may write, without the sticky bit: the setting of item 1."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    return folder


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    secret = tmp_path / "home" / ".ssh" / "id_rsa"
    secret.parent.mkdir(parents=True)
    secret.write_text("PRIVATE KEY\n")
    secret.chmod(0o600)
    return secret


def swap_after_flush(monkeypatch: pytest.MonkeyPatch, folder: Path, replace: Callable[[Path], None]) -> list[str]:
    """After the first fsync, hand every new name in `folder` to `replace` (the other user's move)."""
    before = {p.name for p in folder.iterdir()}
    real_fsync = os.fsync
    swapped: list[str] = []

    def fsync(fd: int) -> None:
        real_fsync(fd)
        if swapped:
            return
        for path in folder.iterdir():
            if path.name not in before and path.is_file() and not path.is_symlink():
                path.unlink()
                replace(path)
                swapped.append(path.name)

    monkeypatch.setattr(os, "fsync", fsync)
    return swapped


@pytest.mark.parametrize("force", [False, True], ids=["new-file", "force"])
def test_swapping_the_temporary_file_for_a_symlink_exposes_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, shared: Path, victim: Path, force: bool
) -> None:
    out = shared / "handout.html"
    if force:
        out.write_text("old handout")
    swapped = swap_after_flush(monkeypatch, shared, lambda path: path.symlink_to(victim))
    result = cli("handout", "acupuncture", "-o", str(out), *(["--force"] if force else []))
    assert swapped
    # Before the fix the victim's key became world-readable (chmod by name
    # followed the symlink) and handout.html became a link to it.
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert victim.read_text() == "PRIVATE KEY\n"
    assert not out.is_symlink()
    assert (result.exit_code, result.stderr) == (1, f"painguide: cannot write {out}: {SWAPPED}\n")
    assert out.read_text() == "old handout" if force else not out.exists()


def test_swapping_in_a_planted_file_does_not_publish_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, shared: Path
) -> None:
    out = shared / "handout.html"
    planted = "<script>alert('planted')</script>"

    def plant(path: Path) -> None:
        path.write_text(planted)

    swapped = swap_after_flush(monkeypatch, shared, plant)
    result = cli("handout", "acupuncture", "-o", str(out))
    assert swapped
    assert (result.exit_code, result.stderr) == (1, f"painguide: cannot write {out}: {SWAPPED}\n")
    # The planted file keeps its own name; it never becomes handout.html.
    assert not out.exists()
    assert [p.read_text() for p in shared.iterdir()] == [planted]


def test_no_step_follows_a_name(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Mode, link and rename act on descriptors and directory entries, never on a path that could be a symlink."""
    assert cli("list").exit_code == 0  # the index is written before the spies watch
    calls: list[str] = []
    for name in ("chmod", "replace"):
        real = getattr(os, name)

        def spy(*args: object, _name: str = name, _real: Callable[..., object] = real, **kwargs: object) -> object:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, spy)
    out = tmp_path / "handout.html"
    assert cli("handout", "acupuncture", "-o", str(out)).exit_code == 0
    assert cli("handout", "acupuncture", "-o", str(out), "--force").exit_code == 0
    assert calls == []


def make_special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / kind
    if kind == "device":
        # A private stand-in for /dev/null (same major and minor numbers), so
        # that the old code, which replaced it, harms nothing when tested.
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "symlink":
        (tmp_path / "elsewhere.html").write_text("other")
        path.symlink_to(tmp_path / "elsewhere.html")
    return path


KINDS = {"device": "a device", "fifo": "a pipe", "socket": "a socket", "symlink": "a symbolic link"}


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_existing_target_that_is_not_a_regular_file_is_refused(
    cli: Cli, tmp_path: Path, kind: str, force: bool
) -> None:
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    target = make_special(tmp_path, kind)
    names = sorted(os.listdir(tmp_path))
    before = os.lstat(target)
    result = cli("handout", "acupuncture", "-o", str(target), *(["--force"] if force else []))
    # Before the fix: a device or FIFO became a 0644 regular file with
    # --force, and without it the message suggested --force.
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"painguide: cannot write {target}: it is not a regular file ({KINDS[kind]})\n"
    after = os.lstat(target)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
    assert sorted(os.listdir(tmp_path)) == names


def test_real_dev_null_is_refused_without_force(cli: Cli) -> None:
    result = cli("handout", "acupuncture", "-o", "/dev/null")
    assert (result.exit_code, result.stderr) == (
        1,
        "painguide: cannot write /dev/null: it is not a regular file (a device)\n",
    )
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_both_write_to_standard_output(cli: Cli, name: str) -> None:
    result = cli("handout", "acupuncture", "-o", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stderr == ""


def test_dev_stdout_in_a_child_process_goes_down_the_pipe(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(CATALOG), "handout", "acupuncture", "-o", "/dev/stdout"],
        capture_output=True,
        env=base_env(SOURCE_DATE_EPOCH="1795737600"),
        cwd=tmp_path,
        timeout=30,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout.startswith(b"<!DOCTYPE html>")


def test_trailing_slash_names_a_folder(cli: Cli, tmp_path: Path) -> None:
    target = f"{tmp_path}/newdir/"
    result = cli("handout", "acupuncture", "-o", target)
    # Before the fix a regular file called "newdir" appeared.
    assert (result.exit_code, result.stderr) == (
        1,
        f"painguide: cannot write {target}: the name ends with '/', so it names a folder, not a file\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_trailing_slash_never_replaces_the_file_of_that_name(cli: Cli, tmp_path: Path) -> None:
    existing = tmp_path / "f.html"
    existing.write_text("keep me")
    result = cli("handout", "acupuncture", "-o", f"{existing}/", "--force")
    assert result.exit_code == 1
    assert "names a folder, not a file" in result.stderr
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize("suffix", ["", "/", "/."])
def test_existing_directory_is_an_error(cli: Cli, tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("handout", "acupuncture", "-o", f"{folder}{suffix}", "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"painguide: cannot write {folder}{suffix}: ")
    assert list(folder.iterdir()) == []


def test_a_long_valid_name_works(cli: Cli, tmp_path: Path) -> None:
    name = "h" * 245 + ".html"  # 250 bytes: the temporary name must not be longer than the limit
    result = cli("handout", "acupuncture", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_name_over_the_limit_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / ("h" * 300)
    result = cli("handout", "acupuncture", "-o", str(target))
    assert (result.exit_code, result.stderr) == (1, f"painguide: cannot write {target}: File name too long\n")


def test_newline_in_the_name_is_shown_escaped(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "a\nb.html"
    result = cli("handout", "acupuncture", "-o", str(target))
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {tmp_path}/a\\nb.html (1 topic). Open it in a browser to print it.\n"
    assert target.exists()
    again = cli("handout", "acupuncture", "-o", str(target))
    assert again.stderr == f"painguide: {tmp_path}/a\\nb.html already exists; add --force to replace it\n"


def test_empty_name(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("handout", "acupuncture", "-o", "")
    # Before the fix: "cannot write : it is a directory".
    assert (result.exit_code, result.stderr) == (
        1,
        "painguide: the output file name is empty; give a file name, or - for standard output\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_deleted_working_directory_with_a_relative_output_path(tmp_path: Path) -> None:
    result = run_in_deleted_directory(
        tmp_path,
        "--data",
        str(tmp_path / "catalog.yaml"),
        "handout",
        "tai chi",
        "-o",
        "x.html",
        SOURCE_DATE_EPOCH="1795737600",
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "painguide: cannot write x.html: the current directory no longer exists; "
        "change to another one or give a full path\n"
    )
