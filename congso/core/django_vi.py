# ruff: noqa: E501 (the msgids must match Django's exactly, long lines included)
"""Django's validation messages that staff meet but Django's Vietnamese catalog lacks, and the
words of Wagtail's admin 404 page.

Nothing imports this module: it lists the messages with ``gettext_noop`` so that ``makemessages``
keeps them in ``congso/locale/vi/LC_MESSAGES/django.po``, where they are translated (our catalog
comes first, see ``congso/core/wagtail_vi.py``). The msgids stay exactly as Django writes them.
"""

from django.utils.translation import gettext_noop

__all__ = ["MESSAGES"]

MESSAGES = (
    # django-axes: the lockouts screen takes its title from axes' model
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    # wagtail: wagtailadmin/404.html
    gettext_noop("Error 404: Page not found"),
    gettext_noop("Error 404"),
    gettext_noop("The requested page could not be found."),
    gettext_noop("Go to Wagtail admin"),
    # django
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop(
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."
    ),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."
    ),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value must be either True, False, or None."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
    ),
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
    ),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
    ),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
    ),
    gettext_noop("“%(value)s” value must be a float."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be either None, True or False."),
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format."
    ),
    gettext_noop(
        "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."
    ),
    gettext_noop("“%(value)s” is not a valid UUID."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("%(model)s instance with %(field)s %(value)r does not exist."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("ManagementForm data is missing or has been tampered with"),
    gettext_noop("The inline value did not match the parent instance."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    gettext_noop("This is not a valid IPv6 address."),
)
