from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "password_resets" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "password_resets" IS 'An emailed password-reset code; only the code''s SHA-256 is kept.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "password_resets";"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isavlw6k2QSLkkz7SeSkJa7BDIJveu06RhhC1BjJGqJEKaX/34r2cbv1F"
    "AgxONPYGlXkp+V5H1Wa/+sDLlFbLFfG9E2fyCs8g79rDA8JPAnUbeLKng0CmpUgcRdWwvj"
    "ETWkEtPFuCukg00JNT1sCwJFFhGmQ0eSctVLpcZQ7aaBtMp7xJk9RVQKdPextlc9PkFUoA"
    "cykrtIcISRTfADsZDuDPUdzECScTmgrL+vurO4Cf3B1cpbHjP6Y0zgzvpEDogD7X/9BsWU"
    "WeSJCP9y9GD0KLGtCHzUUg3ockNOR7qsweSlFlSD7homt8dDFgiPpnLA2UyaMqlK+4QRB0"
    "uimpfOWIHJxrbtIe/j6440EHGHGNKxSA+PbWUSpe0OICirGEaz1Tbu6m3DqCTM5WuEcPaK"
    "TM6UqWGoQt99Xw1hr3p49Pbo9M+To1MQ0cOclbx9drsOgHEVNTzNduVZ12OJXQmNcQCqtq"
    "oxwGKQBPd8gJ10dKNaMZRh+HGUfUy3F+YhfjJswvpyAJcnR3Mw/ad2e/6xdrtzcvRGdchh"
    "WbortunVVHWVgj2A2XSIgsLAMgnzBdRIOiTpUEc1Y1Bbnuq+/2cZ4P2CAPlgi9kE9HCDVg"
    "t2Fc/kc6BvN67rd+3a9Y3qbijED1vjV2vXVU1Vl05jpTsnMTPNGkH/NtofkbpEX1rNuoaX"
    "C9l3dI+BXPtLRY0JjyU3GJ8Y2ArNTr/URy1idRsLaYzFUnaP667A8t6Qt8Xwr8TQPiZzLe"
    "2QR9gSl7FzVLO08jZbGZajYyzkhoQ0fu2LvIbNegXuiHLweg+p3oiCK4nuJXcI7bO/yVSD"
    "3IARYWaSFFA9D/uT18wrA/fZnz1+abCaHTyZecThSQX3DndMpOuv1e7Oaxf1ika4i82HCX"
    "YsIwK1quFVHiuZySarhtVhvAQz3NfgqLtQY/ZQb41llz9dEyGwniUJ4hMV2J3HfrgWNYau"
    "bF4KhIaY2mjiUCkJQ5QhoBhIwCAARswEKIMkwkKXmwPM+lAzwBKZWD1pgdaksJ8VNHrP7l"
    "mnA3aFFmSnoyiTEp4MOJAkh8Bsc0DQu1m0QyX0OUVQawGjeiQO7VET625MgOoNwsxSbcDc"
    "hg7uGYfFoBv0W4A6AT29R52OVwTTBfqFdTMVHlGDbRE6BupGRkLzuU7Hs8xe46LTgTHXoE"
    "jJABCg6/AJ6hKbsz4MnkMVMD1BDD6BJQbVYyYBJa/UMvRlp/Me4Z4kjosHZlPo1cbTe6Zu"
    "TwJRhI4R7sNUz8kNvwK5wHKs5wMjTxKempIMR+q38q0kjpskjsHEWoQ4RrUKRxyrx8c5mC"
    "NIZVJHXfcc8y1NOqKEpbiW2UBHlFaD80u7HjGk83B0kJqDdIKli3H3OzEXwjmkUkiU1zCf"
    "vedgEuU27OgZQZBAZSmUXxEnqn9uR+iQD+XOde3zmwglumo1P/jiIejPr1pn8Xk9e2gmp3"
    "WdjYcJtzo6xWfam5vhlZHreFQWs0Dlpt68aDQ/vEOe/j2780tEqKStL+U9u6w1ruoXagTU"
    "Jlbc+cuzRA5PcqyQwzhrDRaIqopay/NpUuyV6bSEVTbHMw+22nUJAI17iglc50doUtQLGI"
    "YtUpwmRE0WeZbH1IrwpIntVQcHeTarg4Ps3UrVPSfB9hjfwkHumG4Z/tzqZaWOJIjj8JRV"
    "le27RbWKsKg27b6Vh4fZ+1txDw+Vg7qEyUNq5W66bbtp4ujjZSL1N1iICXesWyKIrKRE6q"
    "MCu/Mi9SNP1FABZZk/WYkMNeVCvv6e1tcBbi/JSMfT4fKPRK5Rao7SbzdYpiZtV4RZmWrh"
    "zKSIUuHiy2ViUulbrMK3IE8jCq0tYfWoZgGt/kqsnDdfZZmVXWadvR77lvlIv+2DlPlIxc"
    "xHunEPfG5Jn6rxe3ef5DopYrtzGY+rAIQn0MidoRRWQhNMJbSEetzRKTg+hVmWBK269ZIR"
    "bRcjUgtN/09Am02IwjoFzFA4rOY60qjOOdKoJo409EpZBOSZwroQfsmUpjUk2pTUvqT2Jb"
    "UvqX1J/UpqX9p3y06HNFtNIUo+i81mRsrXzH8ChE2Tj5ncR52O76QaD2QavB9hYkH2ety2"
    "gLT4Eu6rBMOxkKhLkDvzUo+DVtt6yYRKJrR1z7MNMKHw0lkGa1+vcO760WketEEqE21d96"
    "K8M/743iJ418I6Z6kKizLPhGIht4/TXNvH6Zzt4zSBuMN71CYGHXpvfOZGPK5YhLzBKODH"
    "uZJxj+ck4x4nk3G7mDEVjF8U77heCXc+uClPopydCuuJFwHcTefATkhXULnQnA6pFAHxDU"
    "xnKgz1OvtjCsxnnNsEswzWEtaLYd0FxXU9HH3/ZLPz+6zVuorM77NGfAJ/uj6rw8NSYw9C"
    "1D0PTb6ZpGItxndOGUkhifMjOTHVAobrChakXSC6E/s8W8qbgGee3uXft8SenVmnZx+Evz"
    "f4yqZAVgZCulsfZCAvD1Yi87koiK0zYlgjDjUHlbRvXbo1u3O/dBnI/CpsmA1DGaDbrgDd"
    "I3GEt9Dy+mshlQLy67V8SkEtqgUQ9sQLiO5a3mzN/FDFX3etZlaOQtaHKixqSvQfsql4xY"
    "+VNHAVGPPpXpzZxfwp1cBZWh7mJo+/nv8Hr0jH2Q=="
)
