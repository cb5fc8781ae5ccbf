from tortoise import fields

from models.mailed_code import MailedCode


class PendingRegistration(MailedCode):
    """A registration waiting for its emailed code; only the code's SHA-256 is kept."""

    username = fields.CharField(max_length=120)
    email = fields.CharField(max_length=254, db_index=True)

    class Meta:
        table = "pending_registrations"
