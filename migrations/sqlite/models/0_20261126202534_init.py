from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "pending_registrations" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(120) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP
) /* A registration waiting for its emailed code; only the code's SHA-256 is kept. */;
CREATE INDEX IF NOT EXISTS "idx_pending_reg_email_1de334" ON "pending_registrations" ("email");
CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "username" VARCHAR(120) NOT NULL,
    "username_key" VARCHAR(480) NOT NULL UNIQUE,
    "email" VARCHAR(254) UNIQUE,
    "password_hash" VARCHAR(128) NOT NULL,
    "profile_image" VARCHAR(500),
    "banner_image" VARCHAR(500),
    "bio" TEXT,
    "website" VARCHAR(500),
    "is_active" INT NOT NULL,
    "date_joined" TIMESTAMP NOT NULL
) /* An account. ``username_key`` is the case-folded username that must be unique. */;
CREATE TABLE IF NOT EXISTS "api_tokens" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "last_used_at" TIMESTAMP,
    "revoked_at" TIMESTAMP,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
) /* An API token; only its SHA-256 is kept, so a leaked table grants nothing. */;
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztml1z4jYUhv+KxjfNziSZDYUs016ZLGnoJpBJvO3OdjqOsAWo2JLXEiHMNv+9kmzjb6"
    "+hJAGGO1s6R5KfI8nnlf1dc6mNHHaqe9igU0S0X8B3jUAXiYtc3THQoOfFNbKAw6GjjKGH"
    "TS7NVDEcMu5Di4uaEXQYEkU2YpaPPY6p7EXTCdBve0C5/AoocRYAcwbur/STRuscYAamyO"
    "PHgFEAgYPgFNlAdQbGPiTCklA+wWR8KruzqSX6E3cbb3lG8LcZEk82RnyCfNH+X3+LYkxs"
    "9IRYdOtNzRFGjp3Ch23ZgCo3+cJTZT3CL5WhHPTQtKgzc0ls7C34hJKlNSZclo4RQT7kSD"
    "bP/ZmESWaOE5KP+AYjjU2CISZ8bDSCM0eGRHoHA4jLNNPsDwzzvmuYppYLV+SR4BwWWZTI"
    "UIuhMvX0YzmEk8ZZ80Oz/fN5sy1M1DCXJR+eg65jMIGjwtM3tGdVDzkMLBTjGKqKqjmBbJ"
    "KHezGBfjHdtFeGshh+lnLEdHsxu/DJdBAZ84m4PW9WMP1Dv7u40u+OzpvvZIdULMtgxfbD"
    "moaqkthjzJaPJAoT8jzmj6KGYxcVo057ZlDboetpdLEO+KggJh9vMa+BXjygPRC7ShjyCv"
    "RG76Z7b+g3t7I7l7FvjuKnG11Z01Cli0zp0XkmTMtGwJ894wrIW/B10O8qvJTxsa96jO2M"
    "r5ocE5xxahI6N6GdmJ1RaUQtFXUHMm7O2Fpxz/puIPLhkLcl8DsS6IhJZaR99Ci2xHXinP"
    "Y8RHmboyyWo2+ulIYkPH6ci+zCZr2BdEQmeKNpYTYiceXpXlIf4TH5hBYKck+MCBILFUAN"
    "M+zPYTM7Bvc5mj1RabyafThfZsTJSSWeXTwx4kG+pt9f6B+7miI8hNZ0Dn3bTKGWNbRBMy"
    "VL23yV23CzJZDAsYIjn0KOOaR+i4gtHu8OjbEcf/j0OflTZHZcpYS8wMH0Ex51RRFIOoE5"
    "xFy0BEbUVxIGuRA7Qq1YotNQ2QhRom5/ygmcAmG06dYP4mi7xJFcaOo6h7ZcGiV9NiOM3n"
    "rLT0mjs8b7GtpIWJWKI1WXVkdqpawCeenwUoTfTns2WnXEp7AqBazqMvJT7Dkri/yU00Hj"
    "HzT+/0C/vxofPXlYtLZG1NOeexj1HYlyXem3zso+HOBscXxzQvRtdJNSqwVCKVKx5cpI5p"
    "r1Pw9By6Izwk/Bw0OUpJpTtHh4kBpEKRPI0MmIOrYQLZGFqIAcuDPGwRCBYOYVfiLabOsH"
    "JXRQQlv3PnsFJZRcOuuwjvz2Ll1vtuvQFlaltFXdm+rO7Ot7i/C+iOr0IGNzKl6PqyrPnO"
    "Nebh/tWttHu2L7aOeI+3SEHWRiV6QaKxHPOm5kgm8V8Nb7OjuIsCoFrurSwIeQEHkYvyrv"
    "rN8Bdz3cmOYpG+ipJLsLzfcBbpXW6n4xUjIrQnh0o395l5Ja14P+b5F5AvnF9aCTIT1HQ4"
    "b5SnM64bIPxF9hOmNmCtGGHwswdyh1ECQlqiXpl2E9FI4v9XKM8pPXnd+dweA6Nb87vewE"
    "/nzT6YqXpWIvjHDwPTSSNTFwedZi/kMxQQUisfokJ+O6h8d1e3ZIu8LpTuZ3SFawHEO/y0"
    "93yFl+sy7++yD5f++OTYGyPxCeX/L8S0c+tiZa0Z/SQc1x5X/Ssc2PDsHKMRyOm7bruOkR"
    "+SxcY3Wzj4TLHqrFRqtVS5+3KvR5K5t+yEW1AuHQfA/pntVK7s4qkruzfHIneuSIFHwx+v"
    "1+0C/74r50yeYX2OLgX+Bgtot/DVbAlTCqxUtWp2SyA9lAp+ivwtf8mPP8H11Fn9I="
)
