from typing import Annotated

import strawberry

Username = Annotated[str, strawberry.argument(description="A username: letters, digits, @.+-_.")]
Email = Annotated[str, strawberry.argument(description="An email address.")]
NewPassword = Annotated[
    str, strawberry.argument(description="The new password, held to the password rules.")
]
CurrentPassword = Annotated[str, strawberry.argument(description="The account's password now.")]
VerificationCode = Annotated[str, strawberry.argument(description="The code from the mail.")]
Login = Annotated[str, strawberry.argument(description="The account's username or email address.")]
