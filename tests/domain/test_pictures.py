"""Pictures are named after their account and content, and a replaced one stays readable for
the grace period, then housekeeping deletes it unless it is shown again."""

import asyncio
import contextvars
from datetime import timedelta
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from adapters.composition import Composition
from adapters.housekeeper import housekeeping_pass
from domain import user_events
from domain.clock import ManualClock
from domain.housekeeping import REPLACED_PICTURES, count_purgeable
from domain.images import Upload
from domain.pictures import picture_key
from domain.profile_update import ProfileChanges
from models import ReplacedPicture, User
from tests.conftest import postgres_param
from tests.factories import PASSWORD, make_user
from tests.images import image_bytes, noisy_image_bytes

pytestmark = pytest.mark.usefixtures("db")


async def upload(
    composition: Composition,
    user: User,
    *,
    profile_image: bytes | None = None,
    banner_image: bytes | None = None,
) -> User:
    """The web app's profile form: its images named ``dot.png``."""
    changes = ProfileChanges(
        profile_image=None if profile_image is None else Upload("dot.png", profile_image),
        banner_image=None if banner_image is None else Upload("dot.png", banner_image),
    )
    return await composition.rules.profile_update.update(user=user, changes=changes)


def stored(composition: Composition) -> set[str]:
    root = composition.settings.media_root
    return {path.name for path in root.iterdir()} if root.exists() else set()


def file_of(composition: Composition, key: str | None) -> Path:
    assert key is not None
    return Path(composition.settings.media_root, key)


def past_grace(composition: Composition, clock: ManualClock) -> None:
    clock.advance(timedelta(seconds=composition.settings.replaced_picture_grace + 1))


async def housekeep(composition: Composition, clock: ManualClock) -> int:
    """One housekeeping pass; how many replaced pictures it deleted."""
    counts = await housekeeping_pass(
        settings=composition.settings, clock=clock, media=composition.rules.media
    )
    assert counts is not None
    return counts[REPLACED_PICTURES]


async def test_the_same_picture_again_keeps_its_key(composition: Composition) -> None:
    user = await make_user(composition)
    first = await upload(composition, user, profile_image=image_bytes("PNG"))
    again = await upload(composition, first, profile_image=image_bytes("PNG"))
    assert again.profile_image == first.profile_image
    assert stored(composition) == {first.profile_image}
    assert await ReplacedPicture.all().count() == 0


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP", "PNG", "GIF"])
async def test_a_shown_picture_uploaded_back_keeps_its_key(
    composition: Composition, image_format: str
) -> None:
    """What the web app does on each save: it downloads the picture it shows and uploads it.
    Re-encoding a JPEG or WebP would change its bytes, and so its name."""
    user = await make_user(composition)
    first = await upload(composition, user, profile_image=noisy_image_bytes(image_format))
    shown = file_of(composition, first.profile_image).read_bytes()
    again = await upload(composition, first, profile_image=shown)
    assert again.profile_image == first.profile_image
    assert stored(composition) == {first.profile_image}


async def test_the_key_is_the_account_and_the_cleaned_bytes(composition: Composition) -> None:
    user = await make_user(composition)
    updated = await upload(composition, user, banner_image=image_bytes("GIF", exif=False))
    data = file_of(composition, updated.banner_image).read_bytes()
    assert updated.banner_image == picture_key(owner_id=user.id, data=data, extension="gif")


async def test_two_accounts_uploading_the_same_bytes_get_files_of_their_own(
    composition: Composition,
) -> None:
    ann, bob = await make_user(composition), await make_user(composition)
    picture = noisy_image_bytes("JPEG")
    ann = await upload(composition, ann, profile_image=picture)
    bob = await upload(composition, bob, profile_image=picture)
    assert ann.profile_image != bob.profile_image
    assert stored(composition) == {ann.profile_image, bob.profile_image}
    # Bob uploading Ann's file as it is served gets a file of his own, never Ann's.
    served = file_of(composition, ann.profile_image).read_bytes()
    bob = await upload(composition, bob, banner_image=served)
    assert bob.banner_image == bob.profile_image != ann.profile_image


async def test_a_replaced_picture_stays_readable_until_the_grace_period_passes(
    composition: Composition, clock: ManualClock
) -> None:
    user = await make_user(composition)
    first = await upload(composition, user, profile_image=image_bytes("PNG"))
    second = await upload(composition, first, profile_image=image_bytes("WEBP"))
    assert stored(composition) == {first.profile_image, second.profile_image}
    assert await housekeep(composition, clock) == 0
    clock.advance(timedelta(seconds=composition.settings.replaced_picture_grace - 1))
    assert await housekeep(composition, clock) == 0
    assert stored(composition) == {first.profile_image, second.profile_image}
    clock.advance(timedelta(seconds=2))
    counts = await count_purgeable(settings=composition.settings, clock=clock)
    assert counts[REPLACED_PICTURES] == 1
    assert await housekeep(composition, clock) == 1
    assert stored(composition) == {second.profile_image}
    assert await ReplacedPicture.all().count() == 0


