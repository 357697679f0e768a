"""The core runs on the Environment it is given (streams, variables, today, cache folder), not the process's;
exit statuses are declared once and documented from there."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from conftest import CATALOG, GOLDEN, ROOT
from painguide import errors
from painguide.commands import reading, writing
from painguide.commands.session import Session
from painguide.environment import Environment
from painguide.errors import ExitStatus, UsageError
from painguide.index import cachedir
from painguide.render.handout import HandoutOptions

FIXED = dt.date(2031, 5, 4)


def fake(cache: Path, **variables: str) -> Environment:
    return Environment(
        io.StringIO(),
        io.StringIO(),
        io.StringIO(),
        {"PAINGUIDE_CACHE_DIR": str(cache), "COLUMNS": "80", **variables},
        clock=lambda: FIXED,
    )


def written(stream: object) -> str:
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def test_show_writes_to_the_environments_streams_and_keeps_its_index_in_its_cache(tmp_path: Path) -> None:
    env = fake(tmp_path / "cache")
    reading.show(Session(env, str(CATALOG)), ["acupuncture"], None)
    assert written(env.stdout) == (GOLDEN / "plain" / "show-acupuncture.txt").read_text(encoding="utf-8")
    assert written(env.stderr) == ""
    # The index is in the folder the fake environment names, not the process's (PAINGUIDE_CACHE_DIR of conftest).
    assert env.cache_dir == tmp_path / "cache"
    assert len(cachedir.index_files(tmp_path / "cache")) == 1


def test_the_width_comes_from_the_environment(tmp_path: Path) -> None:
    narrow = fake(tmp_path, COLUMNS="40")
    reading.core(Session(narrow, str(CATALOG)), None)
    lines = written(narrow.stdout).splitlines()
    assert max(map(len, lines)) <= 40 < max(map(len, (GOLDEN / "plain" / "core.txt").read_text().splitlines()))


def test_a_handout_is_dated_by_the_environments_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the process's; the core must not read it
    env = fake(tmp_path)
    writing.handout(Session(env, str(CATALOG)), ["acupuncture"], "-", False, HandoutOptions())
    page = written(env.stdout)
    assert '<meta name="dcterms.created" content="2031-05-04">' in page
    assert "Made 2031-05-04" in page
    assert "1970" not in page


def test_source_date_epoch_in_the_environment_wins_over_its_clock(tmp_path: Path) -> None:
    assert fake(tmp_path, SOURCE_DATE_EPOCH="1795737600").today() == dt.date(2026, 11, 27)
    assert fake(tmp_path, SOURCE_DATE_EPOCH="").today() == FIXED
    with pytest.raises(UsageError, match=r"^SOURCE_DATE_EPOCH=99999999999999999 is past the last date"):
        fake(tmp_path, SOURCE_DATE_EPOCH="99999999999999999").today()
    # The eighth adversarial pass: anything but a whole number was ignored, and today's date printed.
    for value in ("abc", "-1", "1e9", " 86400"):
        with pytest.raises(UsageError, match=r"is not a whole number of seconds since 1970"):
            fake(tmp_path, SOURCE_DATE_EPOCH=value).today()


def test_a_review_date_is_in_the_future_by_the_environments_clock(tmp_path: Path) -> None:
    # The process's today is after 2024-06-01; the environment's is before it.
    env = fake(tmp_path)._replace(clock=lambda: dt.date(2020, 1, 1))
    # A copy: were the date taken as past, the sign-off would be recorded in the file.
    catalog = tmp_path / "catalog.yaml"
    catalog.write_bytes(CATALOG.read_bytes())
    with pytest.raises(UsageError, match=r"^--date 2024-06-01 is in the future$"):
        writing.review(Session(env, str(catalog)), ["acupuncture"], "A. Reviewer", "nurse", "2024-06-01", True)
    assert catalog.read_bytes() == CATALOG.read_bytes()


def test_the_web_app_keeps_its_indexes_in_its_environments_cache(tmp_path: Path) -> None:
    pytest.importorskip("starlette", reason="the web extra")
    from painguide.web.app import Catalog

    assert Catalog(str(CATALOG), fake(tmp_path / "cache")).site
    # Not in the process's cache folder (conftest's PAINGUIDE_CACHE_DIR): the one the app was given.
    assert cachedir.index_files(tmp_path / "cache")


def test_the_web_app_dates_its_site_by_the_environment_it_is_given(tmp_path: Path) -> None:
    pytest.importorskip("starlette", reason="the web extra")
    from painguide.web.app import Catalog

    site = Catalog(str(CATALOG), fake(tmp_path, SOURCE_DATE_EPOCH="1795737600")).site
    assert site.options.made == dt.date(2026, 11, 27)


def test_a_declined_sign_off_reads_the_answer_from_the_environments_stdin(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    env = Environment(io.StringIO("n\n"), io.StringIO(), io.StringIO(), {"PAINGUIDE_CACHE_DIR": str(tmp_path)})
    status = writing.review(Session(env, str(catalog)), ["acupuncture"], "Ana Ruiz", "physician", None, yes=False)
    assert status == ExitStatus.FAILURE
    assert written(env.stderr) == "Record this sign-off? [y/N] Nothing recorded.\n"
    assert catalog.read_text(encoding="utf-8") == CATALOG.read_text(encoding="utf-8")


def documented_statuses() -> dict[int, str]:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split("## Exit statuses", 1)[1]
    return {int(number): name for number, name in re.findall(r"^\| (\d+) \| `(\w+)` \|", section, re.MULTILINE)}


def test_every_exit_status_is_documented_and_every_documented_one_exists() -> None:
    assert documented_statuses() == {int(status): status.name for status in ExitStatus}


def test_every_error_exits_with_a_declared_status() -> None:
    classes = [value for value in vars(errors).values() if isinstance(value, type)]
    failures = [cls for cls in classes if issubclass(cls, errors.PainguideError)]
    assert len(failures) > 5
    assert all(cls.exit_code in set(ExitStatus) for cls in failures)
    assert errors.UsageError.exit_code == int(ExitStatus.USAGE) == 2
