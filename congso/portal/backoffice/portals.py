"""The portals in the back office: the list of the portals a user may reach, and the form that
creates an organisation's portal (through ``services.portal_create``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.directory.models import Organisation
from congso.directory.selectors import visible_organisations

from ..selectors import visible_portals
from ..services import ADD_PORTAL, portal_create


class PortalCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.none()
    )
    hostname = forms.CharField(
        label=gettext_lazy("Host name"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Empty: the unit's name under the portals' domain."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            visible_organisations(user)
            .filter(kind__in=Organisation.TERRITORIAL_KINDS, portal__isnull=True)
            .select_related("admin_unit")
        )


def portal_index(request):
    if not request.user.has_perm("portal.view_portal") and not request.user.has_perm(ADD_PORTAL):
        raise PermissionDenied
    portals = visible_portals(request.user).annotate(
        editors=Count("members", filter=Q(members__role="editor")),
        board=Count("members", filter=Q(members__role="board")),
    )
    return TemplateResponse(
        request,
        "portal/backoffice/portal_index.html",
        {
            "portals": portals.order_by("organisation__sort_name")[:500],
            "can_create": request.user.has_perm(ADD_PORTAL),
        },
    )


def portal_add(request):
    if not request.user.has_perm(ADD_PORTAL):
        raise PermissionDenied
    form = PortalCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            portal = portal_create(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                hostname=form.cleaned_data["hostname"] or None,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, getattr(error, "messages", None) or [str(error)])
        else:
            messages.success(
                request,
                _("Portal of %(organisation)s created at %(host)s.")
                % {"organisation": portal.organisation, "host": portal.site.hostname},
            )
            return redirect("portal_portals:index")
    return TemplateResponse(request, "portal/backoffice/portal_add.html", {"form": form})
