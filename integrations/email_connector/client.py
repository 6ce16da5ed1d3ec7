"""Sending for the e-mail connector: I/O only, through Django's mail connection.

So EMAIL_BACKEND decides: files under var/mail in development, SMTP in production,
memory in tests. Raises smtplib.SMTPException or OSError when the message is not sent.
"""

from django.core.mail import EmailMultiAlternatives, get_connection

from integrations.email_connector.mapping import Email


def send(email: Email, *, from_email: str) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=from_email,
        to=email.to,
        cc=email.cc,
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=email.headers,
        connection=get_connection(fail_silently=False),
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    message.send()
