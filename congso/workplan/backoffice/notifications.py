"""The signed-in user's unread notices about tasks, on their dashboard."""

from wagtail.admin.ui.components import Component

from ..selectors import unread_notifications


class NotificationsPanel(Component):
    name = "workplan_notifications"
    order = 60
    template_name = "workplan/home/notifications.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        notices = unread_notifications(self.user)
        return {"notices": list(notices[:10]), "count": notices.count()}
