"""The house drawn from the imports: ``core`` on the ground, each app on the parts below it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

#: lower layers first; a module may import its own layer's package and the layers below
LAYERS = [
    {"core", "formats", "locale"},
    {"directory"},
    {"portal", "stats", "workplan", "onestop"},
    # the project (settings, urls, command line) and the test support see everything
    {"settings", "settings_test", "urls", "wsgi", "asgi", "cli", "__main__", "__init__"},
]
#: the test support stands beside what it makes: accounts beside core, factories of the
#: directory's records beside the directory
TESTING = {"users": "core", "factories": "directory", "fixtures": "directory"}


def _part(parts) -> str:
    """The part of the package a dotted module name (split) belongs to."""
    if parts[0] == "testing":
        return TESTING.get(parts[1] if len(parts) > 1 else "", "__init__")
    return parts[0].removesuffix(".py")


def _layer(part: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if part in layer)


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level]
                yield ".".join([*base, node.module or ""]).rstrip(".")
            elif node.module:
                yield node.module


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, _part(path.relative_to(PACKAGE).with_suffix("").parts)


def test_every_part_of_the_package_has_a_layer():
    assert {part for _path, part in _modules()} <= set().union(*LAYERS)


@pytest.mark.parametrize("path, part", list(_modules()), ids=lambda v: str(v)[-60:])
def test_no_module_imports_a_part_above_its_own(path, part):
    own = _layer(part)
    upward = [
        name
        for name in _imports(path)
        if name.startswith("congso.")
        and _part(name.split(".")[1:]) != part
        and _layer(_part(name.split(".")[1:])) >= own
        and own < len(LAYERS) - 1
    ]
    assert not upward, f"{path.relative_to(PACKAGE.parent)} imports {upward}"
