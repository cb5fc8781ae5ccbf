"""The mail backends behind the ``domain.mail.Mailer`` port, one per ``FLOWBACK_EMAIL_BACKEND``."""

import sys
from email.message import EmailMessage

import aiosmtplib

from config.settings import Settings
from domain.mail import MailDeliveryError, Mailer


class ConsoleMailer:
    """Writes each whole message to stdout: the embedded default for a newcomer."""

    async def send(self, message: EmailMessage) -> None:
        sys.stdout.write(f"{message.as_string()}\n{'-' * 72}\n")
        sys.stdout.flush()


class MemoryMailer:
    """Keeps messages in ``outbox``, for tests."""

    def __init__(self) -> None:
        self.outbox: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.outbox.append(message)


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def send(self, message: EmailMessage) -> None:
        settings = self._settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        try:
            await aiosmtplib.send(
                message,
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=password,
                start_tls=settings.smtp_starttls,
                timeout=settings.smtp_timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            reasons = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
            raise MailDeliveryError(f"recipient refused: {reasons}") from error
        except aiosmtplib.SMTPResponseException as error:
            raise MailDeliveryError(f"{error.code} {error.message}") from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailDeliveryError(f"{type(error).__name__}: {error}") from error


def build_mailer(settings: Settings) -> Mailer:
    if settings.email_backend == "smtp":
        return SmtpMailer(settings)
    if settings.email_backend == "memory":
        return MemoryMailer()
    return ConsoleMailer()
