"""What a viewer may see of a user, decided once: the private fields only on one's own."""

from typing import Any, NamedTuple, Protocol

from models import User

#: The columns of a user that anyone signed in may see.
PUBLIC_COLUMNS = (
    "id",
    "username",
    "profile_image",
    "banner_image",
    "bio",
    "website",
    "contact_email",
    "contact_phone",
)

#: The public columns that hold a stored image's key, which transports give as its URL.
IMAGE_COLUMNS = frozenset({"profile_image", "banner_image"})


class PrivateFields(NamedTuple):
    """The flags are None only in ``NOT_SHOWN``."""

    email: str | None
    user_config: str | None
    email_notifications: bool | None
    dark_theme: bool | None


#: The columns only the account itself sees, as ``PrivateFields`` names them.
PRIVATE_COLUMNS = PrivateFields._fields

#: What a transport renders for the private fields of someone else's record: all null.
NOT_SHOWN = PrivateFields(email=None, user_config=None, email_notifications=None, dark_theme=None)


class UserView(NamedTuple):
    """``private`` is None on anyone else's record. A named tuple, not a frozen dataclass: a
    list makes one per row, and a tuple is made about three times faster."""

    id: int
    username: str
    profile_image: str | None
    banner_image: str | None
    bio: str | None
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    private: PrivateFields | None


class Viewer(Protocol):
    """Who is looking at a list: its id, and its record, made only for its own row (a
    session's ``AccountRecord`` reads it on demand)."""

    @property
    def id(self) -> int: ...

    def user(self) -> User: ...


def view_user(user: User, *, viewer: User | None) -> UserView:
    own = _is_own(user.id, viewer)
    return _view({name: getattr(user, name) for name in PUBLIC_COLUMNS}, user if own else None)


def view_row(row: dict[str, Any], *, viewer: User | None) -> UserView:
    """A row of ``PUBLIC_COLUMNS``; on the viewer's own, the private fields come from its
    record (a list never reads them)."""
    return _view(row, viewer if _is_own(row["id"], viewer) else None)


def private_fields(user_id: int, *, viewer: Viewer | None) -> PrivateFields | None:
    """The private fields of the user of ``user_id`` as ``viewer`` may see them: from its
    own record, else none."""
    if viewer is None or not _is_own(user_id, viewer):
        return None
    return _private_fields(viewer.user())


def _is_own(user_id: int, viewer: User | Viewer | None) -> bool:
    """The one rule of what a viewer sees of a user's private fields: only its own."""
    return viewer is not None and user_id == viewer.id


def _view(public: dict[str, Any], owner: User | None) -> UserView:
    return UserView(**public, private=None if owner is None else _private_fields(owner))


def _private_fields(user: User) -> PrivateFields:
    return PrivateFields(**{name: getattr(user, name) for name in PRIVATE_COLUMNS})
