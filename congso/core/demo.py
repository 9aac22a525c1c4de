"""The demo that every app extends.

An app adds its part in its own ``demo.py`` as ``DEMO = DemoPart(...)``. ``congso demo`` runs
the parts of the installed apps in dependency order (``after`` names the apps whose part must
run first; otherwise the order of INSTALLED_APPS), in one transaction, each writing through its
app's services as :data:`~congso.core.actors.SYSTEM`, and prints one summary."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

from .actors import SYSTEM, SystemActor


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    organisation: str
    is_superuser: bool = False


@dataclass
class DemoContext:
    """What the parts share: the actor they write as, what earlier parts made (``objects``,
    by name), the summary lines and the accounts to print."""

    actor: SystemActor = SYSTEM
    objects: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    reports: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoPart:
    run: Callable[[DemoContext], None]
    after: tuple[str, ...] = ()


def demo_parts() -> list[tuple[str, DemoPart]]:
    """(app label, part) of every installed app that has one, dependencies first."""
    found: dict[str, DemoPart] = {}
    for config in apps.get_app_configs():
        try:
            found[config.label] = import_string(f"{config.name}.demo.DEMO")
        except ImportError:
            continue
    return order_parts(found)


def order_parts(parts: dict[str, DemoPart]) -> list[tuple[str, DemoPart]]:
    ordered: list[tuple[str, DemoPart]] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(label: str) -> None:
        if label in placed:
            return
        if label in visiting:
            raise ValueError(f"demo parts depend on each other in a circle at {label!r}")
        visiting.add(label)
        for before in parts[label].after:
            if before not in parts:
                raise ValueError(f"the demo part of {label!r} needs {before!r}, which has none")
            place(before)
        visiting.discard(label)
        placed.add(label)
        ordered.append((label, parts[label]))

    for label in parts:
        place(label)
    return ordered
