from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from html import escape
from typing import Protocol
from urllib.parse import quote_plus

from config.settings import Settings
from domain import templates
from domain.validation import ascii_address

VERIFICATION_SUBJECT = templates.VERIFICATION.subject
EXISTING_ACCOUNT_SUBJECT = templates.EXISTING_ACCOUNT.subject
PASSWORD_RESET_SUBJECT = templates.PASSWORD_RESET.subject
NO_ACCOUNT_RESET_SUBJECT = templates.NO_ACCOUNT_RESET.subject


class MailDeliveryError(Exception):
    """``str()`` says why, never what the message holds."""


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Raises ``MailDeliveryError`` when the backend refuses."""
        ...


def verification_link(*, frontend_url: str, path_template: str, code: str, email: str) -> str:
    """``{code}`` and ``{email}`` URL-encoded (the settings checked the template)."""
    path = path_template.format(code=quote_plus(code, safe=""), email=quote_plus(email, safe=""))
    return f"{frontend_url.rstrip('/')}{path}"


def verification_message(*, settings: Settings, to: str, username: str, code: str) -> EmailMessage:
    link_text = link_html = ""
    if settings.frontend_url and settings.frontend_verify_path:
        link = verification_link(
            frontend_url=settings.frontend_url,
            path_template=settings.frontend_verify_path,
            code=code,
            email=to,
        )
        link_text = templates.VERIFICATION_LINK_TEXT.substitute(link=link)
        link_html = templates.VERIFICATION_LINK_HTML.substitute(link=escape(link))
    validity = _validity(settings.verification_ttl, unit_seconds=3600, unit="hours")
    return _from_template(
        templates.VERIFICATION,
        settings=settings,
        to=to,
        values={"username": username, "code": code, "validity": validity, "link_text": link_text},
        html_fragments={"link_html": link_html},
    )


def existing_account_message(*, settings: Settings, to: str) -> EmailMessage:
    return _from_template(templates.EXISTING_ACCOUNT, settings=settings, to=to)


def password_reset_message(
    *, settings: Settings, to: str, username: str, code: str
) -> EmailMessage:
    values = _code_values(username=username, code=code, lifetime=settings.password_reset_ttl)
    return _from_template(templates.PASSWORD_RESET, settings=settings, to=to, values=values)


def no_account_reset_message(*, settings: Settings, to: str) -> EmailMessage:
    return _from_template(templates.NO_ACCOUNT_RESET, settings=settings, to=to)


def test_message(*, settings: Settings, to: str) -> EmailMessage:
    return _from_template(templates.TEST, settings=settings, to=to)


def email_change_message(*, settings: Settings, to: str, username: str, code: str) -> EmailMessage:
    values = _code_values(username=username, code=code, lifetime=settings.email_change_ttl)
    return _from_template(templates.EMAIL_CHANGE, settings=settings, to=to, values=values)


def email_change_requested_message(*, settings: Settings, to: str, username: str) -> EmailMessage:
    return _from_template(
        templates.EMAIL_CHANGE_REQUESTED, settings=settings, to=to, values={"username": username}
    )


def email_change_taken_message(*, settings: Settings, to: str) -> EmailMessage:
    return _from_template(templates.EMAIL_CHANGE_TAKEN, settings=settings, to=to)


def _code_values(*, username: str, code: str, lifetime: int) -> dict[str, str]:
    validity = _validity(lifetime, unit_seconds=60, unit="minutes")
    return {"username": username, "code": code, "validity": validity}


def _validity(seconds: int, *, unit_seconds: int, unit: str) -> str:
    """In whole ``unit``s, or in seconds when that is under one."""
    whole = seconds // unit_seconds
    return f"{whole} {unit}" if whole else f"{seconds} seconds"


def _from_template(
    template: templates.MailTemplate,
    *,
    settings: Settings,
    to: str,
    values: dict[str, str] | None = None,
    html_fragments: dict[str, str] | None = None,
) -> EmailMessage:
    text, html = template.render(values or {}, html_fragments=html_fragments)
    return _message(settings=settings, to=to, subject=template.subject, text=text, html=html)


def _message(*, settings: Settings, to: str, subject: str, text: str, html: str) -> EmailMessage:
    """multipart/alternative, with a ``Message-ID`` that stays with it for good."""
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = ascii_address(to)  # an encoded word is no address: the domain in IDNA
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=_sender_domain(settings.email_from))
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def _sender_domain(email_from: str) -> str:
    address = parseaddr(email_from)[1]
    return address.rpartition("@")[2] or "flowback.local"
