"""Wagtail's user forms with Cổng số's rule for login names (``congso.core.accounts``)."""

from wagtail.users import forms as wagtail_forms

from congso.core.accounts import USERNAME_MAX_LENGTH, clean_username


class _UsernameRule:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].max_length = USERNAME_MAX_LENGTH

    def clean_username(self):
        return clean_username(self.cleaned_data.get("username", ""), exclude_pk=self.instance.pk)


class UserCreationForm(_UsernameRule, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(_UsernameRule, wagtail_forms.UserEditForm):
    pass
