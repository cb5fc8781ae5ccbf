from tortoise import BaseDBAsyncClient

from models.counts import DROP_USER_COUNT_SQL, USER_COUNT_SQL

RUN_IN_TRANSACTION = True

# aerich wrote the table; its row and the triggers that keep it are models.counts' SQL,
# which the tests also install. The row starts at the count of the users already there.


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "user_counts" (
    "id" INT NOT NULL PRIMARY KEY,
    "active" BIGINT NOT NULL
);
COMMENT ON TABLE "user_counts" IS 'One row (id 1): how many users are active, maintained by triggers on ``users``.';
""" + USER_COUNT_SQL["postgres"]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DROP_USER_COUNT_SQL["postgres"] + """
        DROP TABLE IF EXISTS "user_counts";"""


MODELS_STATE = (
    "eJztXG1z4jYQ/isavjQ3k9wkXN5694kk3B3tJWQS+jJtOkbYAtQYiVriCNPmv3cl2/jdZ9"
    "NAwPUnsLQryc9K8j7atf9uTLhFbPG2NaU9/khY4z36u8HwhMCfRN0+auDpNKhRBRIPbC2M"
    "p9SQSkwX44GQDjYl1AyxLQgUWUSYDp1KylUvjRZDrdsO0iofEGf2AlEp0P3n1kHz5BRRgR"
    "7JVO4jwRFGNsGPxEK6MzRyMANJxuWYstFb1Z3FTegPrl685Rmjf80I3NmIyDFxoP3f/4Bi"
    "yizyRIR/OX00hpTYVgQ+aqkGdLkhF1Nd1mHyoxZUgx4YJrdnExYITxdyzNlSmjKpSkeEEQ"
    "dLopqXzkyByWa27SHv4+uONBBxhxjSscgQz2xlEqXtDiAoaxjGTbdn3Ld7htFImMvXCOHs"
    "FZmcKVPDUIW++5EawkHz6Pjs+Pzd6fE5iOhhLkvOnt2uA2BcRQ3PTa/xrOuxxK6ExjgAVV"
    "vVGGMxToJ7OcZOOrpRrRjKMPw4yj6m2wvzBD8ZNmEjOYbL0+McTH9u3V1+bt3tnR6/UR1y"
    "WJbuir3xapq6SsEewGw6REFhYJmE+QpqJJ2QdKijmjGoLU/1rf9nFeD9ggD5YIvZBPRwg1"
    "YXdhXP5DnQ9zrX7fte6/pWdTcR4i9b49fqtVVNU5cuYqV7pzEzLRtBv3R6n5G6RL91b9oa"
    "Xi7kyNE9BnK93xpqTHgmucH43MBWaHb6pT5qEavbWEhjJlaye1z3BSzvDXlbDL8jhvYxyb"
    "W0Q77ClriKnaOatZW32cqwHB2jlBsS0vi2L7ILm/ULuCPKwRs+pnojCq4kuh+5Q+iI/UgW"
    "GuQOjAgzk6SA6nnYP3nN7Bi4z/7s8UuD1ezg+dIjDk8quHe4YyJdf611f9m6ajc0wgNsPs"
    "6xYxkRqFUNb/JYyVI2WTVpTuIlmOGRBkfdhRqzh3p3Jgf86ZoIgfUsSRCfqMB+HvvhWtSY"
    "uLJFKRCaYGqjuUOlJAxRhoBiIAGDABgxE6AMkggLXW6OMRtBzRhLZGL1pAVak8J+XqDRB/"
    "bA+n2wK7Qg+31FmZTwfMyBJDkEZpsDgt7Noj0qoc8FgloLGNVX4tAhNbHuxgSo3iDMLNUG"
    "zG3o4IFxWAy6Qb8FqBPQ0wfU73tFMF2gX1g3C+ERNdgWoWOgbmQqNJ/r9z3LHHSu+n0Ycw"
    "uKlAwAAboOn6MBsTkbweA5VAHTE8Tgc1hiUD1jElDySi1DX/b7HxAeSuK4eGC2gF5tvHhg"
    "6vYkEEXoGOERTPWC3PB3IBdYzvR8YORJwlNTkslU/Tb+qInjJoljMLHKEMeoVuWIY/PkpA"
    "BzBKlM6qjrnmO+pUmnlLAU1zIb6IjSy+D82q5HDOkiHB2kcpBOsHQxG/xJzFI4h1QqifIa"
    "5rP3HEyi3IMdPeMQJFBZCeUd4kTtX3sROuRDuXfd+vVNhBJ96d588sVD0F9+6V7E5/XyoZ"
    "mc1m02myTc6ugUX2pvboY3pq7j0ShngcZt++aqc/PpPfL0H9i9XyJCJT19KR/Yx1bnS/tK"
    "jYDaxIo7f0WWyNFpgRVyFGetwQJRVVFreT5Nir0ynZawyuZ45uFWuy4BoHFPMYFr/glNin"
    "oFj2GrdE4ToiZlnuUxtSo8aWJ71eFhkc3q8DB7t1J1z0mwPcZX+pA7plsff271slIhCeI4"
    "PGVVZftuUa0qLKpNu2918DB7f6tu8FA5qCuYPKRW76bbtpsmQh+vc1J/i4WYc8e6I4LIRs"
    "pJfVRgP++kfuqJGupAWRZPViITTbmQr3+g9fUBt5dkpM/T4fK7RK5Rao7Sf26wTk3arhNm"
    "ZarSmUkRpcqdL9eJSbVv8RK+BXmaUmhtBatHNSto9R2xctF8lVVWdp11tjv23XA+0pYZs1"
    "LpSFuG7Y5nI9264Z47MqJq/N7dJ5lOith+Lt9xFYDuBBqF85PCSmiOqYSW0JA7OgHHJzCr"
    "UqCXbr3mQ9vFh9RC0/8T0GbTobBOBfMTjpqFAhrNnIBGMxHQ0CulDMhLhXUh/JoJTWtIs6"
    "mJfU3sa2JfE/ua+NXEvrbvlsWGNFlNIUo+ic1mRsrXLB7/wabJZ0y+Rf2+76Qaj2QRvB1h"
    "YkEOhty2gLT4Eu6LBJOZkGhAkDvzUoNBL9t6kRcTKGydpqRf9coBSlO/jlCTo407NusnR+"
    "HVtArWvl7lPPjj8yJog1Qm2rruValo/Im+RfCuhYgucxfKktGEYiW3j/NC28d5zvZxnkDc"
    "4UNqE4NOvFdACyMeV6xCImEU8JNC2bknOdm5J8ns3AFmTJ3Pl8U7rlfDXQxuypMoZ+fGeu"
    "JVAHfTSbFzMhBUlprTIZUqIL6B6azeuwNWY5T2QxKK1QN8TUfjLm5TAKvU3E4oVhDwIhM8"
    "h82kkxkV4B7SUZldO6ZWBaQ3vXvrfcFgXC4/bZHyuuMF5zbBLIfpJFuIGWMATazLE1+WbN"
    "YeF93ul4g9LjpxwH+6vmiDa66NA0LUTchIvhhpYefRkGOSdmySC35Usca8BOaRc8ISkEf0"
    "Noi4T/l3FnAV0TD+5JSRlHPX/HhJTLWCQbGKhUJLxFBin0BNe/x4eh9/vCP2MjMsPcUv/E"
    "3fHZsCWXl+6SdlwVs+q4OVeLtoJ32lJGDrDstdqpBWIyM251bufytAZ+i4WMEwXZcR/d2v"
    "PWqhozfv0Rj+T9RnvHSoD2GHIPeZtK8+kgYERO2UaLAAOOhopEQ48yJwot9PBurW0P62JS"
    "1ufxRjzYG5TGeHjrI/Z5Ll6Oz0RzO/bzbfvTtrHr47PT85Pjs7OT9cYp2sygP9ovNJ4R55"
    "sGbksr9ODkGLONQcp+1UXk3uNoUDmW/tUNkm2LZ94P8en/8KW7TnFBQ90gqpVDC8tpZPq6"
    "lFVQJhT7yC6K7lSzeZH6774b57k30sm/7hOouaEv2DbCp28ZGWA64CI/+8MH40uB/lfqqB"
    "i9d+mD3/C4jyorE="
)
