"""What the roles may do with sector statistics; what a role may touch is further limited to
the user's scope (``congso.directory.selectors.user_scope``): an enterprise its own figures,
a People's Committee its territory, the department the province.

- department staff (the department's divisions) manage the metadata and approve;
- enterprises and People's Committees enter and submit their figures;
- the leadership accepts approved figures."""

from congso.core.roles import perms

ROLES: list = []


def _stats(model: str, *actions: str):
    return perms("stats", model, *actions)


_METADATA = (
    "dataelement",
    "disaggregation",
    "disaggregationoption",
    "dataset",
    "datasetreporter",
    "target",
    "indicator",
    "validationrule",
)
_READ_METADATA = [p for model in _METADATA for p in _stats(model, "view")]
_REPORT = (
    _READ_METADATA
    + _stats("datavalue", "view", "add", "change")
    + _stats("datavaluechange", "view")
    + _stats("submission", "view", "add", "change")
)

PERMISSIONS = {
    "department_staff": [p for model in _METADATA for p in _stats(model, "view", "add", "change")]
    + _stats("datavalue", "view", "add", "change")
    + _stats("datavaluechange", "view")
    + _stats("submission", "view", "add", "change", "approve")
    + _stats("apitoken", "view", "add", "change"),
    "department_leader": _READ_METADATA
    + _stats("datavalue", "view")
    + _stats("datavaluechange", "view")
    + _stats("submission", "view", "change", "accept"),
    "district_staff": _REPORT,
    "commune_staff": _REPORT,
    "enterprise_staff": _REPORT,
}
