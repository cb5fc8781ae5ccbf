from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "password_resets" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
) /* An emailed password-reset code; only the code's SHA-256 is kept. */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "password_resets";"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isavlw6k2QSLkkz7SeSkJa7BDIJveu06RhhC1BjJGqJEKaX/34r2cbv1F"
    "AgxONP4NWuJD8ryftIa/+sDLlFbLFfG9E2fyCs8g79rDA8JPAnUbaLKng0CkqUQOKurZXx"
    "iBpSqWkx7grpYFNCSQ/bgoDIIsJ06EhSrlqp1Biq3TSQNnmPOLOniEqB7j7W9qrHJ4gK9E"
    "BGchcJjjCyCX4gFtKNob6DGWgyLgeU9fdVcxY3oT24WnnNY0Z/jAncWZ/IAXGg/q/fQEyZ"
    "RZ6I8C9HD0aPEtuKwEctVYGWG3I60rIGk5daUXW6a5jcHg9ZoDyaygFnM23KpJL2CSMOlk"
    "RVL52xApONbdtD3sfX7Wmg4nYxZGORHh7byiXK2u1AIKsYRrPVNu7qbcOoJNzlW4Rw9kQm"
    "Z8rV0FWh776vurBXPTx6e3T658nRKajobs4kb5/dpgNgXEMNT7NdedblWGJXQ2McgKq9ag"
    "ywGCTBPR9gJx3dqFUMZeh+HGUf0+2FeYifDJuwvhzA5cnRHEz/qd2ef6zd7pwcvVENcpiW"
    "7oxteiVVXaRgD2A2HaKgMLBMwnwBJZIOSTrUUcsY1JZnuu//WQZ4XxAgHywxm4AebtBqwa"
    "riuXwO9O3Gdf2uXbu+Uc0Nhfhha/xq7boqqWrpNCbdOYm5aVYJ+rfR/ojUJfrSatY1vFzI"
    "vqNbDPTaXyqqT3gsucH4xMBWaHT6Uh+1iNdtLKQxFkv5PW67As97Xd4Wx78SR/uYzPW0Qx"
    "5hSVzGz1HL0svb7GWYjo6xUBgSsvh1LPIaFusVhCMqwOs9pEYjCq4kupfcIbTP/iZTDXID"
    "eoSZSVJA9SLsT141rwzcZ3/0+NJgNjt4MouIw4MK7h3umEg3Xqvdndcu6hWNcBebDxPsWE"
    "YEalXCqzwmmekmi4bVYVyCGe5rcNRdqD57qLfGssufrokQWI+SBPGJKuzOYz9cqxpDVzcv"
    "BUJDTG00caiUhCHKEFAMJKATACNmAoxBE2Gh5eYAsz6UDLBEJlZPWqA1KexnBZXes3vW6Y"
    "BfoQbZ6SjKpJQnAw4kySEw2hxQ9G4W7VAJbU4RlFrAqB6JQ3vUxLoZE6B6gzCzVB0wtqGB"
    "e8ZhMugK/RqgTEBL71Gn44lguEC7MG+mwiNqsCxCw0DdyEhoPtfpeJ7Za1x0OtDnGoiUDg"
    "ABtg6foC6xOetD5zkUAdMTxOATmGJQPGYSUPKklqEvO533CPckcVw8MJtCqzae3jN1exKI"
    "IjSMcB+Gek5u+BXIBZZjPR4YeZLw1JRkOFK/lW8lcdwkcQwG1iLEMWpVOOJYPT7OwRxBK5"
    "M66rLnWGxp0hElLCW0zAY6YrQanF869IghnYejg9YcpBMsXYy734m5EM4hk0KivIbx7D0H"
    "kyi3YUXP2AQJTJZC+RVxovrndoQO+VDuXNc+v4lQoqtW84OvHoL+/Kp1Fh/Xs4dmcljX2X"
    "iYCKujQ3xmvbkRXhm5gUdlMQ9UburNi0bzwzvk2d+zO18iQpK2vpT37LLWuKpfqB5Qm1jx"
    "4C/PFDk8yTFDDuOsNZggqijqLS+mSfFXZtASNtkczzzY6tAlADQeKSZwnb9Dk2JewG3YIu"
    "3ThKjJIs/ymFkRnjSxtergIM9idXCQvVqpsuck2B7jW3iTO2Zbbn9u9bRSRxLEcXjKrMqO"
    "3aJWRZhUmw7fysPD7PWtuIeHKkBdwuUhs3I13bbVNHH08TI79TdYiAl3rFsiiKyk7NRHFX"
    "bn7dSPPFVDbSjL/MlKZKgpF/Lt97S93uD2koz0fjpc/pHINUrNUfrtCsvUpO3aYVauWjgz"
    "KWJUuP3lMjGpjC1WEVuQpxGF2pbwetSygF5/JV7Om6+yzMwus85ej3/LfKTfjkHKfKRi5i"
    "PduAc+t6RPVf+9u09ynRS13bmMxzUAwhNY5M5QChuhCaYSakI97ugUHJ/CLEuCVl17yYi2"
    "ixGpiab/J6DNJkRhmwJmKBxWcx1pVOccaVQTRxp6piwC8sxgXQi/ZErTGhJtSmpfUvuS2p"
    "fUvqR+JbUv/btlp0OaraYQJZ/FZjMjFWvmPwHCpsnHTO6jTscPUo0HMg3ejzCxIHs9bltA"
    "WnwN91WC4VhI1CXIHXmpx0GrrT3PqwkUlk5T0kc9c4DSlC8klORo44HN+slReDYtg7VvV7"
    "gI/ug0D9qglYm2LntRKhp/om8RvGshorPshUXJaMKwkMvHaa7l43TO8nGaQNzhPWoTgw69"
    "l0BzIx43LEIqYRTw41z5ucdz8nOPk/m5XcyY2p9fFO+4XQl3PrgpT6KcnR3rqRcB3E2nxU"
    "5IV1C50JgOmRQB8Q0M5wipicJ8xrlNMMtgLWG7GNZdMFzXw9GPTzY7vs9aravI+D5rxAfw"
    "p+uzOjwsNfagRN0j0uTLSmr7xfjOKSMpJHH+5k7MtIA7eAXbt11gwyf2xbaUlwPPPLvLv2"
    "+JPTvGTk9ICH+C8JUNgaykhPSwPkhKXh6sRDJ0URBb5yZijTjUHFTSPn/pluzO/fhloPOr"
    "ncRsGMrshe3aoHskjvAmWt54LWRSQH69lq8rqEm1AMKeegHRXcvLrpnfrvjrrtXMSlvI+n"
    "aFRU2J/kM2Fa/4sZIGrgJjPt2LM7tYPKUqOEtLzdzkidjz/54Xzek="
)
