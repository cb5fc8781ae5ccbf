import strawberry

from schema.mutations.change_password import change_password
from schema.mutations.confirm_email_change import confirm_email_change
from schema.mutations.delete_account import delete_account
from schema.mutations.login import login
from schema.mutations.logout import logout
from schema.mutations.logout_all import logout_all
from schema.mutations.register import register
from schema.mutations.request_email_change import request_email_change
from schema.mutations.request_password_reset import request_password_reset
from schema.mutations.reset_password import reset_password
from schema.mutations.revoke_session import revoke_session
from schema.mutations.update_user import update_user
from schema.mutations.verify_registration import verify_registration


@strawberry.type(description="What can be changed.")
class Mutation:
    register = register
    verify_registration = verify_registration
    login = login
    logout = logout
    request_password_reset = request_password_reset
    reset_password = reset_password
    update_user = update_user
    change_password = change_password
    delete_account = delete_account
    logout_all = logout_all
    revoke_session = revoke_session
    request_email_change = request_email_change
    confirm_email_change = confirm_email_change
