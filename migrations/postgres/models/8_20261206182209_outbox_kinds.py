from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "outbox_messages" ADD "ordering_key" VARCHAR(100);
        ALTER TABLE "outbox_messages" ADD "kind" VARCHAR(16) NOT NULL DEFAULT 'mail';
        ALTER TABLE "outbox_messages" ALTER COLUMN "recipient" TYPE VARCHAR(2000) USING "recipient"::VARCHAR(2000);
        COMMENT ON COLUMN outbox_messages."kind" IS 'MAIL: mail\nEVENT: event\nWEBHOOK: webhook';
        CREATE INDEX IF NOT EXISTS "idx_outbox_mess_kind_271f20" ON "outbox_messages" ("kind", "status", "next_attempt_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_outbox_mess_kind_271f20";
        ALTER TABLE "outbox_messages" DROP COLUMN "ordering_key";
        ALTER TABLE "outbox_messages" DROP COLUMN "kind";
        ALTER TABLE "outbox_messages" ALTER COLUMN "recipient" TYPE VARCHAR(254) USING "recipient"::VARCHAR(254);"""


MODELS_STATE = (
    "eJztXetz2rgW/1c0fGk6QzIJTdJs+om0tM3dJnQSuruz5Y4RtgBtjMTaIpTZ2//9niM/8A"
    "sX00DA60/B0jl6/I4e5yEp/9TG0mK2e9Sc8I58YKJ2Sf6pCTpm8COVVyc1OpkscjBB0b6t"
    "iemEGwrJdDLtu8qhpoKcAbVdBkkWc02HTxSXWEutKUjz8zXRLG+IFPaccOWS+4/Nw8bZOe"
    "EueWATVSeuJJTYjD4wi+jKyNChAiiFVCMuhkdYnSVNqA++nrTkruiKJnHkDHmgF5KoESPU"
    "NOVUqBcueeRsRuQASnGZ60K/LslsxATURvpsSEU9/JxRl9jUVWTqMqveFVRYZODIMRBwc0"
    "RMmzOhyAHkOoQO8TdSUMtyoOA6cdgAfoygnVCOKanjMugU/O71sFQDSzWo6vVeajSmgv89"
    "ZSCNIYMGO4DJ1/9CMhcW+8bc4HPyYAw4s62YyLmFBeh0Q80nOu1aqPeaEIHuG6a0p2OxIJ"
    "7M1UiKkJoLhanQCeZQxbB45UxxAIipbfujJRgTXksXJF4TIzwWG9CpjcMIub0GLNJqhnHb"
    "7hj3rY5h1FJDLOCIjA0/yZQChyc01dW9H2ITDhsnp69PL16dn14AiW5mmPL6u1f1AhiPUc"
    "Nz26l91/lUUY9CY7wAVY9EY0TdURrctyPqZKMb50qgDM1Pohxgurswj+k3w2ZiqEbweX6a"
    "g+lvzbu3H5t3B+enL7FCCUuJt8rc+jkNnYWwL2A2HYZQwERIw/wOchQfs2yo45wJqC2f9S"
    "j4sQ7wQcIC+cWyuA3ooYNWG1ZCX+Q50Heub1r3nebNZ6xu7Lp/2xq/ZqeFOQ2dOk+kHpwn"
    "xBQWQn6/7nwk+En+bN+2NLzSVUNH17ig6/xZwzbRqZKGkDMDlr7F6AxSA9RiUo8ugEXlnu"
    "R9Asn7Td4Vwe+JoANMciXtsEdYEteRc5yzkvIuSxl1IEPrQEU2yzjXWpvljsk0vls2zs5W"
    "2C6Baul+qfMSG6ZWOw0+KYJ0jKl8QD+9WqKHZiG9OsLxY+V6H7SPJ9Cv0WIZPGSq1whXGt"
    "330mF8KH5lcw3yNbSICpNlgOqbuV/8YvYM3O/B6AlSFzPMobPQxIsOKug79Jgpb6Y37982"
    "37VqGuE+NR9m1LGMGNSYIxsykRLSprPGjXEyhQpYnS2/F9hmH/XWmHIbVhuhx0jK9xDNru"
    "e5HxgSGqamXNUDAXY1iNAFUROPURvzImLhhxb4jHIFUiAD6WgngAktIFgl+g48v4BAZ4Bg"
    "Gf6IzdSD3glU6UO6FykfxxEJ69YlYp1eTcBEFaE22gVzAkZmpD1dAewzhyvFREjCvk24wy"
    "ztNdG8falG5AEGvYu9CWpxpkK3xwUxEphxio1ht3Art8QOuiVgIBl62hTZ/mNMT+OUeO7d"
    "KaForaIAAFWOopX2TMDsLOz/iTFV7p/K/fPTOkIp7ENvI3LXEHOcczti3uYEK5OU13ToVb"
    "68/ZFvZRT/tHZXGcXlNIrbU9WX327ATqPZZnGcoJ5nGEtNaow92pVNY58+tAN5xK4DZuEC"
    "PxBjEFrbn55dqy1Dk+IyTLi6JFTbrnUwLjOs4qeuoivYow6d96HPkI7CrRNtSAOLzgMTGQ"
    "Dij8yZozkNZjSZsf5IygfChDWRMFK0Xd3rwdCBNqleD23pGRbAQ16o+cCr9gXmSZuB/QsD"
    "HTP8TtX9yP6YgnUtbYvQrgBOPuAm1Z1C7f4NGt1Bu/5z374Fo9qav9Sxf6gNJhx2UsIExT"
    "ME3H1Dej2/fBi00DSYvXO33hX6JAOsztAIsPvZxNUHHno9f4AcXr8DYgCi1/N7e4jsR/Dt"
    "MJNPeNhRr1eBk6ArPJ9BAA208svdpzqwudP+X8xEphAHP4n4LH6vcDk5In47gAisHXRvUI"
    "2xdAAz+DQe2ByKOkBxoNCAT/O79UBIQQsAG4dFxIB56McguKPX/RGEzYaC8eccxOuEIwzd"
    "IdB2KAwqhQrxZEef2VIMXayo17MZIG7IGax1kD0VitvYTp1sGfq71wOpDRTzRxUVcwDeBi"
    "mjpBV90KKiQ1hzVvR5fK2hm2SqJ6Zg3xSoL4qNJ/i3BqRfa+hjwcwcsspvsk2/SSCQtCHf"
    "EtNxamONYRzwbs9zUgucNQWgrt00rz9d6pndFa3fWredS29GdsXvrauP7favl8G6mVzXV7"
    "H9T85XsP1PkurpwvbHrLjtv1gVi3hY4lylc7FsJGYYbhhFgI4xldFpeHx8vArUQLYca50Z"
    "B9vfU4tAHWEpI9AbCYN7ql4a5Q7ss8t8syFLGULgeZ6F1h+dmFMhgPLgpvnHy5hj4VP79k"
    "NAHoH+7af2VQLxqOJXZHAn+cqAfWJrXGkhOclZR04ylpFQc1xHZVlwb1FpmXhKelG95XPr"
    "9t317YdL4vN3xX2Q4kZSOvoTtJn3oOe03mELMMK6G7qMr9hnyGup5h5l2Z5z7Hin9fdonD"
    "NuLqVwzfcpZ7BXIaKddi5HzPgiu0uCrdpcVtpcos6RolMryVvFbHZ6WuFpeeY4MmNWLVeV"
    "41xlmFTb1pargw3L17fy3mtBBXUNkUfYqtV011bTVLz2ecKLn6nrzsCWvmMuU7WM8GKcoJ"
    "4XXpz4pAaGn9Tqd3+Zf6g14D/U/H5YTP7gWGs6mPgEBVbHU3crzFIdmqwOTVa6xUZ0i/06"
    "Q1mpGAVUjOoQ5b9Kvls+RLljwizVGcodw3bPj1B+9sI9d2zIsf1+79OWTgZZPdfe8RjA3F"
    "lwFLhvuGCKXfXD43qBAbOuCfTUpVf2UGUP7R7IlT1U2UOVPVTpy5U9VMk3yx7SvwtskFGe"
    "Eh6YPGmsFPJv5IT8G6mQf+FHAzb+YMBzHrJ+ovcCdiQ2pI3VDEMpMGKXW0Y4k1aP//hvje"
    "AdpGAK+teAuH/di7rscCBtC4yWgMK7czOeuvjAKvHGQ2Yw6GlLX+USDwcdwFT8US8kYNJU"
    "d3K2ahxVS/92lv7obFoH6586ub1jQzqG9unFKmgD1VK0dd6zbrRJ1XSH4N3Iszzh2YWiXp"
    "UUYymXj4uVlo+LnOXjIoW4IwfcZgYf+/fWV0Y8yViGg4RxwM9WOp17lnM69yx9OrdPhUD/"
    "fFG8k3wV3KvBzWUa5eVnY33yMoC77UOxM9Z3uSo0piMsZUB8C8MZrzmCVVP8lcAUY/kA39"
    "BDgR5uEwCr0NhOMZYQ8NWuWOdcsM58mRnqHPBhkVU7wVYGpLe9enuv9QqpwgdxMq47Xklp"
    "MypyLJ10CQlh9KGITWniYcp25XHVbn+KyePqOgn4l5urFqjmWjhAxL0DGemLkRZ1Hgw1Yl"
    "luk1zw44wV5gUwj/kJC0Ae49si4oHJv7eAY2jO+EtywTL8rvmBvwRrCaO7JYvpF4ihJP47"
    "V9b24/O9//WO2eHJsOwjftF/kbdnQ2DZOb+M/Tryuv76UCVe9C8jWhl3otbHK3UXay81yz"
    "Rgmw5ivsUAYG1JJNPLrP8onGnoKOKKQc22YPpFwQNukZOXl2QEv8f4PqAOjOqHC70dvI4P"
    "q4G5hvsK6c8BDj4cIokUfrzS7fXSYc0NlL9rRzx3P+az4TDmUtWQD5c//rJMLdzrd5F/aT"
    "RevXrdOH51fnF2+vr12cVxiHU6Kw/0q+sPiHtMDVly8v95Tlw0mcPNUdZK5efkLlN0QfOj"
    "FWq5CHZtHfi3n2Z4hCXaVwpWdQBGWEoYjNzIu384qQog7JOXEN2NvAu09FVFfOh6uRM7+1"
    "VFi5uK/I/Y3N3HLS0HXAQj37uadKTW45YyFnD13JvZ9/8DUQOZ2Q=="
)
