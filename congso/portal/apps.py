from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "congso.portal"
    label = "portal"
    verbose_name = _("Portals")

    def ready(self):
        from . import permissions

        permissions.install()
        permissions.install_media_policies()
        from . import signals

        signals.connect()
        from congso.core.publishing import register_article_proposer, register_site_organisation

        from .services import article_propose

        register_article_proposer(article_propose)
        register_site_organisation(organisation_of_site)
        post_migrate.connect(grant_portal_permissions, dispatch_uid="congso.portal.permissions")


def grant_portal_permissions(sender, **kwargs):
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .permissions import ensure_portal_permissions

    ensure_portal_permissions()


def organisation_of_site(request):
    from .cache import resolve

    try:
        _site, portal = resolve(request)
    except Exception:  # a host ALLOWED_HOSTS refuses
        return None
    return portal.organisation if portal is not None else None
