"""One-stop roles, and what the directory's roles may do with one-stop services; what a role
reaches is further limited to the user's scope: a commune clerk sees only their commune's
dossiers.

The work on a dossier is shared as Decree 61/2018 shares it: the desk's receiving clerk
receives, asks for supplements, refuses at receipt and returns the result; the processing
officer works through the steps and the transfers; the unit's leader approves the result and
signs the apology letter. A unit's general staff roles keep all three, for the small units
where one officer does everything."""

from congso.core.roles import ACCESS_ADMIN, Role, perms


def _onestop(model: str, *actions: str):
    return perms("onestop", model, *actions)


ROLES = [
    Role("onestop_receiver", "Cán bộ tiếp nhận (Bộ phận Một cửa)", order=70),
    Role("onestop_processor", "Chuyên viên xử lý hồ sơ", order=71),
    Role("onestop_leader", "Lãnh đạo phê duyệt hồ sơ", order=72),
]

_READ = (
    [ACCESS_ADMIN]
    + _onestop("dossier", "view")
    + _onestop("procedure", "view")
    + _onestop("requireddocument", "view")
    + _onestop("processingstep", "view")
    + _onestop("desk", "view")
    + _onestop("calendarday", "view")
)
_RECEIVE = _onestop("dossier", "add", "change", "receive")
_PROCESS = _onestop("dossier", "change", "process")
_APPROVE = _onestop("dossier", "change", "approve")
_CLERK = _READ + _RECEIVE + _PROCESS + _APPROVE
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
    "onestop_receiver": _READ + _RECEIVE,
    "onestop_processor": _READ + _PROCESS,
    "onestop_leader": _READ + _APPROVE,
}
