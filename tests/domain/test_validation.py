import pytest

from config.settings import Settings
from domain.errors import DomainError, ErrorCode
from domain.validation import (
    ASCII_LOCAL_PART_MESSAGE,
    EMAIL_MAX_LENGTH,
    INVISIBLE_MESSAGE,
    MIXED_SCRIPT_MESSAGE,
    ascii_address,
    clean_email,
    clean_username,
    configured_password_problems,
    has_no_nul,
    password_problems,
    stored_email,
    username_columns,
    username_key,
    username_skeleton,
)


@pytest.mark.parametrize("username", ["alice", "Al.ice+1@x-y_z", "ünïcødé", "a" * 120, "7"])
def test_valid_usernames_are_kept_as_typed(username: str) -> None:
    assert clean_username(f"  {username} ") == username


@pytest.mark.parametrize("username", ["a b", "a" * 121, "semi;colon", "slash/", "emoji🙂", "<tag>"])
def test_invalid_usernames(username: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_username(username)
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_USERNAME, ErrorCode.INVALID_USERNAME.message, "username")
    ]


def test_blank_username_and_address_are_required() -> None:
    for clean, field in ((clean_username, "username"), (clean_email, "email")):
        with pytest.raises(DomainError) as raised:
            clean("   ")
        assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
            (ErrorCode.REQUIRED, "This field is required.", field)
        ]


def test_usernames_are_unique_without_regard_to_case() -> None:
    assert username_key("Alice") == username_key("ALICE") == username_key("alice")
    assert username_key("Straße") == username_key("STRASSE")


def test_email_is_trimmed_and_lower_cased() -> None:
    assert clean_email("  Bob.Smith@Example.COM ") == "bob.smith@example.com"


@pytest.mark.parametrize("email", ["plain", "a@", "@b.com", "a b@c.com", "a@b@c.com"])
def test_invalid_emails(email: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_email(email)
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_EMAIL, "Enter a valid email address.", "email")
    ]


SIMILAR = "The password is too similar to the username or email."


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("", ErrorCode.REQUIRED, "This field is required."),
        (
            "short but ok",
            ErrorCode.PASSWORD_TOO_SHORT,
            "This password is too short. It must contain at least 15 characters.",
        ),
        (
            "x" * 129,
            ErrorCode.PASSWORD_TOO_LONG,
            "This password is too long. It must contain at most 128 characters.",
        ),
        ("films+pic+galeries", ErrorCode.PASSWORD_TOO_COMMON, "This password is too common."),
        ("alice.wonderland", ErrorCode.PASSWORD_TOO_SIMILAR, SIMILAR),
        ("alicewonderland1", ErrorCode.PASSWORD_TOO_SIMILAR, SIMILAR),
    ],
)
def test_password_rules(password: str, code: ErrorCode, message: str) -> None:
    problems = password_problems(
        password,
        personal=("alice.wonderland", "alice.wonderland@example.com"),
        min_length=15,
        max_length=128,
        field="new_password",
    )
    assert [(p.code, p.message, p.field) for p in problems] == [(code, message, "new_password")]


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "🙂" * 64, "пароль-очень-длинный-и-хороший", "x" * 128],
)
def test_good_passwords_pass_including_multibyte_text(password: str) -> None:
    assert (
        password_problems(
            password, personal=("alice", "alice@example.com"), min_length=15, max_length=128
        )
        == []
    )


@pytest.mark.parametrize("password", ["password1", "TRUSTNO1", "qwerty123"])
def test_common_passwords_are_refused_whatever_the_minimum_length(password: str) -> None:
    problems = password_problems(password, min_length=8, max_length=128)
    assert [problem.code for problem in problems] == [ErrorCode.PASSWORD_TOO_COMMON]


def test_a_decomposed_username_is_accepted_and_kept_composed() -> None:
    decomposed = "Rene\u0301e"  # e + COMBINING ACUTE ACCENT
    assert clean_username(decomposed) == "Ren\u00e9e"
    assert clean_username(decomposed) == clean_username("Ren\u00e9e")


