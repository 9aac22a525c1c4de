from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "congso.stats"
    label = "stats"
    verbose_name = _("Sector statistics")

    def ready(self):
        from congso.core import api_tokens

        from .api import account_of_token
        from .services import token_create

        def issue(*, user, name, account) -> str:
            _token, secret = token_create(user=user, name=name, account=account)
            return secret

        api_tokens.register(resolver=account_of_token, issuer=issue)
