"""Senders of the applicants' notifications. ``ONESTOP_SENDER`` names the class (a dotted path);
it has ``send(notification)`` and raises on failure. The console sender prints; the mail
sender sends e-mails through Django's mail settings and prints SMS (replace it by a class that
calls an SMS gateway)."""

import sys

from django.core.mail import send_mail


class ConsoleSender:
    def send(self, notification) -> None:
        sys.stdout.write(
            f"[{notification.channel}] {notification.recipient}: "
            f"{notification.subject + ' — ' if notification.subject else ''}{notification.body}\n"
        )


class MailSender(ConsoleSender):
    def send(self, notification) -> None:
        if notification.channel == "email":
            send_mail(
                subject=notification.subject,
                message=notification.body,
                from_email=None,
                recipient_list=[notification.recipient],
            )
        else:
            super().send(notification)


#: senders that tests read
class MemorySender:
    sent: list = []

    def send(self, notification) -> None:
        MemorySender.sent.append((notification.channel, notification.recipient, notification.body))
