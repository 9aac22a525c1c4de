"""What the directory's roles may do with the work programme; what a role may touch is further
limited to the user's scope: a district sees its own tasks and those it assigned."""

from congso.core.roles import perms


def _w(model: str, *actions: str):
    return perms("workplan", model, *actions)


ROLES = []

_ALL = (
    _w("programme", "view", "add", "change")
    + _w("conference", "view", "add", "change")
    + _w("conclusion", "view", "add", "change")
    + _w("petition", "view", "add", "change")
    + _w("scheme", "view", "add", "change")
    + _w("task", "view", "add", "change")
    + [("workplan", "task", "assign_task"), ("workplan", "task", "confirm_task")]
)

PERMISSIONS = {
    "department_leader": _ALL,
    "department_staff": _ALL,
    # A district assigns to its own divisions and communes, answers petitions sent to it.
    "district_staff": _w("programme", "view", "add", "change")
    + _w("conference", "view")
    + _w("conclusion", "view")
    + _w("petition", "view", "add", "change")
    + _w("scheme", "view")
    + _w("task", "view", "add", "change")
    + [("workplan", "task", "assign_task"), ("workplan", "task", "confirm_task")],
    "commune_staff": _w("task", "view", "change") + _w("petition", "view", "add"),
    # Enterprises and the press answer the petitions addressed to them, and report on tasks.
    "enterprise_staff": _w("task", "view", "change") + _w("petition", "view", "change"),
    "editor": _w("task", "view", "change") + _w("petition", "view", "change"),
}