@pytest.mark.parametrize(
    "username",
    [
        "\u0430lice",  # Cyrillic a among Latin letters
        "p\u0430ypal",
        "\u03bfmega",  # Greek omicron
        "admin\u0456",  # Cyrillic i
        "Ωmega_ж",
    ],
)
def test_mixed_script_usernames_are_refused(username: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_username(username)
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_USERNAME, MIXED_SCRIPT_MESSAGE, "username")
    ]


@pytest.mark.parametrize(
    "username",
    [
        "алиса",
        "Ωμέγα",
        "山田たろう",
        "ヤマダ_taro",
        "김민준",
        "user_1.@+-",
        "\uff46\uff55\uff4c\uff4c",
        # Every script of each mix TR39 allows at once.
        "taro山田たろうヤマダ",
        "kim金민준",
        "li李ㄅㄆ",
    ],
)
def test_one_script_and_the_mixes_east_asian_names_use_are_accepted(username: str) -> None:
    assert clean_username(username) == username


def test_an_internationalised_domain_is_kept_in_unicode_and_mailed_in_idna() -> None:
    assert clean_email("Renee@BÜCHER.example") == "renee@bücher.example"
    assert clean_email("renee@xn--bcher-kva.example") == "renee@bücher.example"
    assert ascii_address("renee@bücher.example") == "renee@xn--bcher-kva.example"
    assert ascii_address("bob@example.com") == "bob@example.com"


# The part before the last @: a quoted one may hold an @ itself.
@pytest.mark.parametrize("email", ["josé@example.com", '"jo@sé"@example.com'])
def test_a_non_ascii_part_before_the_at_is_refused(email: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_email(email, field="new_email")
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_EMAIL, ASCII_LOCAL_PART_MESSAGE, "new_email")
    ]


def test_an_address_of_254_characters_is_kept_and_one_more_is_too_long() -> None:
    domain = f"{'a' * 63}.{'b' * 63}.{'c' * 57}.com"
    longest = f"{'x' * 64}@{domain}"
    assert len(longest) == EMAIL_MAX_LENGTH == 254
    assert clean_email(longest) == longest
    with pytest.raises(DomainError) as raised:
        clean_email(f"{'x' * 64}@c{domain}")
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_EMAIL, "Enter an email address of at most 254 characters.", "email")
    ]


@pytest.mark.parametrize(
    "password",
    [
        "alice.wonderland",  # the whole username
        "wonderland-alice",  # its words, the whole of neither
        "WONDERLAND",  # one word of it, exactly
        "wonderlands",  # one word of it, nearly
        "example.org",  # the address's domain
    ],
)
def test_a_password_like_the_username_or_address_or_a_word_of_them_is_refused(
    password: str,
) -> None:
    problems = password_problems(
        password,
        min_length=8,
        max_length=128,
        personal=("alice.wonderland", "alice@example.org"),
    )
    assert [p.code for p in problems] == [ErrorCode.PASSWORD_TOO_SIMILAR]


def test_a_password_unlike_every_part_passes() -> None:
    problems = password_problems(
        "quiet harbour lanterns",
        min_length=8,
        max_length=128,
        personal=("alice.wonderland", "alice@example.org"),
    )
    assert problems == []


def test_the_similarity_limit_is_inclusive_and_judged_on_order_too() -> None:
    def similar(password: str) -> bool:
        problems = password_problems(
            password, min_length=8, max_length=128, personal=("abcdefghij",)
        )
        return [p.code for p in problems] == [ErrorCode.PASSWORD_TOO_SIMILAR]

    assert similar("abcdefgxyz")  # 7 of 10 in common and in order: a ratio of exactly 0.7
    assert not similar("abcdefxyzw")  # 6 of 10
    # The same letters in another order share them all, but not their order: not similar.
    assert not similar("jihgfedcba")


