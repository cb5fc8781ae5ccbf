"""Every use case, each holding exactly the ports and settings it uses; built once per
application by ``adapters.composition``."""

from dataclasses import dataclass

from domain.account_deletion import AccountDeletion
from domain.email_change import EmailChange
from domain.introspection import Introspection
from domain.media import MediaStorage
from domain.operator_accounts import OperatorAccounts
from domain.password_change import PasswordChange
from domain.password_reset import PasswordReset
from domain.profile_update import ProfileUpdate
from domain.registration import Registration
from domain.sessions import Sessions


@dataclass(frozen=True, slots=True)
class Rules:
    registration: Registration
    sessions: Sessions
    password_reset: PasswordReset
    password_change: PasswordChange
    account_deletion: AccountDeletion
    email_change: EmailChange
    profile_update: ProfileUpdate
    operator_accounts: OperatorAccounts
    introspection: Introspection
    # Not a rule: where the stored images are fetched, which both transports render.
    media: MediaStorage
