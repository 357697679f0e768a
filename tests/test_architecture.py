"""The shape of the code, read from the code: painguide's import graph has no circles, no module imports a
layer above its own, no module takes another's private names, and `Any` stays rare.

The layers are declared once, in LAYERS below; docs/architecture.md shows the same table (a test compares them).
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "painguide"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Low to high: a module may import its own layer and those below it, never one above. An entry names a module
# or a package (and so everything in it); the most specific entry wins. The root package names itself only.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundation",
        (
            "painguide",
            "painguide.errors",
            "painguide.textsafe",
            "painguide.languages",
            "painguide.i18n",
            "painguide.atomicfile",
            "painguide.limits",
            "painguide.formats",
        ),
    ),
    # The PEMAT-P and CDC CCI items are declarations the schema validates ratings against.
    ("catalog", ("painguide.catalog", "painguide.quality.instruments")),
    # The environment finds the cache folder as the index does (index/cachedir.py).
    (
        "index and quality",
        ("painguide.index", "painguide.quality", "painguide.safety_net", "painguide.queries", "painguide.environment"),
    ),
    ("render and export", ("painguide.render", "painguide.export")),
    ("site, web and EHR", ("painguide.site", "painguide.web", "painguide.ehr")),
    (
        "command line",
        (
            "painguide.cli",
            "painguide.cli_options",
            "painguide.commands",
            "painguide.process",
            "painguide.clickwords",
            "painguide.__main__",
        ),
    ),
)

# gettext's conventional name: every module imports it, and it is public by convention.
PUBLIC_UNDERSCORE = {"_"}
# `Any` only where a library forces it (each one says why beside it).
MAX_ANY = 20


class Edge(NamedTuple):
    target: str
    line: int
    # Imported under `if TYPE_CHECKING:`: a type the checker reads, never run, so it closes no circle.
    type_only: bool


class Graph(NamedTuple):
    files: dict[str, Path]
    edges: dict[str, list[Edge]]
    private: list[str]


def modules(source: Path) -> dict[str, Path]:
    """Every module of the package at `source`, by dotted name."""
    found = {}
    for path in sorted(source.rglob("*.py")):
        parts = path.relative_to(source.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """The ids of import nodes under `if TYPE_CHECKING:`."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                inside.update(id(child) for child in ast.walk(statement))
    return inside


def read_graph(source: Path) -> Graph:
    """Every import of a package module by another, at any depth (inside functions too), relative ones resolved."""
    files = modules(source)
    package = source.name
    edges: dict[str, list[Edge]] = {}
    private: list[str] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        typing_only = _type_checking_nodes(tree)
        out = edges.setdefault(name, [])
        aliases: dict[str, str] = {}
        where = path.relative_to(source.parent)

        def add(
            target: str, node: ast.stmt, out: list[Edge] = out, name: str = name, typing_only: set[int] = typing_only
        ) -> None:
            if target != name:
                out.append(Edge(target, node.lineno, id(node) in typing_only))

        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == package:
                        add(alias.name, node)
                        aliases[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    base = ".".join([*base_parts, *([node.module] if node.module else [])])
                else:
                    base = node.module or ""
                if base.split(".")[0] != package:
                    continue
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    if submodule in files:
                        add(submodule, node)
                        aliases[alias.asname or alias.name] = submodule
                        continue
                    add(base, node)
                    if _private(alias.name):
                        private.append(f"{where}:{node.lineno}: from {base} import {alias.name}")
        for node in ast.walk(tree):
            # `module._name`, where `module` is a painguide module this one imported.
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and _private(node.attr)
            ):
                private.append(f"{where}:{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    return Graph(files, edges, private)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORE


def cycles(graph: Graph) -> list[list[str]]:
    """One circle (a path back to where it starts) for every group of modules that import one another."""
    runtime = {
        name: sorted({e.target for e in out if not e.type_only and e.target in graph.files})
        for name, out in graph.edges.items()
    }
    found: list[list[str]] = []
    for group in _strongly_connected(runtime):
        if len(group) < 2:
            continue
        start = min(group)
        # Breadth first from the start back to it, inside the group: the shortest circle through it.
        paths = {start: [start]}
        queue = [start]
        circle: list[str] | None = None
        while queue and circle is None:
            current = queue.pop(0)
            for target in runtime[current]:
                if target == start:
                    circle = [*paths[current], start]
                    break
                if target in group and target not in paths:
                    paths[target] = [*paths[current], target]
                    queue.append(target)
        assert circle is not None
        found.append(circle)
    return sorted(found)


def _strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges.get(target, []))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def layer_of(module: str, layers: Sequence[tuple[str, Sequence[str]]], root: str) -> int | None:
    """The position of `module`'s layer (0 is the lowest), by the most specific entry naming it."""
    best: tuple[int, int] | None = None
    for position, (_, entries) in enumerate(layers):
        for entry in entries:
            names_it = module == entry or (entry != root and module.startswith(entry + "."))
            if names_it and (best is None or len(entry) > best[0]):
                best = (len(entry), position)
    return None if best is None else best[1]


