"""Outgoing mail: the messages the service writes and the backends that deliver them."""

import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

import aiosmtplib

from domain.errors import DomainError, ErrorCode
from domain.settings import Settings

VERIFICATION_SUBJECT = "Flowback Verification Code"
EXISTING_ACCOUNT_SUBJECT = "Flowback registration attempt"


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


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
        except (aiosmtplib.SMTPException, OSError) as error:
            raise DomainError.single(
                ErrorCode.MAIL_UNAVAILABLE, "The email could not be sent; try again later."
            ) from error


def build_mailer(settings: Settings) -> Mailer:
    if settings.email_backend == "smtp":
        return SmtpMailer(settings)
    if settings.email_backend == "memory":
        return MemoryMailer()
    return ConsoleMailer()


def verification_message(*, settings: Settings, to: str, username: str, code: str) -> EmailMessage:
    hours = settings.verification_ttl // 3600
    validity = f"{hours} hours" if hours else f"{settings.verification_ttl} seconds"
    body = (
        f"Hello {username},\n\n"
        "Welcome to Flowback. Finish your registration with this verification code:\n\n"
        f"    {code}\n\n"
        f"The code works once and expires in {validity}.\n"
        "If you did not ask to register, ignore this message.\n"
    )
    return _message(settings=settings, to=to, subject=VERIFICATION_SUBJECT, body=body)


def existing_account_message(*, settings: Settings, to: str) -> EmailMessage:
    body = (
        "Hello,\n\n"
        "Someone tried to register a new Flowback account with this email address, "
        "which already has an account. Nothing has changed.\n"
        "If it was you, sign in with your existing account instead.\n"
    )
    return _message(settings=settings, to=to, subject=EXISTING_ACCOUNT_SUBJECT, body=body)


def _message(*, settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="flowback.local")
    message.set_content(body)
    return message
