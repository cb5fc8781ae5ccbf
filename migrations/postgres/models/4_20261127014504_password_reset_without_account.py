from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "password_resets" ALTER COLUMN "user_id" DROP NOT NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "password_resets" ALTER COLUMN "user_id" SET NOT NULL;"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isavlw6k2QSLkkz7SeSkJZrApmE3nXadIywBagxErVECNPLf7+VbON3ar"
    "hAwONP4NWuJD8ryftIa/+qDLlFbLFfG9E2fyCs8g79qjA8JPAnUbaLKng0CkqUQOKurZXx"
    "iBpSqWkx7grpYFNCSQ/bgoDIIsJ06EhSrlqp1Biq3TSQNnmPOLOniEqB7j7W9qrHJ4gK9E"
    "BGchcJjjCyCX4gFtKNob6DGWgyLgeU9fdVcxY3oT24evGax4z+HBO4sz6RA+JA/d++g5gy"
    "izwR4V+OHoweJbYVgY9aqgItN+R0pGUNJi+1oup01zC5PR6yQHk0lQPOZtqUSSXtE0YcLI"
    "mqXjpjBSYb27aHvI+v29NAxe1iyMYiPTy2lUuUtduBQFYxjGarbdzV24ZRSbjLtwjh7IlM"
    "zpSroatC331fdWGvenj09uj0z5OjU1DR3ZxJ3j67TQfAuIYanma78qzLscSuhsY4AFV71R"
    "hgMUiCez7ATjq6UasYytD9OMo+ppsL8xA/GTZhfTmAy5OjOZj+Xbs9/1i73Tk5eqMa5DAt"
    "3Rnb9EqqukjBHsBsOkRBYWCZhPkCSiQdknSoo5YxqC3PdN//swzwviBAPlhi1gE93KDVgl"
    "XFc/kc6NuN6/pdu3Z9o5obCvHT1vjV2nVVUtXSaUy6cxJz06wS9E+j/RGpS/S11axreLmQ"
    "fUe3GOi1v1ZUn/BYcoPxiYGt0Oj0pT5qEa/bWEhjLJbye9z2BTzvdXlTHL8ljvYxmetphz"
    "zCkriMn6OWpZc32cswHR1joTAkZPH7WGQbFusXCEdUgNd7SI1GFFxJdC+5Q2iffSJTDXID"
    "eoSZSVJA9SLsz141Wwbusz96fGkwmx08mUXE4UEF9w53TKQbr9XuzmsX9YpGuIvNhwl2LC"
    "MCtSrhVR6TzHSTRcPqMC7BDPc1OOouVJ891Ftj2eVP10QIrEdJgvhEFXbnsR+uVY2hq5uX"
    "AqEhpjaaOFRKwhBlCCgGEtAJgBEzAcagibDQcnOAWR9KBlgiE6snLdCaFPbzApXes3vW6Y"
    "BfoQbZ6SjKpJQnAw4kySEw2hxQ9G4W7VAJbU4RlFrAqB6JQ3vUxLoZE6B6gzCzVB0wtqGB"
    "e8ZhMugK/RqgTEBL71Gn44lguEC7MG+mwiNqsCxCw0DdyEhoPtfpeJ7Za1x0OtDnGoiUDg"
    "ABtg6foC6xOetD5zkUAdMTxOATmGJQPGYSUPKklqEvO533CPckcVw8MJtCqzae3jN1exKI"
    "IjSMcB+Gek5u+A3IBZZjPR4YeZLw1JRkOFK/le8lcVwncQwG1iLEMWpVOOJYPT7OwRxBK5"
    "M66rLnWGxp0hElLCW0zAY6YvQyOL926BFDOg9HB605SCdYuhh3fxBzIZxDJoVEeQXj2XsO"
    "JlFuw4qesQkSmCyF8hZxovqXdoQO+VDuXNe+vIlQoqtW84OvHoL+/Kp1Fh/Xs4dmcljX2X"
    "iYCKujQ3xmvb4RXhm5gUdlMQ9UburNi0bzwzvk2d+zO18iQpK2vpT37LLWuKpfqB5Qm1jx"
    "4C/PFDk8yTFDDuOsNZggqijqLS+mSfFXZtASNlkfzzzY6NAlADQeKSZwnb9Dk2JewG3YIu"
    "3ThKjJIs/ymFkRnjSxtergIM9idXCQvVqpsuck2B7jW3iTO2Zbbn9u9LRSRxLEcXjKrMqO"
    "3aJWRZhU6w7fysPD7PWtuIeHKkBdwuUhs3I13bTVNHH08To79TdYiAl3rFsiiKyk7NRHFX"
    "bn7dSPPFVDbSjL/MlKZKgpF/Lt97S93uD2koz0fjpc/pHINUrNUfrfFZapSZu1w6xctXBm"
    "UsSocPvLZWJSGVu8RGxBnkYUalvC61HLAnp9S7ycN19lmZldZp1tj3/XnI+0Yc4sVDrShm"
    "G75dlIN+5xzy3pU9V/7+6TTCdFbXcu33ENgO4EFrnzk8JGaIKphJpQjzs6AccnMMtSoJeu"
    "veRDm8WH1ETT/xPQZtOhsE0B8xMOq7kONKpzDjSqiQMNPVMWAXlmsCqEXzOhaQVpNiWxL4"
    "l9SexLYl8Sv5LYl/7dsLMhTVZTiJJPYrOZkYo185//YNPkYyb3UafjB6nGA5kGb0eYWJC9"
    "HrctIC2+hvsiwXAsJOoS5I681MOgl609z4sJFJZOU9JHPXOA0pSvI5TkaO2BzerJUXg2LY"
    "O1b1e4CP7oNA/aoJWJti57VSoaf6JvELwrIaKz3IVFyWjCsJDLx2mu5eN0zvJxmkDc4T1q"
    "E4MOvVdAcyMeNyxCImEU8ONc2bnHc7Jzj5PZuV3MmNqfXxTvuF0Jdz64KU+inJ0b66kXAd"
    "x1J8VOSFdQudCYDpkUAfE1DOcIqYnCfMa5TTDLYC1huxjWXTBc1cPRj0/WO77PWq2ryPg+"
    "a8QH8Ofrszo8LDX2oETdI9Lkq0pq+8X4wSkjKSRx/uZOzLSAO3gF27ddYMMn9r22lFcDzz"
    "y7y0+3xJ4dY6fnI4Q/QLhlQyArKSE9rA9SkpcHK5EKvV0PiUzAVrmHWCMONQeVtG9fuiW7"
    "c798Gej8biMxG4YyeWGz9uceiSO8eZY3XAuZFJBer+TTCmpSLYCwp15AdFfypmvmhyv+um"
    "s1s7IWsj5cYVFTon+RTcU2fgduDrgKjPlsL07sYuGUquAsLTFznQdiz/8BuuPNCA=="
)
