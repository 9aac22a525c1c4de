"""What the directory's roles may do with one-stop services; what a role reaches is further
limited to the user's scope: a commune clerk sees only their commune's dossiers."""

from congso.core.roles import perms


def _onestop(model: str, *actions: str):
    return perms("onestop", model, *actions)


_CLERK = (
    _onestop("dossier", "view", "add", "change")
    + _onestop("procedure", "view")
    + _onestop("requireddocument", "view")
    + _onestop("processingstep", "view")
    + _onestop("desk", "view")
    + _onestop("calendarday", "view")
)
_CATALOGUE = (
    _onestop("procedure", "view", "add", "change")
    + _onestop("requireddocument", "view", "add", "change")
    + _onestop("processingstep", "view", "add", "change")
    + _onestop("desk", "view", "add", "change")
)

PERMISSIONS = {
    "department_leader": _onestop("dossier", "view") + _onestop("procedure", "view"),
    "department_staff": _CLERK + _CATALOGUE + _onestop("calendarday", "add", "change"),
    "district_staff": _CLERK,
    "commune_staff": _CLERK + _CATALOGUE,
}
