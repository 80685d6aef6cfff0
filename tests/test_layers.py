"""The package's layering, proved from the source: every import of every module (at module
level, inside functions and under `if TYPE_CHECKING:` alike) points to its own layer or a
lower one. Data flows one way: core < store < sources < views < exports < cli. Also: core/
knows no UI library, never prints and never reads the clock (it is injected); only cli/
imports Typer; no module grows past 400 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from importlib.util import resolve_name
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "octopus_cli"
MODULES = sorted(PACKAGE.rglob("*.py"))  # subpackages of subpackages too
LAYERS = ("core", "store", "sources", "views", "exports", "cli")
# Outside the subpackages: `__init__` (the version) is below everything, so anyone may
# import it and it imports nothing of ours; `__main__` sits with `cli` and no one imports it.
RANK = {name: rank for rank, name in enumerate(LAYERS)} | {"": -1, "__main__": len(LAYERS)}
UI_LIBRARIES = {"typer", "click", "rich"}  # `typer._click` is `typer`
CLOCK_AND_PRINT = {
    "print",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.today",
    "datetime.date.today",
    "time.time",
    "time.time_ns",
}
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """The layer of an `octopus_cli` module or attribute ("" for the top-level package)."""
    below = module.split(".")[1:]
    return below[0] if below and below[0] in RANK else ""


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute name) of everything `path` imports; `from a import b` yields `a.b`."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve_name("." * node.level + (node.module or ""), package)
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names)


def calls(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every call, with names bound by imports resolved:
    `from datetime import datetime as dt; dt.now()` is `datetime.datetime.now`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):  # `import a.b` binds `a`; `import a.b as x`, `a.b`
            for alias in node.names:
                top = alias.name.partition(".")[0]
                bound[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            bound |= {alias.asname or alias.name: f"{source}.{alias.name}" for alias in node.names}

    def dotted(node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return bound.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            return f"{dotted(node.value)}.{node.attr}"
        return "?"

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node.lineno, dotted(node.func)


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_every_module_belongs_to_a_layer() -> None:
    assert len(MODULES) > 20, f"no modules found under {PACKAGE}"
    strays = [m for m in map(module_name, MODULES) if m != "octopus_cli" and not layer(m)]
    assert not strays, f"modules outside the layers {LAYERS}: {strays}"


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{where(path, line)} imports {name} ({layer(module_name(path)) or 'top level'} -> "
        f"{layer(name) or 'top level'})"
        for path in MODULES
        for line, name in imports(path)
        if name.startswith("octopus_cli.") and RANK[layer(name)] > RANK[layer(module_name(path))]
    ]
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_core_has_no_ui_no_printing_and_no_clock() -> None:
    core = [path for path in MODULES if layer(module_name(path)) == "core"]
    found = [
        f"{where(path, line)} imports {name}"
        for path in core
        for line, name in imports(path)
        if name.split(".")[0] in UI_LIBRARIES
    ] + [
        f"{where(path, line)} calls {name}()"
        for path in core
        for line, name in calls(path)
        if name in CLOCK_AND_PRINT
    ]
    assert not found, "core/ must not print, read the clock or know the UI:\n" + "\n".join(found)


def test_only_the_cli_imports_typer() -> None:
    found = [
        f"{where(path, line)} imports {name}"
        for path in MODULES
        if layer(module_name(path)) != "cli"
        for line, name in imports(path)
        if name.split(".")[0] == "typer"
    ]
    assert not found, "typer outside cli/:\n" + "\n".join(found)


@pytest.mark.parametrize("path", MODULES, ids=[str(path.relative_to(PACKAGE)) for path in MODULES])
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{path.relative_to(PACKAGE.parent)} has {lines} lines (> {MAX_LINES})"
    )
