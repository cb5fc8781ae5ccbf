from dataclasses import dataclass
from html import escape
from string import Template

#: A code in an HTML mail: on a line of its own, so that the quoted-printable encoding of a
#: long HTML line never splits it, and kept whole by the mail client (it may break a UUID at
#: its hyphens otherwise).
CODE_HTML = (
    '<p style="font-family: monospace; font-size: 1.2em; white-space: nowrap">\n$code\n</p>\n'
)


@dataclass(frozen=True, slots=True)
class MailTemplate:
    subject: str
    text: Template
    html: Template

    def render(
        self, values: dict[str, str], *, html_fragments: dict[str, str] | None = None
    ) -> tuple[str, str]:
        """Values are escaped in the HTML; ``html_fragments`` are inserted as they are."""
        escaped = {key: escape(value) for key, value in values.items()}
        return self.text.substitute(values), self.html.substitute(escaped | (html_fragments or {}))


VERIFICATION = MailTemplate(
    subject="Flowback Verification Code",
    text=Template(
        "Hello $username,\n\n"
        "Welcome to Flowback. Finish your registration with this verification code:\n\n"
        "    $code\n\n"
        "${link_text}"
        "The code works once and expires in $validity.\n"
        "If you did not ask to register, ignore this message.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello $username,</p>\n"
        "<p>Welcome to Flowback. Finish your registration with this verification code:</p>\n"
        + CODE_HTML
        + "${link_html}"
        "<p>The code works once and expires in $validity.</p>\n"
        "<p>If you did not ask to register, ignore this message.</p>\n"
        "</body></html>\n"
    ),
)

VERIFICATION_LINK_TEXT = Template("Or open this link:\n\n    $link\n\n")
VERIFICATION_LINK_HTML = Template('<p><a href="$link">Finish your registration</a></p>\n')

EXISTING_ACCOUNT = MailTemplate(
    subject="Flowback registration attempt",
    text=Template(
        "Hello,\n\n"
        "Someone tried to register a new Flowback account with this email address, "
        "which already has an account. Nothing has changed.\n"
        "If it was you, sign in with your existing account instead.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello,</p>\n"
        "<p>Someone tried to register a new Flowback account with this email address, "
        "which already has an account. Nothing has changed.</p>\n"
        "<p>If it was you, sign in with your existing account instead.</p>\n"
        "</body></html>\n"
    ),
)

PASSWORD_RESET = MailTemplate(
    subject="Flowback Password Reset Code",
    text=Template(
        "Hello $username,\n\n"
        "Someone asked to reset the password of your Flowback account. "
        "Choose a new password with this code:\n\n"
        "    $code\n\n"
        "The code works once and expires in $validity. Resetting signs you out everywhere.\n"
        "If you did not ask for this, ignore this message; your password stays as it is.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello $username,</p>\n"
        "<p>Someone asked to reset the password of your Flowback account. "
        "Choose a new password with this code:</p>\n"
        + CODE_HTML
        + "<p>The code works once and expires in $validity. "
        "Resetting signs you out everywhere.</p>\n"
        "<p>If you did not ask for this, ignore this message; "
        "your password stays as it is.</p>\n"
        "</body></html>\n"
    ),
)

NO_ACCOUNT_RESET = MailTemplate(
    subject="Flowback password reset request",
    text=Template(
        "Hello,\n\n"
        "Someone asked to reset the password of a Flowback account with this email address, "
        "but no account uses it. Nothing has changed.\n"
        "If it was you, you may have registered with another address.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello,</p>\n"
        "<p>Someone asked to reset the password of a Flowback account with this email address, "
        "but no account uses it. Nothing has changed.</p>\n"
        "<p>If it was you, you may have registered with another address.</p>\n"
        "</body></html>\n"
    ),
)

TEST = MailTemplate(
    subject="Flowback test email",
    text=Template("This is a test email from the Flowback user service.\n"),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>This is a test email from the Flowback user service.</p>\n"
        "</body></html>\n"
    ),
)

EMAIL_CHANGE = MailTemplate(
    subject="Flowback Email Change Code",
    text=Template(
        "Hello $username,\n\n"
        "Someone asked to make this the email address of your Flowback account. "
        "Confirm it with this code:\n\n"
        "    $code\n\n"
        "The code works once and expires in $validity. "
        "Confirming signs you out on your other devices.\n"
        "If you did not ask for this, ignore this message; nothing changes.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello $username,</p>\n"
        "<p>Someone asked to make this the email address of your Flowback account. "
        "Confirm it with this code:</p>\n"
        + CODE_HTML
        + "<p>The code works once and expires in $validity. "
        "Confirming signs you out on your other devices.</p>\n"
        "<p>If you did not ask for this, ignore this message; nothing changes.</p>\n"
        "</body></html>\n"
    ),
)

EMAIL_CHANGE_REQUESTED = MailTemplate(
    subject="Flowback email change requested",
    text=Template(
        "Hello $username,\n\n"
        "Someone signed in to your Flowback account asked to move it to another email "
        "address. Until the code mailed there is used, nothing changes.\n"
        "If it was not you, change your password and end your other sessions now.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello $username,</p>\n"
        "<p>Someone signed in to your Flowback account asked to move it to another email "
        "address. Until the code mailed there is used, nothing changes.</p>\n"
        "<p>If it was not you, change your password and end your other sessions now.</p>\n"
        "</body></html>\n"
    ),
)

EMAIL_CHANGE_TAKEN = MailTemplate(
    subject="Flowback email change attempt",
    text=Template(
        "Hello,\n\n"
        "Someone tried to move another Flowback account to this email address, "
        "which already has an account. Nothing has changed.\n"
    ),
    html=Template(
        "<!DOCTYPE html>\n<html><body>\n"
        "<p>Hello,</p>\n"
        "<p>Someone tried to move another Flowback account to this email address, "
        "which already has an account. Nothing has changed.</p>\n"
        "</body></html>\n"
    ),
)
