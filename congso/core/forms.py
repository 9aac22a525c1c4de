"""The back office's forms: the login form, and Cổng số's rule for login names
(``congso.core.accounts``) in Wagtail's user forms (``congso.core.users`` builds on them)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users import forms as wagtail_forms

from congso.core.accounts import USERNAME_MAX_LENGTH, clean_username


class UsernameRule:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].max_length = USERNAME_MAX_LENGTH

    def clean_username(self):
        return clean_username(self.cleaned_data.get("username", ""), exclude_pk=self.instance.pk)


class UserCreationForm(UsernameRule, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(UsernameRule, wagtail_forms.UserEditForm):
    pass


class LoginForm(WagtailLoginForm):
    """Wagtail's login form builds its messages by putting the username field's label into an
    English sentence ("Enter your %s"), which no Vietnamese sentence survives ("Nhập Tên đăng
    nhậpcủa bạn"); its password field has no label, so Django prints "Password" in English.
    Whole sentences here."""

    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": _("Your username and password didn't match. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs["placeholder"] = _("Enter your username")
        self.fields["password"].label = _("Password")

    def get_invalid_login_error(self):
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
