"""What a command may know of the world it runs in, built once at the process edge.

Commands (painguide/commands/) read their streams, environment variables,
today's date and cache folder from an `Environment` instead of `sys`,
`os.environ` or the clock, so that the web server, the EHR services and
tests call the same core with an environment of their own.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple, TextIO


# A NamedTuple, not a frozen dataclass: several times cheaper to define, and every run defines it.
class Environment(NamedTuple):
    """Streams, environment variables, the clock and the cache folder of one run.

    The terminal's width and colour follow from `stdout` and `environ` (COLUMNS, NO_COLOR, TERM), as
    render/dispatch.py reads them; the cache folder from `environ` (PAINGUIDE_CACHE_DIR, XDG_CACHE_HOME).
    """

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    environ: Mapping[str, str] = MappingProxyType({})
    # The day when SOURCE_DATE_EPOCH is not set: a test or a server may fix it.
    clock: Callable[[], dt.date] = dt.date.today

    @classmethod
    def from_process(cls) -> Environment:
        """This process's streams and variables, as they are now."""
        return cls(sys.stdin, sys.stdout, sys.stderr, dict(os.environ))

    def today(self) -> dt.date:
        """Today, or the day SOURCE_DATE_EPOCH names (for reproducible builds and tests)."""
        epoch = self.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch and not (epoch.isascii() and epoch.isdigit()):
            from painguide.errors import UsageError
            from painguide.textsafe import shorten

            # "abc", "-1" or "1e9" was ignored, and a reproducible build printed today (eighth pass, low).
            raise UsageError(
                f"SOURCE_DATE_EPOCH={shorten(epoch, 20)} is not a whole number of seconds since 1970; give one "
                "(as `date +%s` prints), or unset it."
            )
        if epoch:
            try:
                return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
            except (ValueError, OverflowError, OSError):
                from painguide.errors import UsageError
                from painguide.textsafe import shorten

                # A reproducible build must not quietly print another date.
                raise UsageError(
                    f"SOURCE_DATE_EPOCH={shorten(epoch, 20)} is past the last date painguide can print "
                    "(9999-12-31); give seconds since 1970, or unset it."
                ) from None
        return self.clock()

    @property
    def cache_dir(self) -> Path | None:
        """The cache folder: PAINGUIDE_CACHE_DIR, else the platform's; None if none is known or "" turns it off.

        Commands pass `environ` down (index/indexfile.py), which finds this same folder.
        """
        from painguide.index.cachedir import user_cache_dir

        return user_cache_dir(self.environ)

    @property
    def use_cache(self) -> bool:
        """False when PAINGUIDE_NO_CACHE asks for an index built in memory."""
        return not self.environ.get("PAINGUIDE_NO_CACHE")

    def tell(self, message: str) -> None:
        """A line for the person on standard error, every control character made visible."""
        from painguide.textsafe import visible

        # Messages quote catalog text, file names and what was typed; none of it
        # may reach the terminal as a control sequence.
        with suppress(OSError, ValueError):
            print(visible(message), file=self.stderr)
