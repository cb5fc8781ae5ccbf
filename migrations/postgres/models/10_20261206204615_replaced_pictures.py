from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "replaced_pictures" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(500) NOT NULL,
    "replaced_at" TIMESTAMPTZ NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_replaced_pi_replace_773851" ON "replaced_pictures" ("replaced_at");
COMMENT ON TABLE "replaced_pictures" IS 'A picture its account no longer shows, readable until housekeeping deletes it.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "replaced_pictures";"""


MODELS_STATE = (
    "eJztXe1z2jgT/1c0PB+azJBMQpM0l34iLW3zNAmZhN7dXHnGCCxAh5E424Qyd/3fn11ZNn"
    "7DxTQQ4vOnYGlXL7/Vy+5qpfxdGUuTWc5hfcJbcsRE5YL8XRF0zOBHIq9KKnQyWeRggku7"
    "liKmE264SKaSaddxbdpzIadPLYdBksmcns0nLpdYS6UuSP3uiiiWt0QKa06465CHT/WD2u"
    "kZ4Q4ZsYlbJY4klFiMjphJVGVkYFMBlEK6Qy4Gh1idKXtQH3w9aclt0RZ1YssZ8kAvJHGH"
    "jNBeT06F+8ohj5zNiOxDKQ5zHOjXBZkNmYDaSJcNqKgGnzPqEIs6Lpk6zKy2BRUm6dtyDA"
    "S8NyQ9izPhkj3ItQkd4G+koKZpQ8FVYrM+/BhCO6GcnqS2w6BT8LvTwVINLNWgbqezr9CY"
    "Cv7XlIE0BgwabAMmX/8HyVyY7Btz/M/JyOhzZpkRkXMTC1DphjufqLQr4X5QhAh01+hJaz"
    "oWC+LJ3B1KEVBz4WIqdILZ1GVYvGtPcQCIqWXp0eKPCa+lCxKviSEek/Xp1MJhhNxeAxZp"
    "FcO4bbaMh0bLMCqJIeZzhMaGTupJgcMTmuqo3g+wCQe145M3J+evz07OgUQ1M0h5892reg"
    "GMx6jguW1Vvqt86lKPQmG8AFWNRGNInWES3HdDaqejG+WKoQzNj6PsY7q7MI/pN8NiYuAO"
    "4fPsJAPTX+v37z7V7/fOTvaxQglLibfK3OqcmspC2Bcw92yGUMBESML8HnJcPmbpUEc5Y1"
    "CbmvXQ/7EO8H7CAvnFsrgN6KGDZhNWQi3yDOhbVzeNh1b95g6rGzvOX5bCr95qYE5Npc5j"
    "qXtnMTEFhZDfrlqfCH6SP5q3DQWvdNyBrWpc0LX+qGCb6NSVhpAzA5a+xej0U33UIlIPL4"
    "B55R7nfQLJ6ybviuBfiKB9TDIlbbNHWBLXkXOUs5TyLksZdSBD6UB5Nsso11qb5Y7JNLpb"
    "1k5PV9gugWrpfqnyYhumUjsNPsmDdISpeEA/vVqihmYuvTrE8WPl+iVoH0+gX6PF0h+lqt"
    "cIVxLdD9JmfCA+s7kC+QpaREWPpYCqzdwvupgXBu53f/T4qYsZZtNZYOKFBxX0HXrMXG+m"
    "1x/e1d83KgrhLu2NZtQ2jQjUmCNrMpYS0CazxrVxPIUKWJ1N3Qtss0a9MabcgtVGqDGS8D"
    "2Es6tZ7geGhEZPUa7qgQC7GkTogKiJx6iMeRGy8AMLfEa5C1IgfWkrJ0APWkCwSvQdeH4B"
    "gc4AwVL8EZupB70TqNIHdK8SPo5DEtStSsQ6vZqAibqEWmgXzAkYmaH2tAWwz2zuukwEJO"
    "zbhNvMVF4TxduV7pCMYNA72Bu/FnsqVHscECOBGeeyMewWTumW2EG3BAwkQ02bPNt/hOlp"
    "nBLPvTvFFK1VFACgylC0kp4JmJ25/T8RptL9U7p/flpHKIR96G1EzhpijnJuR8zbnGBFkv"
    "KaDr3Sl/dy5FsaxT+t3ZVGcTGN4ubU7cpvN2Cn0XSzOEpQzTKMpSI1xh7tyqaxpg/sQB6y"
    "64BZOMAPxHgIrexPz65VlmGP4jJMuHtBqLJdq2BcpljFT11FW7BHdXTehT5DOgq3SpQhDS"
    "wqD0xkAIg/MnuO5jSY0WTGukMpR4QJcyJhpCi7utOBoQNtcjsdtKVnWAAPeKHmPa/aV5gn"
    "LQb2Lwx0zNCdquqT/TEF61paJqFtAZy8z3tUdQq1+7dodPvt+u9D8xaManO+r87+oTaYcN"
    "hJCRMUYwi485Z0Orp8GLTQNJi9c6faFiqSAVZnaATY/WziqICHTkcPkIOr90AMQHQ6urcH"
    "yH4I3zbr8QkPOur1yncStIXnM/ChgVZ+ub+uApsz7f7JesgU4KCTiGbRvcLl5JDodgARWD"
    "vo3qAKY2kDZvBpjNgcitpDcaDQgE/xO1VfSH4LABubhcSAeejHILijV/UIwmZDwfhzDuK1"
    "gxGG7hBoOxQGlUKFGNnRZZYUAwcr6nQsBogbcgZrHWRPhcstbKdKNg313emA1Pou06OKij"
    "kAb4GUUdIuHSlR0QGsOSv6PL5W0E0yVRNTsG8uqC8uG0/wbwVIv1bQx4KZGWSl32SbfhNf"
    "IElDviGm48TGGsHY592e56TiO2tyQF25qV9dX6iZ3RaNXxu3rQtvRrbFb43LT83m5wt/3Y"
    "yv66vY/sdnK9j+x3H1dGH7Y1bU9l+sink8LFGuwrlYNnJmGGwYeYCOMBXRaXh0dLQK1EC2"
    "HGuVGQVb76l5oA6xFBHojRyDe6peEuUW7LPLfLMBSxGOwLM8C43fWxGngg/l3k399/2IY+"
    "G6efvRJw9B/+66eRlDPKz45Rnccb4iYB/bGldaSI4z1pHjlGUk0BzXUVkW3FtUWiaekp5X"
    "b7lr3L6/uv14QTR/Wzz4KU4opaU+QZv5AHpO4z22AE9Yd0OX0Yp9iryWau5hlu05x452Wn"
    "8Pn3NGzaUErtk+5RT28ohop53LITM+z+4SYys3l5U2l7BzJO/UivOWZzY7Pa0wWp7ZtkyZ"
    "VctV5ShXESbVtrXlMrBh+fpW3HstqKCuIfIQW7ma7tpqmjivfZ7jxTvqODOwpe+Zw9xKyv"
    "FilKCadbw40aQGHj+5q9/9ZTqo1ec/UPz6WEz+IKw1eZj4BAWW4am7dcxSBk2WQZOlbrER"
    "3eJlxVCWKkYOFaMMovxXyXfLQZQ7JsxCxVDuGLYvPITyzjvuuWcDju3XvU9aOilk1Ux7x2"
    "MAc2fBkeO+4YIpctUPw/V8A2ZdE+ipSy/todIe2j2QS3uotIdKe6jUl0t7qJRvmj2kfufY"
    "IMM8BQyYPK6tdORfyzjyryWO/HM/GrDxBwOeM8j6id4L2JGzoXs2sWiPmXe8505tVkmxme"
    "Ik1Sx7ydbExsSjXtlW0vTKeNEPkxAhCd7WYTZxhnKmHkalpnq5VYWQkKGE6YwXoNDy8UxR"
    "vAqVZiw9ZfF4Y+zOu98EZJbiRhLuqttYUCg19feYUTEbgiVG9jodU47xnpCPTPl8624aXj"
    "mDlH8mNnm3N5PTleLHTjPix06T8WPBArHOs44R1vJFh11Xzsob/4XxVu8auC/cXa1QT9G1"
    "fGksV7CwQ6uH3WhVB69++5aPvn3N9S176rCDvrRMZhKfwrvqPJ46+K498SSeGoPztKWvcn"
    "eaOwa+EvCoBjSItbwKvVXVqLS4t2Nxh2fTOlj/1IW5HRvSEbRPzldBG6iWoq3ylqDtjHB/"
    "8I4Ec0MeZn6SsPdNwF5pDVmwEr9ywFSVI7KHRrFepb+0Hsh/Xv9C/N7sV/USfYHmsjuTBD"
    "k1I7X4KGVn2EAdbXH75frae9RUm+Kmv/1U1QMq/guqFsXHOmRflYMlHKgSdJFjajLYdoCY"
    "tQWS21O0zcd8oM9Rz/f9p1yUKT+T9sh7wMQkXUv2RthC/9XX7Y/ULXvitjEin9sPF4Y3CG"
    "7Oe+yaYCzkRne+0kZ3nrHRnScQt2WfW8zgY/2w1cqIxxmLcNNoC+6XLhUCLaK8eMf5SrhX"
    "g5vLJMrLL89p8iKAu+1bczPWdbiba0yHWIqA+BaGM76DAvZ3/mfEE4zFA3xDL4l7uE0ArF"
    "xjO8FYQMBXe4Mp4wWm1H/dAnX2+SDPqh1jKwLS2169vX/nIaQbvJiZ8h7KpZQWoyLD0kmW"
    "EBNGF4rYlCYepGxXHpfN5nVEHpdXccC/3Fw2QDVXwgEi7rnAky+nmNQeGWAVpzn4MsGPMp"
    "aY58A84tHOAXmEb4uI+yb/iwUcj4eNPyUXLOWEIPsAOsZawPDPggX95giyiv373rTtR/N9"
    "+HzPrODqSPqpavh/aL+wIbDsZDVlvw79+631oYr9y68iopXyaML6eCUea3iRmmU2YKlRhO"
    "tDlhLBWJRhtukghXd4wlJZEqngZVZ/FK5gqGOaFYMWmoKph9r3uEmO9y/IEH6P8dl1Ffig"
    "3oP39J4qvlcNRi7uxqQ7Bzj4YIAkUuh4BKfTSR5ObaD8XQvg3P0z3Q2HKSxVqPlg+Zuay5"
    "TpFx189kut9vr1m9rR67Pz05M3b07PjwKsk1lZoF9efUTcI8rbkhC154moqjOb94ZpK5XO"
    "yVym6ILmRyvUchHs2jrwb49WeoQlmueL5gixFPAIdyPPqeOkyoGwJi8guht5bnXpY/X4/4"
    "OWu/7TH6s3Qf8l/xCLOy9xS8sAF8HI9knH3c/VqH8BC7h87s3s+/8BRov3ZQ=="
)
