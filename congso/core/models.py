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


class ScheduledRun(models.Model):
    """One slot of a periodic task that a worker has enqueued. The unique key is what makes a
    periodic task run once per slot however many workers tick, and again after a restart."""

    name = models.CharField(_("task"), max_length=200)
    slot = models.BigIntegerField(_("slot"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="core_scheduledrun_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} #{self.slot}"