def test_an_empty_password_is_required_under_the_configured_rules() -> None:
    settings = Settings(_env_file=None, password_min_length=20, password_max_length=64)
    empty = configured_password_problems("", settings=settings, personal=())
    assert [(p.code, p.message, p.field) for p in empty] == [
        (ErrorCode.REQUIRED, "This field is required.", "password")
    ]
    short = configured_password_problems("nineteen characters", settings=settings, personal=())
    assert [(p.code, p.field) for p in short] == [(ErrorCode.PASSWORD_TOO_SHORT, "password")]
    long = configured_password_problems("x" * 65, settings=settings, personal=(), field="new")
    assert [(p.code, p.field) for p in long] == [(ErrorCode.PASSWORD_TOO_LONG, "new")]


@pytest.mark.parametrize("name", ["victim\u3164", "\u115fvictim", "vic\u1160tim", "victim\uffa0"])
def test_a_name_with_a_character_that_shows_as_nothing_is_invalid(name: str) -> None:
    with pytest.raises(DomainError) as raised:
        clean_username(name)
    assert [(e.code, e.message, e.field) for e in raised.value.errors] == [
        (ErrorCode.INVALID_USERNAME, INVISIBLE_MESSAGE, "username")
    ]


@pytest.mark.parametrize(
    ("name", "look_alike"),
    [("ape", "\u0430\u0440\u0435"), ("victim", "vict\u0131m"), ("Iris", "lris"), ("m", "rn")],
)
def test_names_that_look_alike_share_a_skeleton(name: str, look_alike: str) -> None:
    assert username_skeleton(name) == username_skeleton(look_alike)
    assert username_columns(look_alike) == {
        "username": look_alike,
        "username_key": username_key(look_alike),
        "username_skeleton": username_skeleton(name),
    }
    assert username_skeleton("victim") != username_skeleton("victor")


# U+FDFA, an Arabic ligature, folds to 18 characters; U+0628 (beh) to one. A Hangul syllable
# such as U+AF66 folds to itself, and its skeleton is its six jamo.
LIGATURE, BEH, SYLLABLE = "\ufdfa", "\u0628", "\uaf66"


@pytest.mark.parametrize(
    ("name", "key_length", "skeleton_length"),
    [
        (LIGATURE * 26 + BEH * 12, 480, 480),
        (SYLLABLE * 80, 80, 480),
    ],
)
def test_a_name_whose_folded_forms_just_fill_their_columns_is_valid(
    name: str, key_length: int, skeleton_length: int
) -> None:
    assert (len(username_key(name)), len(username_skeleton(name))) == (key_length, skeleton_length)
    assert clean_username(name) == name


@pytest.mark.parametrize(
    ("name", "key_length", "skeleton_length"),
    [
        (LIGATURE * 27, 486, 486),
        (LIGATURE * 26 + BEH * 13, 481, 481),
        (SYLLABLE * 81, 81, 486),  # only the skeleton outgrows its column
        (SYLLABLE * 120, 120, 720),
    ],
)
def test_a_name_whose_folded_form_outgrows_its_column_is_invalid(
    name: str, key_length: int, skeleton_length: int
) -> None:
    assert (len(username_key(name)), len(username_skeleton(name))) == (key_length, skeleton_length)
    with pytest.raises(DomainError) as raised:
        clean_username(name)
    assert [(e.code, e.message) for e in raised.value.errors] == [
        (ErrorCode.INVALID_USERNAME, ErrorCode.INVALID_USERNAME.message)
    ]


def test_text_with_a_nul_is_no_stored_text() -> None:
    assert has_no_nul("plain text") is True
    assert has_no_nul("a\x00b") is False


def test_text_that_is_no_address_is_looked_up_lower_cased() -> None:
    assert stored_email("Not An Address") == "not an address"
    assert stored_email(" Bob@Example.COM ") == "bob@example.com"
