"""The catalog file itself: what it is, how big, who may read it, how it is encoded.

Each case is one clear line on stderr, exit 1, nothing on stdout, no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from harness import BASE, assert_catalog_problems, assert_clean_failure, line_of, painguide
from painguide.catalog.source import MAX_BYTES, read_catalog_text
from painguide.errors import CatalogFileError

Cli = Callable[..., Result]
SUMMARY = line_of(BASE, "Walking is")


def one_line(result: Result, message: str) -> None:
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    assert result.stderr == f"painguide: {message}\n"


def test_missing_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    one_line(cli("list", catalog=path), f"{path}: no such file")


def test_directory(cli: Cli, tmp_path: Path) -> None:
    one_line(cli("list", catalog=tmp_path), f"{tmp_path}: is a directory, not a catalog file")


def test_empty_path_option(cli: Cli) -> None:
    result = cli("--data", "", "list", catalog=None)
    one_line(result, "The catalog path is empty. Give a file name, or unset PAINGUIDE_DATA.")


def test_empty_path_from_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINGUIDE_DATA", "")
    result = cli("list", catalog=None)
    # An empty variable means "not set": the bundled catalog is used.
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_device_files_are_not_read(cli: Cli, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    one_line(cli("list", catalog=Path(device)), f"{device}: not a regular file")


def test_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.yaml"
    os.mkfifo(fifo)
    # No writer ever opens the FIFO: a plain open() would block for ever.
    result = painguide("--data", str(fifo), "list", timeout=20)
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    assert result.stderr == f"painguide: {fifo}: not a regular file\n"


def test_fifo_check_command_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.yaml"
    os.mkfifo(fifo)
    result = painguide("check", str(fifo), timeout=20)
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    assert result.stderr == f"painguide: {fifo}: not a regular file\n"


def test_file_over_64_mb_is_refused_before_reading(cli: Cli, tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    with big.open("wb") as handle:
        # Sparse: costs no disk space and is instant to create.
        handle.truncate(MAX_BYTES + 1)
    tracemalloc.start()
    try:
        with pytest.raises(CatalogFileError):
            read_catalog_text(str(big))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Reading it would have needed 64 MB; refusing on its size needs next to nothing.
    assert peak < 1024 * 1024
    one_line(cli("list", catalog=big), f"{big}: the file is larger than 64 MB, the most a catalog may be")


def test_file_of_exactly_64_mb_is_read(tmp_path: Path) -> None:
    # The limit is inclusive: a 64 MB file of blank lines is read (and is empty).
    path = tmp_path / "edge.yaml"
    with path.open("wb") as handle:
        handle.write(b"\n" * MAX_BYTES)
    assert len(read_catalog_text(str(path))) == MAX_BYTES


def _unprivileged_prefix() -> list[str] | None:
    """A command prefix that runs a child as `nobody`, or None if this machine cannot."""
    if os.geteuid() != 0:
        return []
    candidates = []
    if shutil.which("setpriv"):
        candidates.append(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
    if shutil.which("runuser"):
        candidates.append(["runuser", "-u", "nobody", "--"])
    for prefix in candidates:
        probe = subprocess.run([*prefix, sys.executable, "-c", "import os; print(os.geteuid())"], capture_output=True)
        if probe.returncode == 0 and probe.stdout.strip() not in (b"", b"0"):
            return prefix
    return None


def test_permission_denied(tmp_path: Path) -> None:
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("cannot run a child process as an unprivileged user here (no setpriv/runuser)")
    folder = tmp_path / "shared"
    folder.mkdir()
    catalog = folder / "catalog.yaml"
    catalog.write_text(BASE, encoding="utf-8")
    catalog.chmod(0o000)
    # The unprivileged child must reach the file (but not read it) and needs a cache of its own.
    for parent in (folder, *folder.parents):
        parent.chmod(parent.stat().st_mode | 0o111)
    cache = tmp_path / "nobody-cache"
    cache.mkdir()
    os.chown(cache, 65534, 65534)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PAINGUIDE_CACHE_DIR": str(cache),
        "HOME": str(cache),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    for args in (["--data", str(catalog), "list"], ["check", str(catalog)]):
        result = painguide(*args, env=env, prefix=prefix)
        assert_clean_failure(result.exit_code, result.stdout, result.stderr)
        assert result.stderr == f"painguide: {catalog}: permission denied\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "1:1: the catalog is empty; see docs/catalog-format.md"),
        ("# only a comment\n\n   # and another\n", "1:1: the catalog is empty; see docs/catalog-format.md"),
        ("---\n...\n", "2:1: the catalog file must be a mapping of keys to values, not empty (null)"),
        (
            "catalog: {}\n---\ncatalog: {}\n",
            "2:1: a line '---' starts a second document, and a catalog is one document; remove that line",
        ),
        ("- a\n- b\n", "1:1: the catalog file must be a mapping of keys to values, not a list"),
        ("just words\n", "1:1: the catalog file must be a mapping of keys to values, not the text 'just words'"),
        ("42\n", "1:1: the catalog file must be a mapping of keys to values, not a number"),
        ("~\n", "1:1: the catalog file must be a mapping of keys to values, not empty (null)"),
    ],
    ids=["empty", "comments-only", "empty-document", "two-documents", "list", "text", "number", "null"],
)
def test_wrong_overall_shape(cli: Cli, write_catalog: Callable[..., Path], text: str, problem: str) -> None:
    path = write_catalog(text)
    assert_catalog_problems(cli("list", catalog=path), path, [problem])


def test_topics_null(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    text = BASE[: BASE.index("topics:\n")] + "topics: null\n"
    path = write_catalog(text)
    line = text.count("\n")
    result = cli("list", catalog=path)
    assert_catalog_problems(
        result,
        path,
        [
            "10:16: core.elements: no topic 'walking'",
            f"{line}:9: topics must be a mapping of ids to entries, not empty (null)",
        ],
    )


def test_topics_empty_mapping(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    text = BASE[: BASE.index("topics:\n")] + "topics: {}\n"
    path = write_catalog(text)
    line = text.count("\n")
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        ["10:16: core.elements: no topic 'walking'", f"{line}:9: topics is empty; add at least one topic"],
    )


def test_utf8_byte_order_mark_is_accepted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    result = cli("show", "walking", catalog=path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Walking\n=======\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark(cli: Cli, tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.yaml"
    path.write_bytes("\ufeff".encode(codec) + BASE.encode(codec))
    assert_catalog_problems(cli("list", catalog=path), path, ["1:1: the file is UTF-16; save it as UTF-8"])


def test_utf16_without_byte_order_mark_is_caught_by_its_nul_bytes(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_bytes(BASE.encode("utf-16-le"))
    assert_catalog_problems(cli("list", catalog=path), path, ["1:2: the file contains a NUL byte; is it a text file?"])


def test_nul_byte_position(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(BASE.replace("Walking is", "Walking\x00is").encode("utf-8"))
    assert_catalog_problems(
        cli("list", catalog=path), path, [f"{SUMMARY}:21: the file contains a NUL byte; is it a text file?"]
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [(b"\xff", "0xff"), (b"\xc3(", "0xc3"), (b"\xed\xa0\x80", "0xed"), (b"\xe9t\xe9", "0xe9")],
    ids=["ff", "truncated", "surrogate", "latin-1"],
)
def test_invalid_utf8_position(cli: Cli, tmp_path: Path, raw: bytes, shown: str) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(BASE.encode("utf-8").replace(b"Walking is", b"Walking " + raw + b" is"))
    assert_catalog_problems(
        cli("list", catalog=path), path, [f"{SUMMARY}:22: invalid UTF-8 (byte {shown}); save the file as UTF-8"]
    )


def test_column_counts_characters_not_bytes(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "accents.yaml"
    path.write_bytes(BASE.encode("utf-8").replace(b"Walking is", "Wälking ßé \xff".encode() + b"\xff"))
    assert_catalog_problems(
        cli("list", catalog=path), path, [f"{SUMMARY}:26: invalid UTF-8 (byte 0xff); save the file as UTF-8"]
    )


@pytest.mark.parametrize(
    ("char", "code"),
    [("\x1b", "001B"), ("\x07", "0007"), ("\x7f", "007F"), ("\x9b", "009B"), ("\ufffe", "FFFE")],
    ids=["escape", "bell", "delete", "c1-csi", "non-character"],
)
def test_raw_control_character_is_refused_with_its_position(
    cli: Cli, write_catalog: Callable[..., Path], char: str, code: str
) -> None:
    # YAML itself forbids these bytes in a file; before the fix the message had
    # no position and spread over two lines.
    path = write_catalog(BASE.replace("Walking is", "Wälking " + char + "is"))
    assert_catalog_problems(
        cli("list", catalog=path), path, [f"{SUMMARY}:22: the character U+{code} is not allowed in YAML; remove it"]
    )


def test_file_name_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    # Such names arrive as lone surrogates, which SQLite refused (an internal error before the fix).
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.yaml"))
    path.write_text(BASE, encoding="utf-8")
    result = cli("show", "walking", catalog=path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Walking\n")
    missing = Path(os.fsdecode(bytes(tmp_path) + b"/\xff\x1b[2J.yaml"))
    result = cli("list", catalog=missing)
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    # The name is shown with its bad byte and escape made visible, never raw.
    assert result.stderr == f"painguide: {tmp_path}/\\xff^[[2J.yaml: no such file\n"
