"""What each command does, given its parsed options and a `Session`; cli.py only parses.

`session.py` holds the run's catalog, languages and output; `reading.py`
the commands that show pages (show, list, search, ...); `writing.py` those
that write files, check, sign or serve. The web server can call them with
an `Environment` of its own.
"""
