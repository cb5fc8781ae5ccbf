from tortoise import fields

from models.mailed_code import MailedCode


class PendingRegistration(MailedCode):
    username = fields.CharField(max_length=120)
    email = fields.CharField(max_length=254, db_index=True)

    class Meta:
        table = "pending_registrations"
