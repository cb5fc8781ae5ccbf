from tortoise import BaseDBAsyncClient

from models.counts import CHANGES_SQL, DROP_CHANGES_SQL

RUN_IN_TRANSACTION = True

# aerich wrote the column; the triggers that move it replace the first version's
# (models.counts), and go back to those before the column goes.


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "user_counts" ADD "changes" BIGINT NOT NULL DEFAULT 0;
        COMMENT ON COLUMN user_counts."changes" IS 'Moves whenever the set of active users changes.';
""" + CHANGES_SQL["postgres"]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return (
        DROP_CHANGES_SQL["postgres"]
        + """
        ALTER TABLE "user_counts" DROP COLUMN "changes";"""
    )


MODELS_STATE = (
    "eJztXet32rgS/1d0uB+anENyGpqk2fQTaWmb27xOQnf3bLnHCCxAi5FY24Rydvu/3xlZNn"
    "7hYhqo4/WnBGlGj9/oMTMayX/XJtJklnPYnPK2HDNROyd/1wSdMPgnkVcnNTqdLnMwwaU9"
    "SxHTKTdcJFPJtOe4Nu27kDOglsMgyWRO3+ZTl0uspdYUpHl3SRTLGyKFtSDcdcjDx+ZB4+"
    "SUcIeM2dStE0cSSixGx8wkqjIytKkASiHdERfDQ6zOlH2oD349ackd0RFNYss58kAvJHFH"
    "jNB+X86E+8Ihj5zNiRxAKQ5zHOjXOZmPmIDaSI8NqagHP+fUIRZ1XDJzmFnvCCpMMrDlBA"
    "h4f0T6FmfCJXuQaxM6xP+RgpqmDQXXic0G8M8I2gnl9CW1HQadgv+7XSzVwFIN6na7+wqN"
    "meB/zRhIY8igwTZg8uV/kMyFyb4yx/85HRsDziwzInJuYgEq3XAXU5V2Kdz3ihCB7hl9ac"
    "0mYkk8XbgjKQJqLlxMhU4wm7oMi3ftGQ4AMbMsPVr8MeG1dEniNTHEY7IBnVk4jJDba8Ay"
    "rWYYN7dt46HVNoxaYoj5HKGxoZP6UuDwhKY6qvdDbMJB4+j49fHZq9PjMyBRzQxSXn/zql"
    "4C4zEqeG7atW8qn7rUo1AYL0FVI9EYUWeUBPftiNrp6Ea5YihD8+Mo+5gWF+YJ/WpYTAzd"
    "Efw8Pc7A9Nfm/duPzfu90+N9rFDCUuKtMjc6p6GyEPYlzH2bIRQwEZIwv4Mcl09YOtRRzh"
    "jUpmY99P/ZBHg/YYn8clncBfTQQfMWVkIt8gzo25fXrYd28/oOq5s4zl+Wwq/ZbmFOQ6Uu"
    "Yql7pzExBYWQ3y7bHwn+JH/c3rQUvNJxh7aqcUnX/qOGbaIzVxpCzg1Y+paj00/1UYtIPb"
    "wA5pV7nPcJJK+bXBTBPxNB+5hkStpmj7AkbiLnKGcl5SJLGXUgQ+lAeTbLKNdGm2XBZBrd"
    "LRsnJ2tsl0C1cr9UebENU6mdBp/mQTrCVD6gn14tUUMzl14d4vi+cv0ctI8n0K/RYhmMU9"
    "VrhCuJ7ntpMz4Un9hCgXwJLaKiz1JA1WbuZ13MMwP3mz96/NTlDLPpPDDxwoMK+g49Zq43"
    "05sPb5vvWjWFcI/2x3Nqm0YEasyRDRlLCWiTWZPGJJ5CBazOpu4Ftlmj3ppQbsFqI9QYSf"
    "gewtn1LPcDQ0KjryjX9UCAXQ0idEDUxGNUxrwIWfiBBT6n3AUpkIG0lROgDy0gWCX6Djy/"
    "gEBngGAp/ojt1IPeCVTpA7oXCR/HIQnqViVinV5NwERdQi20CxYEjMxQezoC2Oc2d10mAh"
    "L2dcptZiqvieLtSXdExjDoHeyNX4s9E6o9DoiRwIxz2QR2C6dySxTQLQEDyVDTJs/2H2F6"
    "GqfEz96dYorWOgoAUGUoWknPBMzO3P6fCFPl/qncPz+sI5TCPvQ2ImcDMUc5dyPmXU6wMk"
    "l5Q4de5ct7PvKtjOIf1u4qo7icRvHtzO3Jr9dgp9F0szhKUM8yjKUiNSYe7dqmsaYP7EAe"
    "suuAWTjAD8R4CK3sT8+uVZZhn+IyTLh7TqiyXetgXKZYxU9dRUewR3V03oM+QzoKt06UIQ"
    "0sKg9MZACIPzJ7geY0mNFkznojKceECXMqYaQou7rbhaEDbXK7XbSl51gAD3ih5j2v2heY"
    "Jy0G9i8MdMzQnarrk/0JBetaWiahHQGcfMD7VHUKtfs3aHT77frvw+0NGNXmYl+d/UNtMO"
    "GwkxImKMYQcOcN6XZ1+TBooWkwexdOvSNUJAOsztAIsPvZ1FEBD92uHiAHl++AGIDodnVv"
    "D5D9EH7brM+nPOio1yvfSdARns/AhwZa+fn+qg5szqz3J+sjU4CDTiKaRfcKl5NDotsBRG"
    "DtoHuDKoylDZjBT2PMFlDUHooDhQZ8it+p+0LyWwDY2CwkBsxDPwbBHb2uRxA2GwrGfxcg"
    "XjsYYegOgbZDYVApVIiRHT1mSTF0sKJu12KAuCHnsNZB9ky43MJ2qmTTUL+7XZDawGV6VF"
    "GxAOAtkDJK2qVjJSo6hDVnTZ/Hlxq6SWZqYgr21QX1xWWTKf6tAemXGvpYMDODrPKb7NJv"
    "4gskaci3xGyS2FgjGPu8u/Oc1HxnTQ6oa9fNy6tzNbM7ovVr66Z97s3IjvitdfHx9vbTub"
    "9uxtf1dWz/o9M1bP+juHq6tP0xK2r7L1fFPB6WKFfpXCxbOTMMNow8QEeYyug0fPny5TpQ"
    "A9lqrFVmFGy9p+aBOsRSRqC3cgzuqXpJlNuwz67yzQYsZTgCz/IstH5vR5wKPpR7183f9y"
    "OOhavbmw8+eQj6t1e3FzHEw4pfnsEd5ysD9rGtca2F5ChjHTlKWUYCzXETlWXJvUOlZeop"
    "6Xn1lrvWzbvLmw/nRPN3xIOf4oRS2uonaDPvQc9pvcMW4AlrMXQZrdinyGul5h5m2Z1z7G"
    "Wh9ffwOWfUXErgmu1TTmGvjogK7VwOmfF5dpcYW7W5rLW5hJ0jeadWnLc6syn0tMJoeWbb"
    "MmVWrVaVo1xlmFS71parwIbV61t577WggrqByENs1WpatNU0cV77c44X76jjzMGWvmcOc2"
    "spx4tRgnrW8eJUkxp4/OSuf/eX6aBWn/9A8etjMfmdsNbkYeITFFiFpxbrmKUKmqyCJivd"
    "Yiu6xfOKoaxUjBwqRhVE+a+S746DKAsmzFLFUBYM22ceQnnnHffcsyHH9uveJy2dFLJ6pr"
    "3jMYC5s+TIcd9wyRS56ofher4Bs6kJ9NSlV/ZQZQ8VD+TKHqrsocoeqvTlyh6q5JtmD6n/"
    "c2yQYZ4SBkweNdY68m9kHPk3Ekf+uR8N2PqDAT8zyPqJ3gsoyNnQPZtatM/MO953Zzarpd"
    "hMcZJ6lr1ka2Jj6lGvbStpemW86IdJiJAEb+swmzgjOVcPo1JTvdyqQkjISMJ0xgtQaPl4"
    "pihehUozlp6yeLwxdufdbwIyS3EjCXfVbSwolJr694RRMR+BJXZImoLMprhxgP3lg0NG9J"
    "HhXS45J66UHeFVjJaaR0ssKkxn+QoL5gygOPUIC96GUqkYzuiQoVzep5vTRUfsdbumnODV"
    "JL++6sXYYtp6OeOifyQcutj718laIWsnGSFrJ8mQtWBN2uQlyQhr9YhE0fXB6pGB0jjIiw"
    "buM/eQK9RT1DtfGqt1OuzQ+pE+WrvC2+a+saUvfHN9sZ867GAgLZOZxKfw9JjJzMGn9Ikn"
    "8dSwn6ctfZ3r2twx8GGCRzWgQazV7eudqkaVkb8bIz88mzbB+ofu6BVsSEfQPj5bB22gWo"
    "m2yluBtjPG/cE7hcwNeZj5SSLttwF7rT1iwUoMtq+Fr6/soR2uV+nP7Qfyn1e/EL83+3W9"
    "RJ+jhe7OJUFOzUgtPk7ZGbZQR0fcfL668t5R1da/6W8/dfVmi/9oq0XxfRAwyLEcLOFAla"
    "CLnFCTwbYDxKwjkNyeWYzsTfhQH92e7fuvxyjvwVzaY+/NFJP0LNkfYwv9h2Z3P1J37Pzb"
    "xYj82a6/MLxBPHXek94EYyk3urO1NrqzjI3uLIG4LdGDZvCJfktrbcTjjGW43LQD90uPCo"
    "EWUV6843wV3OvBzWUS5dX39TR5GcDd9UW9Oes53M01pkMsZUB8B8MZn14B+zv/y+UJxvIB"
    "vqXHyz3cpgBWrrGdYCwh4Os9+5Tx6FPq12KgzgEf5lm1Y2xlQHrXq7f3BREh3eCRzpQnWC"
    "6ktBgVGZZOsoSYMHpQxLY08SBlt/K4uL29isjj4jIO+Ofrixao5ko4QMQ9F3jysRaT2mMD"
    "rOI0B18m+FHGCvMcmEc82jkgj/DtEHHf5H+2gOPxsPGn5IKlnBBkH0DHWEsYcVqyOOMccV"
    "2xLwanbT+a7/2ne2YFt1XST1XDn+1+ZkNg1clqyn4d+uLX5lDFvjJWRrRS3mnYHK/E+xDP"
    "UrPMBiw1cHFzyFKCJssyzLYdpPAWT1hqKyIVvMz698IVDHVMs2bQwq1gKgJzj5vkaP+cjO"
    "D/Cb70rgIf1BP0nt5TxyeywcjF3Zj0FgAHHw6RRAodj+B0u8nDqS2UX7QAzuKf6W45TGGl"
    "Qs2Hq5/xXKVMP+vgs18ajVevXjdevjo9Ozl+/frk7GWAdTIrC/SLyw+Ie0R5S+rWqxWCDO"
    "RDTIV9P7V2LR8Zfm+E4XdOvJNmfOEIvyWqBo5ePnRfEsvOzxZSQS44NJnN+6O07UTnZO4l"
    "dEnzvW1k9Twp2mL9bw8pg9nk8HwhNyGWEp6zb+WZfZxUORDW5CVEdyvP8K78iAF+V2r1+U"
    "z6RwxMMFLIP8TiznPUOzLARTCyDw7iZwT1qBMIC7j42ZvZt/8DO5+jMA=="
)
