from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE INDEX IF NOT EXISTS "idx_users_is_acti_7a996a" ON "users" ("is_active", "id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_users_is_acti_7a996a";"""


MODELS_STATE = (
    "eJztXG1T2zgQ/iuafDk6AwzkgDLtpwChzRUSBtK7TkvHUWwlUXGk1JIJmZb/fivZjl+T2p"
    "kkBE8+gVe7kvysXvZZyflVGXKL2GK/NqJt/kBY5R36VWF4SOCfVNkuquDRKCxRAom7tlbG"
    "I2pIpabFuCukg00JJT1sCwIiiwjToSNJuWqlUmOodtNA2uQ94syeICoFuvtY26senyAq0A"
    "MZyV0kOMLIJviBWEg3hvoOZqDJuBxQ1t9XzVnchPbgaek1u4z+dAm8WZ/IAXGg/m/fQUyZ"
    "RZ6ICB5HD0aPEtuKwUctVYGWG3Iy0rIGk5daUXW6a5jcdocsVB5N5ICzqTZlUkn7hBEHS6"
    "Kql46rwGSubfvIB/h6PQ1VvC5GbCzSw66tXKKsvQ6EsophNFtt467eNoxKyl2BRQRnX2Ry"
    "plwNXRX67fuqC3vVw6O3R6d/nxydgoru5lTy9tlrOgTGM9TwNNuVZ12OJfY0NMYhqNqrxg"
    "CLQRrc8wF2stGNWyVQhu4nUQ4w3VyYh/jJsAnrywE8nhzNwfTf2u35x9rtzsnRG9Ugh2np"
    "zdimX1LVRQr2EGbTIQoKA8s0zBdQIumQZEMdt0xAbfmm+8E/iwAfCELkwyVmHdDDC1otWF"
    "V8l8+Bvt24rt+1a9c3qrmhED9tjV+tXVclVS2dJKQ7Jwk3TStB/zXaH5F6RF9bzbqGlwvZ"
    "d3SLoV77a0X1CbuSG4yPDWxFRmcgDVCLed3GQhquWMjvSdsleN7v8qY4/pU4OsBkrqcd8g"
    "hL4iJ+jltuvbzJXobp6BiFwpCIxZ9jkdewWC8hHFEBXu8hMxpRcKXRveQOoX32iUw0yA3o"
    "EWYmyQDVj7A/+9W8MnCfg9ETSMPZ7ODxNCKODip4d3hjIr14rXZ3XruoVzTCXWw+jLFjGT"
    "GoVQmv8oRkqpsuGlaHSQlmuK/BUW+h+uyj3nJllz9dEyGwHiUp4hNX2J3HfrhWNYaebl4K"
    "hIaY2mjsUCkJQ5QhoBhIQCcARswEGIMmwkLLzQFmfSgZYIlMrHZaoDUZ7GcJld6ze9bpgF"
    "+hBtnpKMqklMcDDiTJITDaHFD0XxbtUAltThCUWsCoHolDe9TEuhkToHqDMLNUHTC2oYF7"
    "xmEy6AqDGqBMQEvvUafji2C4QLswbybCJ2qwLELDQN3ISGg+1+n4ntlrXHQ60OcaiJQOAA"
    "G2Dh+jLrE560PnORQB0xPE4GOYYlDsMgko+VLL0I+dznuEe5I4Hh6YTaBVG0/umXo9CUQR"
    "Gka4D0M9Jzf8BuQCS1ePB0aeJOyakgxH6m/l+5Y4rpM4hgOrCHGMW5WOOFaPj3MwR9CaSR"
    "112XMitjTpiBKWEVrOBjpmtBycXzr0SCCdh6OD1hykUyxduN0fxCyEc8SklCivYDz7+2Aa"
    "5Tas6DOSIKHJQii/Ik5U/9KO0aEAyp3r2pc3MUp01Wp+CNQj0J9ftc6S43q6aaaHdZ25w1"
    "RYHR/iU+v1jfDKyAs8KsU8ULmpNy8azQ/vkG9/z+4CiYhI2vpR3rPLWuOqfqF6QG1iJYO/"
    "PFPk8CTHDDlMstZwgqiiuLf8mCbDXzODlqjJ+njmwUaHLiGgyUgxhev8DE2GeQnTsGXK00"
    "SoSZG9PGFWhp0msVYdHORZrA4OZq9Wquw5DbbP+AonuRO22/TnRk8rdSRBHIdnzKrZsVvc"
    "qgyTat3h2/bwcPb6Vt7DQxWgLuDyiNl2Nd201TR19PEymfobjwrdkj5V6PpeSOXrs9R252"
    "XtfdJlOBGL3Ln7qBEaYyqhJtTjjk5Ok6EmaDr/7d9B0ul2ePwrdRUpK4m/5Nq315g2Kxut"
    "jsT0/wXC/ahNCXN3h9VcwX51TrBfTQX7eqYUAXlqsCqEXzLZv4IUtFpzCl/HixmV7lBlex"
    "tvG1AvI6AmTyMKtS3g9bhlCb3+Sryc95LWIjN7e9Vyg/27IbxJ3yvLIErBfbPZzEjFmvk/"
    "5MCmyV0m91GnEwSpxgOZhDeHTCzIXo/bFpCWQMO7ZDN0hURdgryRl/kxx3Jrz3Nph8LSaU"
    "r6qGcOUJrtVZ0tOVp7YLN6chSdTYtgHdiVLoI/Os2DNmjNRFuXvSgVTe7oGwTvSojoCAsx"
    "5rBjFiWjKcNSLh+nuZaP0znLx2kKcYf3qE0MOvSvR+dGPGlYhkO2OODHuU6uj+ecXB+nT6"
    "67mDF1k74o3km7Ldz54Ka8yLmxr14GcNd9YDwmXUFloTEdMSkD4msYzjFSE4f5jHObYDaD"
    "tUTtElh3wXBVm2MQn6x3fJ+1Wlex8X3WSA7gz9dnddgsNfagRL2PmdLX+FT6xfjBKSMZJH"
    "F+cidhWsIMXsnytgUSPonfMsi4Nnvm211+uiX29Bg7+9PB6I9zvLIhMOvzwedVpsRqxKHm"
    "oJL1Mydeye7cHzkJdf6UF5sNw/YsfrPSTY/EEf4cyxt9RExKyBZX8hWNmlQFEPbVS4juSi"
    "41z/xG6Z+7VrPoN0oWNSX6jWwqXuMn/3PAVWDMJy9JnpKIDlQFZ1k/CbDO853n/wEuT0Qn"
)