async def test_the_grace_period_is_a_setting(composition: Composition, clock: ManualClock) -> None:
    settings = composition.settings.model_copy(update={"replaced_picture_grace": 5})
    user = await make_user(composition)
    first = await upload(composition, user, profile_image=image_bytes("PNG"))
    await upload(composition, first, profile_image=image_bytes("GIF"))
    clock.advance(timedelta(seconds=6))
    counts = await housekeeping_pass(settings=settings, clock=clock, media=composition.rules.media)
    assert counts is not None and counts[REPLACED_PICTURES] == 1
    assert first.profile_image not in stored(composition)


async def test_a_picture_shown_again_is_never_deleted(
    composition: Composition, clock: ManualClock
) -> None:
    user = await make_user(composition)
    first = await upload(composition, user, profile_image=image_bytes("PNG"))
    second = await upload(composition, first, profile_image=image_bytes("GIF"))
    back = await upload(composition, second, profile_image=image_bytes("PNG"))
    assert back.profile_image == first.profile_image
    # Shown in the other field: replaced in one, still shown in the other.
    both = await upload(composition, back, banner_image=image_bytes("JPEG"))
    kept = await upload(composition, both, profile_image=image_bytes("JPEG"))
    assert kept.profile_image == kept.banner_image
    past_grace(composition, clock)
    assert await housekeep(composition, clock) == 2  # the PNG and the GIF
    assert stored(composition) == {kept.profile_image}
    assert await ReplacedPicture.all().count() == 0


async def test_account_deletion_deletes_shown_and_replaced_pictures_at_once(
    composition: Composition,
) -> None:
    ann = await make_user(composition, username="ann")
    bob = await make_user(composition, username="bob")
    bobs = await upload(composition, bob, profile_image=image_bytes("PNG"))
    first = await upload(composition, ann, profile_image=image_bytes("PNG"))
    second = await upload(
        composition, first, profile_image=image_bytes("GIF"), banner_image=image_bytes("JPEG")
    )
    assert len(stored(composition)) == 4
    token = await composition.rules.sessions.login(username="ann", password=PASSWORD)
    session = await composition.rules.sessions.authenticate(token)
    assert session is not None
    await composition.rules.account_deletion.delete(session=session, password=PASSWORD)
    assert stored(composition) == {bobs.profile_image}
    assert second.profile_image not in stored(composition)
    assert await ReplacedPicture.all().count() == 0


async def test_housekeeping_keeps_files_it_cannot_prove_unused(
    composition: Composition, clock: ManualClock
) -> None:
    """A replaced row whose key another field shows, or whose file is already gone, is
    forgotten without harm."""
    user = await make_user(composition)
    shown = await upload(composition, user, profile_image=image_bytes("PNG"))
    assert shown.profile_image is not None
    await ReplacedPicture.create(user=user, key=shown.profile_image, replaced_at=clock.now())
    await ReplacedPicture.create(user=user, key=f"{'0' * 32}.png", replaced_at=clock.now())
    past_grace(composition, clock)
    assert await housekeep(composition, clock) == 1  # the missing file, harmlessly
    assert stored(composition) == {shown.profile_image}
    assert await ReplacedPicture.all().count() == 0


@pytest.mark.parametrize("backend", [postgres_param()], indirect=True)
async def test_an_update_showing_a_picture_again_waits_for_a_pass_deleting_it(
    composition: Composition, clock: ManualClock
) -> None:
    """A pass holds the replaced row while it deletes the file; an update taking the key back
    waits for it, then stores the file again, so the picture it shows is there."""
    user = await make_user(composition)
    first = await upload(composition, user, profile_image=image_bytes("PNG"))
    second = await upload(composition, first, profile_image=image_bytes("GIF"))
    past_grace(composition, clock)
    key = first.profile_image
    assert key is not None
    outside = contextvars.copy_context()  # the update runs outside the pass's transaction
    async with in_transaction() as connection:  # a pass, half done
        row = await ReplacedPicture.select_for_update().using_db(connection).get(key=key)
        showing_again = upload(composition, second, profile_image=image_bytes("PNG"))
        update = asyncio.create_task(showing_again, context=outside)
        await asyncio.sleep(0.3)
        assert not update.done()  # waiting for the row
        await composition.rules.media.delete(key)
        await row.delete(using_db=connection)
    shown = await update
    assert shown.profile_image == key
    assert key in stored(composition)


async def test_the_files_of_an_update_that_fails_go_after_the_grace_period(
    composition: Composition, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the files are stored (the database gone mid-transaction, say) leaves
    them unshown, and housekeeping deletes them like replaced ones; the shown one stays."""
    user = await make_user(composition)
    shown = await upload(composition, user, profile_image=image_bytes("PNG"))

    async def database_gone(**_: object) -> None:
        raise ConnectionResetError

    monkeypatch.setattr(user_events, "user_updated", database_gone)
    with pytest.raises(ConnectionResetError):
        await upload(composition, shown, profile_image=image_bytes("GIF"))
    assert len(stored(composition)) == 2
    assert (await User.get(id=user.id)).profile_image == shown.profile_image
    past_grace(composition, clock)
    assert await housekeep(composition, clock) == 1
    assert stored(composition) == {shown.profile_image}
