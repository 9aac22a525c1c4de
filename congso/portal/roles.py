"""The roles the portals introduce and what they may do.

Page permissions are not model permissions: an editor or a board member acts on the pages of the
portals they are a member of (:class:`~congso.portal.models.PortalMember`), and province staff
with the role ``portal_admin`` act on every portal from the root above all portals' homes
(see :mod:`congso.portal.permissions`)."""

from congso.core.roles import ACCESS_ADMIN, Role, perms

ROLES = [
    Role("editorial_board", "Ban biên tập", order=65),
    Role("portal_admin", "Quản trị cổng thông tin", order=66),
]

_MEDIA = perms("wagtailimages", "image", "add", "change", "choose") + perms(
    "wagtaildocs", "document", "add", "change", "choose"
)

PERMISSIONS = {
    "editor": [ACCESS_ADMIN, *_MEDIA],
    "editorial_board": [ACCESS_ADMIN, *_MEDIA] + perms("directory", "organisation", "view"),
    "portal_admin": [ACCESS_ADMIN, *_MEDIA]
    + perms("portal", "portal", "view", "add", "change")
    + perms("directory", "organisation", "view")
    + perms("directory", "person", "view"),
    "department_leader": perms("portal", "portal", "view"),
}

#: the roles whose groups hold their media permissions on the root collection (province staff);
#: a portal's editors and board hold theirs on their portal's own collection, through their
#: memberships (congso.portal.permissions.PortalMediaPolicyMixin)
MEDIA_ROLES = ("portal_admin",)
#: the roles whose groups held them on the root before every portal had its own collection
MEMBER_MEDIA_ROLES = ("editor", "editorial_board")
#: what a membership may do with the images and documents of its portal's collection
MEMBER_MEDIA_ACTIONS = ("add", "change", "choose")

# Questions from the public: the staff of a portal's organisation answer them, the board
# publishes (congso.portal.models.qa); the statistics of views and ratings are read by both.
_QA_STAFF = perms("portal", "question", "view", "add", "change") + perms(
    "portal", "pagestat", "view"
)
_QA_PUBLISH = [("portal", "question", "publish_question")]
for _key in (
    "editor",
    "department_staff",
    "district_staff",
    "commune_staff",
    "department_leader",
    "editorial_board",
    "portal_admin",
):
    PERMISSIONS[_key] = PERMISSIONS.get(_key, []) + _QA_STAFF
for _key in ("department_leader", "editorial_board", "portal_admin"):
    PERMISSIONS[_key] = PERMISSIONS[_key] + _QA_PUBLISH
