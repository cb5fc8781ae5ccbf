import logging
import sys
from email.message import EmailMessage
from typing import Literal

import aiosmtplib

from adapters.tracing import Attributes, outbound_span
from config.settings import Settings
from domain.mail import MailDeliveryError, Mailer

logger = logging.getLogger("flowback.mail")


class ConsoleMailer:
    """The newcomer's default; with a JSON log, a message is one log line, so the output stays
    JSON lines."""

    def __init__(self, log_format: Literal["text", "json"] = "text") -> None:
        self.log_format = log_format

    async def send(self, message: EmailMessage) -> None:
        if self.log_format == "json":
            logger.info("mail to %s: %s", message["To"], message["Subject"], extra=_fields(message))
            return
        sys.stdout.write(f"{message.as_string()}\n{'-' * 72}\n")
        sys.stdout.flush()


def _fields(message: EmailMessage) -> dict[str, object]:
    text = message.get_body(preferencelist=("plain",))
    return {
        "mail_to": str(message["To"]),
        "mail_subject": str(message["Subject"]),
        "mail_message_id": str(message["Message-ID"]),
        "mail_text": text.get_content() if isinstance(text, EmailMessage) else None,
    }


class MemoryMailer:
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
        server: Attributes = {
            "server.address": settings.smtp_host,
            "server.port": settings.smtp_port,
        }
        with outbound_span("send mail", attributes=server):
            await self._send(message, password)

    async def _send(self, message: EmailMessage, password: str | None) -> None:
        settings = self._settings
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
    return ConsoleMailer(settings.log_format)
