"""What the Flowback web app sends and reads, shared by its HTTP and real-process tests."""

from domain.user_view import PUBLIC_COLUMNS

APP = "http://localhost:5173"
#: The fields of a ``GET /users`` row the app reads: every public column.
ROW = set(PUBLIC_COLUMNS)
#: routes/user/+page.svelte's profile form: every text field, ``''`` when left empty.
PROFILE_FORM = {
    "username": "alice",
    "bio": "Hi!",
    "website": "https://alice.example",
    "contact_email": "",
    "contact_phone": "",
}
