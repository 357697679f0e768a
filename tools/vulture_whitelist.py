"""Names vulture cannot see used, each with who uses it: `vulture src tools/vulture_whitelist.py --min-confidence 60`.

Never run or imported: vulture reads it, and every name written here counts as used. `_` stands for any object.
"""

# The context-manager protocol: Python passes the exception triple to `__exit__` (atomicfile.TempFile).
exc  # noqa
# A signal handler's second argument, which `signal.signal` always passes (cli.py).
frame  # noqa

# catalog/yamltree.py: a composed node stands in for a yaml.Mark, whose attributes PyYAML's error
# messages read (MarkedYAMLError.__str__ reads `pointer` via `get_snippet`).
_.pointer  # noqa
_.get_snippet  # noqa
# Set to None so the traceback (holding the half-built tree) is let go; the interpreter reads it.
_.__traceback__  # noqa

# clickwords.py: messages marked with N_ only so that tools/messages.py (Babel) extracts them for translation;
# Typer's and Click's own code asks gettext for them at run time.
TYPER_WORDS  # noqa
METAVARS  # noqa

# cli.py: Click calls `format_commands` on the command group when it writes --help.
_.format_commands  # noqa
# cli.py: Typer commands, called by Typer when their name is typed.
list_topics  # noqa
cache_info  # noqa
cache_clear  # noqa
# cli.py: members of the --paper choice (an Enum), read by Typer.
_.letter  # noqa
_.a4  # noqa

# errors.ExitStatus: Enum reads `_value_` of the member `__new__` builds.
_._value_  # noqa
# environment.Environment.cache_dir: the folder the index uses, as a person's environment names it
# (tests/test_injected_environment.py reads it; commands pass `environ` down instead).
_.cache_dir  # noqa

# languages.py names a language's search rules by a dotted path ("painguide.index.spanish:RULES"),
# which index/search.py:rules imports.
RULES  # noqa
# quality/readability.py: the formulas a languages.py row may name (tests/test_languages.py checks each row's).
FORMULAS  # noqa
# i18n.messages_of: tools/messages.py extracts each help text's messages with it.
messages_of  # noqa
