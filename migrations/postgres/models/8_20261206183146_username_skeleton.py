from tortoise import BaseDBAsyncClient

from domain.registration import store_username_skeletons

RUN_IN_TRANSACTION = True

# aerich wrote the column and its unique index; between the two, every existing account's
# skeleton is stored (the earliest of look-alike names keeps it, later ones get NULL).


async def upgrade(db: BaseDBAsyncClient) -> str:
    await db.execute_script(
        """ALTER TABLE "users" ADD "username_skeleton" VARCHAR(480);
        COMMENT ON COLUMN users."username_skeleton" IS 'The username''s look (its folded UTS #39 skeleton), unique: no two names look alike.';"""
    )
    await store_username_skeletons(db)
    return """
        ALTER TABLE "users" ADD CONSTRAINT "users_username_skeleton_key" UNIQUE ("username_skeleton");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "username_skeleton";"""


MODELS_STATE = (
    "eJztXW1z2rgW/isa7ocmMyST0iTNtp9IS7u5myadht67s5sdW9gCtBiJtUQps7f//Z4j2+"
    "A3XJwGAl5/KpHOkeRHb+c5OlL/boylyzx13J7wrhwx0XhF/m4IOmbwI5PXJA06mSxzMEHT"
    "nmeE6YRbGsVMMu0p7VNHQ06feopBksuU4/OJ5hJrabQFaX+8IkblNZHCmxOuFbn7uX3UOj"
    "snXJERm+gmUZJQ4jE6Yi4xlZGBTwVICqmHXAyOsTpXOlAf/PWoJd+Le9EmvpyhDnyFJHrI"
    "CHUcORX6mSJfOJsR2YdSFFMKvusVmQ2ZgNpIjw2oaC7+nFFFPKo0mSrmNu8FFS7p+3IMAt"
    "wZEsfjTGhyALk+oQP8jRLUdX0ouEl81ocfQ2gnlONI6isGHwW/bRtLtbBUi2rbPjRoTAX/"
    "a8qgNwYMGuwDJr//AclcuOwrU9Gfk5HV58xzE13OXSzApFt6PjFpV0K/M4IIdM9ypDcdi6"
    "XwZK6HUiykudCYCh/BfKoZFq/9KQ4AMfW8cLREYyJo6VIkaGJMx2V9OvVwGKF20IBlWsOy"
    "bm671l2na1mNzBCLNGJjI0xypMDhCU1V5usH2ISj1vPTl6cXL85PL0DENHOR8vJbUPUSmE"
    "DRwHPTbXwz+VTTQMJgvATVjERrSNUwC+6bIfXz0U1qpVCG5qdRjjDdXZjH9KvlMTHQQ/jz"
    "/LQA0/+0P735uf3p4Pz0ECuUsJQEq8xNmNMyWQj7EmbHZwgFTIQszG8hR/Mxy4c6qZmC2g"
    "1Vj6MfDwE+Slgiv1wWtwE9fKB7Cyth2OUF0HevPnTuuu0PH7G6sVJ/eQa/dreDOS2TOk+l"
    "HpynumlRCPnvVfdngn+S325vOgZeqfTANzUu5bq/NbBNdKqlJeTMgqVvOTqj1Ai1RK/HF8"
    "Cy/Z7WfYSeD5u8Kx2/Jx0dYVLY0z77AkviQ/o5qVn38i73MtpAlrGBymyWSa0HbZY71qfJ"
    "3bJ1drbGdglSK/dLk5faMI3ZafFJGaQTStUD+vHNEjM0S9nVMY3vG9f7YH08gn2NjKU/yj"
    "WvEa4suu+kz/hA/MLmBuQraBEVDssBNaS5n8Ni9gzcb9HoiVKXM8ynswXFiw8q+Hb4YqaD"
    "md6+e9N+22kYhHvUGc2o71oJqDFHtmQqZSGbzRq3xukUKmB1dsOvwDaHqHfGlHuw2ggzRj"
    "K+h3h2s8j9wFDQcozkuh4I4NXQhQq6mgSKhsyLGMNfMPAZ5Rp6gfSlb5wADrSAYJXoOwj8"
    "AgKdAYLl+CM2Uw96J9CkX8g9y/g4jsmiblMi1hnUBEpUE+ohL5gTIJmx9twLUJ/5XGsmFi"
    "Ls64T7zDVeE6Pbk3pIRjDoFX5NVIs/FaY9CrqRwIzTbAy7hardEjvoloCBZJlpU2b7Tyg9"
    "jlPiqXenlKG1jgEAUgWGVtYzAbOztP8noVS7f2r3zw/bCJXgh8FGpB7QzUnN7XTzNidYlX"
    "r5gQ692pe3P/1bk+Iftu5qUlxNUnw71T359QPwNJpPi5MCzSJiLI2oNQ5k16bGaOIvSCCP"
    "kTrQFAqUQRJPoA35DEitoYUOxTWYcJ3Hg3+8UCS9tg39CiVo20aii8KzofQYkFAYbUBSSf"
    "ix5IBrqBP4rfRcQskX5vM+d6ipBs3rQ3PMDmXA2IYK7oWEyWAKjEqAPAU1vSa2HSbBcIF6"
    "Yd7MVRhCAMsiVAyEm02UiTSw7bBnjq7e2vYxBhHYNsoAEKCLAQU95kkxUMjpbdtjULslZz"
    "DFIBsYOKAUprqW+dO2XxPa18wPebuYQ60end8L/DxNRwyjDOgAhvqaVPv3BrLzqRkPgn3V"
    "sGsCV5/gv40/ah6+TR6+HFhl6GFSq3L8cCMHHj5z+ISXPFpKKNUej/U8Hmra+5M5pXCOqV"
    "QS5U0c4AX7YBblLqzoq7xKC5UqHN4VcaLOr90EHYqgPPjQ/vUwQYmub2/eR+Ix6N9c316m"
    "x/Vi08wO646YjjNmdXKIL7S3N8Ibk8DwaJTrgcbHzs3bq5v3r0iofy/uohQVS+maP/W9eN"
    "e+uu68xRbgYUXa+Ftnijw/X2OGPE+z1uUEwaxkb4U2TU5/rTRa4irb45knO226xI8MkpZi"
    "Btdi90yOeu1t3Wk/TYyalNnLU2pV2GlSa9XJyTqL1cnJ6tUK875lwQ4ZX9mpldat3Z87Pa"
    "0w8JT5vsyZVattt6RWFSbVts23+oxw9fpW3RBxNFAf0OUxtXo13bXVNHP08TSe+o9UqZn0"
    "3U9MMd3I8dQnBZpFnvpJKGqhQ1mvf42OhfFhkf6R0TcO7vD6W0GEWNZL/wgF1pFeu+Vhru"
    "OP6vij2rbYiG2xX+FItYlRwsSo45H+Uf275XikHevMSoUj7Ri2ex6N9DE47vnEBhzbH359"
    "lunkiDUL+U6gAHRnqVHi6s5SKXFrBgNwIgLzUAr02KXXfKjmQ7sHcs2Haj5U86HaXq75UN"
    "2/eXzI/C6xQcZ1KhjB97y11pF/q+DIv5U58i99/3bjd2+fMuT3kQJRd+RsyJDVHKIUkdjV"
    "zAhn0vrnP+G1/WNi29EUtEZsvrwd4VDFjvrSc4G0RBLBRYLxVOFbhSQYD7mHQY9b+joXEz"
    "jYAI7mX8xCApSmvo6wVXJUL/3bWfrjs+khWEd6laOipxfroA1SK9E2eSvQViP0qwW+qdKQ"
    "x5UfJf5qE7A3urAqR01+pogn5QivwikSrtKfu3fkXy9+ItHXHDbDJRpqk0TPJEHNUJF6fJ"
    "SzM2ygjntx8/n6OniohgTeTzfafprmpl70Ko5H8Sqc7JtysIQjU0JY5Ji6DLYdEGb3AsX9"
    "qcfIwZgPQofexWEzfHgX7+yRmfRH6N/DGnqedEbYwugln+2P1C2bhNsYkU9tEMbhXUTZlP"
    "X/ZRQrudFdrLXRXRRsdBcZxH3Z5x6z+Di8rLw24mnFKoS8JgE/WyuO/KwgjvwsG0feo0Lg"
    "SVJZvNN6Ndzrwc1lFuXVUdyheBXA3Xb49oz1FNelxnRMpQqIb2E44w1R4N/ln4bLKFYP8A"
    "29DhfgNgGwSo3tjGIFAV9ngBfw7nzajaEYfT4os2qn1KqA9LZX7+CJViH14hGWnIu5l1J6"
    "jIoCppMtIdUZPShiU5b4ImW7/XF5e3ud6I/LqzTgnz9cdsA0N50DQjwIHcpe4XWpP7KAFe"
    "c5+ArBTyrWmJfAPOHRLgF5Qm+LiEeUf28Bx0Nk60/JBcs5ISg+ok6pVjAOoWLRJyVO+1L/"
    "JVPe9hPqvfvlE/MWMYz5wajx/xdtz4bAqojUnP069qT6w6FKPeNeRbRybu89HK/MrcG9tC"
    "yzgG36uP0NnhU0Vpy5B5nN7x28W+bAYc3j91vBzHt+B9wlzw9fkSH8HuPzfOYIn1Af/79A"
    "3MGb+Pgh0DXcV0hvDnDwwQBFpAhP1pVtZ49ZNlD+rgUj7/7p5IYP3Feahnyw+pmiVWbhXj"
    "+G+1Or9eLFy9bJi/OLs9OXL88uThZYZ7OKQL+8eo+4J8yQFXdUniY2qM187gzzVqowp3CZ"
    "okuZ761Qq7tg19aBf3rczRdYonm5uISYSgUPIzfyZCJOqhIIh+IVRHcjL1itfJDy33e3N6"
    "ud2PkPUrrc0eR/xONqH7e0AnARjGLvatqR2kwyZSzg8qk3s2//B9Me7ZI="
)
