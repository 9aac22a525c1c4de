"""Fresh analytics: the hook the statistics services call when approved figures change.

The services call :func:`values_changed` after a submission is approved, accepted or
unapproved (and after an import into an approved period), inside their transaction, with the
keys of the values whose approved state changed. Summary tables, the pivot and the open data
read approved values; whatever keeps them fresh starts here."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ValueKey:
    """What changed: a data set's values of one period, reporting organisation and unit."""

    data_set_id: int
    period: str
    organisation_id: int
    unit_id: int
    element_ids: tuple[int, ...]


def values_changed(keys: Iterable[ValueKey]) -> None:
    """Called by the services when approved values change (approval, acceptance,
    unapproval). Does nothing yet: the analysis layer refreshes its tables here."""
    return None
