from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleGroup(models.Model):
    """The group that holds a role: found by its stable key, whatever the group is called."""

    key = models.CharField(_("role key"), max_length=50, unique=True)
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="role"
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.group.name