def against_layers(graph: Graph, layers: Sequence[tuple[str, Sequence[str]]], root: str) -> list[str]:
    """Every import of a module in a higher layer (types included: a type is a dependency too)."""
    found = []
    for name, out in sorted(graph.edges.items()):
        low = layer_of(name, layers, root)
        for edge in out:
            high = layer_of(edge.target, layers, root)
            if low is not None and high is not None and high > low:
                found.append(
                    f"{graph.files[name].relative_to(graph.files[root].parent.parent)}:{edge.line}: {name} "
                    f"({layers[low][0]}) imports {edge.target} ({layers[high][0]})"
                )
    return found


def test_every_module_has_a_layer() -> None:
    graph = read_graph(SOURCE)
    assert [name for name in graph.files if layer_of(name, LAYERS, "painguide") is None] == []


def test_no_import_circles() -> None:
    found = cycles(read_graph(SOURCE))
    assert found == [], "import circles:\n" + "\n".join(" -> ".join(circle) for circle in found)


def test_no_import_against_the_layering() -> None:
    found = against_layers(read_graph(SOURCE), LAYERS, "painguide")
    assert found == [], "imports of a higher layer:\n" + "\n".join(found)


def test_no_private_name_is_imported_from_another_module() -> None:
    found = read_graph(SOURCE).private
    assert found == [], "private names used across modules:\n" + "\n".join(found)


def test_the_checks_see_a_circle_a_layer_violation_and_a_private_name(tmp_path: Path) -> None:
    package = tmp_path / "fake"
    (package / "low").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "low" / "__init__.py").write_text("")
    (package / "low" / "base.py").write_text("from . import other\n\n\ndef helper():\n    from .. import top\n")
    # A type-only import back closes no circle.
    (package / "low" / "other.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from fake.low import base\n\n_HIDDEN = 1\n"
    )
    (package / "high.py").write_text(
        "import fake.low.other as other\nfrom fake.low.other import _HIDDEN\n\nSEEN = other._HIDDEN\n\n\n"
        "def later():\n    from fake import top\n"
    )
    (package / "top.py").write_text("from fake.high import SEEN\n")
    layers = (("low", ("fake", "fake.low")), ("high", ("fake.high", "fake.top")))
    graph = read_graph(package)

    assert cycles(graph) == [["fake.high", "fake.top", "fake.high"]]
    assert against_layers(graph, layers, "fake") == ["fake/low/base.py:5: fake.low.base (low) imports fake.top (high)"]
    assert graph.private == [
        "fake/high.py:2: from fake.low.other import _HIDDEN",
        "fake/high.py:4: fake.low.other._HIDDEN",
    ]
    assert layer_of("fake.elsewhere", layers, "fake") is None


def _docs_layers() -> list[tuple[str, str]]:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("\n## Layers\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| layer ")]
    return [tuple(cell.strip() for cell in row.strip("|").split("|")) for row in rows]  # type: ignore[misc]


def docs_table() -> list[tuple[str, str]]:
    """LAYERS as docs/architecture.md shows them, lowest first: paths within src/painguide."""

    def shown(entry: str) -> str:
        if entry == "painguide":
            return "`__init__.py`"
        path = entry.removeprefix("painguide.").replace(".", "/")
        return f"`{path}/`" if (SOURCE / path).is_dir() else f"`{path}.py`"

    return [(name, ", ".join(shown(entry) for entry in entries)) for name, entries in LAYERS]


def test_the_docs_show_the_declared_layers() -> None:
    expected = docs_table()
    assert _docs_layers() == expected, "docs/architecture.md, ## Layers, should read:\n" + "\n".join(
        f"| {name} | {entries} |" for name, entries in expected
    )


def any_count(source: Path) -> dict[str, int]:
    """`Any` as a name in code (not in comments or strings), per file."""
    counts = {}
    for path in sorted(source.rglob("*.py")):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        count = sum(1 for token in tokens if token.type == tokenize.NAME and token.string == "Any")
        if count:
            counts[str(path.relative_to(source.parent))] = count
    return counts


def test_any_is_rare() -> None:
    counts = any_count(SOURCE)
    assert sum(counts.values()) < MAX_ANY, counts


def test_the_any_count_reads_code_only(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text('from typing import Any\n# Any here is a comment\nx: Any = "Any"\n')
    assert any_count(tmp_path / "pkg") == {"pkg/m.py": 2}


@pytest.mark.slow
def test_vulture_finds_no_dead_code() -> None:
    from painguide.catalog import schema

    whitelist = ROOT / "tools" / "vulture_whitelist.py"
    # A plain section's attribute is read by its schema row's name (render/pages.py), never spelled out:
    # the names come from the schema, so a new such field needs no whitelist entry.
    by_row = ",".join(spec.name for spec in schema.fields("topic") if spec.heading)
    proc = subprocess.run(
        [sys.executable, "-m", "vulture", str(SOURCE), str(whitelist), "--min-confidence", "60"]
        + ["--ignore-names", by_row],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


@pytest.mark.slow
def test_vulture_sees_dead_code(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def used():\n    return 1\n\n\ndef unused():\n    return used()\n")
    proc = subprocess.run(
        [sys.executable, "-m", "vulture", str(tmp_path), "--min-confidence", "60"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert re.findall(r"unused function '(\w+)'", proc.stdout) == ["unused"]
