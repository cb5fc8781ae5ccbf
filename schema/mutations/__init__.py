import strawberry

from schema.mutations.login import login
from schema.mutations.logout import logout
from schema.mutations.register import register
from schema.mutations.verify_registration import verify_registration


@strawberry.type
class Mutation:
    register = register
    verify_registration = verify_registration
    login = login
    logout = logout
