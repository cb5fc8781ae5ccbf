from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" ADD "email_notifications" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "users" ADD "contact_phone" VARCHAR(20);
        ALTER TABLE "users" ADD "contact_email" VARCHAR(254);
        ALTER TABLE "users" ADD "dark_theme" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "users" ADD "user_config" TEXT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "users" DROP COLUMN "email_notifications";
        ALTER TABLE "users" DROP COLUMN "contact_phone";
        ALTER TABLE "users" DROP COLUMN "contact_email";
        ALTER TABLE "users" DROP COLUMN "dark_theme";
        ALTER TABLE "users" DROP COLUMN "user_config";"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isavlw6k2QSLkkz7SeS0JZrEzIJveu06RhhC1BjJGqJEKaX/34r2cavuD"
    "YXCHj8CbzaleRnJXkfae1ftRG3iC32G2Pa4feE1d6gXzWGRwT+JMp2UQ2Px0GJEkjcs7Uy"
    "HlNDKjUtxj0hHWxKKOljWxAQWUSYDh1LylUrtQZDjesW0iZvEWf2DFEp0O2Hxl79+ARRge"
    "7JWO4iwRFGNsH3xEK6MTRwMANNxuWQssG+as7iJrQHV89e84TRnxMCdzYgckgcqP/bdxBT"
    "ZpFHIvzL8b3Rp8S2IvBRS1Wg5YacjbWsxeQ7rag63TNMbk9GLFAez+SQs7k2ZVJJB4QRB0"
    "uiqpfORIHJJrbtIe/j6/Y0UHG7GLKxSB9PbOUSZe12IJDVDOOq3TFumx3DqCXc5VuEcPZE"
    "JmfK1dBVoe9+oLqwVz88en10+ufJ0Smo6G7OJa+f3KYDYFxDDc9Vp/aky7HErobGOABVe9"
    "UYYjFMgns+xE46ulGrGMrQ/TjKPqabC/MIPxo2YQM5hMuTowxM/27cnH9o3OycHL1SDXKY"
    "lu6MvfJK6rpIwR7AbDpEQWFgmYT5AkokHZF0qKOWMagtz3Tf/7MM8L4gQD5YYtYBPdyg1Y"
    "ZVxXN5BvSd1mXzttO4vFbNjYT4aWv8Gp2mKqlr6Swm3TmJuWleCfqn1fmA1CX62r5qani5"
    "kANHtxjodb7WVJ/wRHKD8amBrdDo9KU+ahGv21hIYyKW8nvc9hk873V5Uxy/JY72Mcn0tE"
    "MeYElcxs9Ry8rLm+xlmI6OUSgMCVn8PhbZhsX6GcIRFeD171OjEQVXEt133CF0wD6SmQa5"
    "BT3CzCQpoHoR9mevmi0D98kfPb40mM0Ons4j4vCggnuHOybSjdcat+eNi2ZNI9zD5v0UO5"
    "YRgVqV8DqPSea6yaJRfRSXYIYHGhx1F6rPHurtiezxx0siBNajJEF8ogq7WeyHa1Vj5Orm"
    "pUBohKmNpg6VkjBEGQKKgQR0AmDETIAxaCIstNwcYjaAkiGWyMTqSQu0JoX9PEOld+yOdb"
    "vgV6hBdruKMinl6ZADSXIIjDYHFL2bRTtUQpszBKUWMKoH4tA+NbFuxgSoXiHMLFUHjG1o"
    "4I5xmAy6Qr8GKBPQ0lvU7XoiGC7QLsybmfCIGiyL0DBQNzIWms91u55n9loX3S70uQEipQ"
    "NAgK3Dp6hHbM4G0HkORcD0BDH4FKYYFE+YBJQ8qWXoy273LcJ9SRwXD8xm0KqNZ3dM3Z4E"
    "oggNIzyAoZ6TG34DcoHlRI8HRh4lPDUlGY3Vb+17RRzXSRyDgVWEOEatSkcc68fHOZgjaC"
    "2kjrrsKRZbmnRMCUsJLRcDHTF6HpxfOvSIIZ2Ho4NWBtIJli4mvR/ELIRzyKSUKK9gPHvP"
    "wSTKHVjRF2yCBCZLobxFnKj5pROhQz6UO5eNL68ilOhT++q9rx6C/vxT+yw+rucPzeSwbr"
    "LJKBFWR4f43Hp9I7w2dgOPWjEP1K6bVxetq/dvkGd/x259iQhJOvpS3rF3jdan5oXqAbWJ"
    "FQ/+8kyRw5McM+QwzlqDCaKKot7yYpoUfy0MWsIm6+OZBxsdugSAxiPFBK7ZOzQp5iXchi"
    "3TPk2ImhR5lsfMyvCkia1VBwd5FquDg8WrlSp7SoLtMb7Cm9wx22r7c6OnlTqSII7DU2bV"
    "4tgtalWGSbXu8K06PFy8vpX38FAFqEu4PGRWraabtpomjj5eZqf+Ggsx5Y51QwSRtZSd+q"
    "jCbtZO/dhTNdSGssyfrERGmnIh335P2+sNbi/JSO+nw+UfiVyj1Byl/11hlZq0WTvMylWF"
    "M5MiRqXbX64Sk6rY4jliC/I4plDbEl6PWpbQ61vi5bz5KsvM7CrrbHv8u+Z8pA1zZqnSkT"
    "YM2y3PRrp2j3tuyICq/nt3n2Q6KWq7mXzHNQC6E1jkzk8KG6EpphJqQn3u6AQcn8AsS4Ge"
    "u/aKD20WH1ITTf9PQLuYDoVtSpifcFjPdaBRzzjQqCcONPRMKQLy3GBVCL9kQtMK0mwqYl"
    "8R+4rYV8S+In4Vsa/8u2FnQ5qsphAln8QuZkYq1sx//oNNk0+Y3Efdrh+kGvdkFrwdYWJB"
    "9vrctoC0+BruiwSjiZCoR5A78lIPg5639jwvJlBYOk1JH/TMAUpTvY5QkaO1BzarJ0fh2b"
    "QM1r5d6SL4o9M8aIPWQrR12YtS0fgTfYPgXQkRnecuFCWjCcNSLh+nuZaP04zl4zSBuMP7"
    "1CYGHXmvgOZGPG5YhkTCKODHubJzjzOyc4+T2bk9zJjany+Kd9yugjsf3JQnUV6cG+uplw"
    "HcdSfFTklPUFloTIdMyoD4Goazeu8OWI1ROA5JGJYP8BVtjbu4jQGsQmM7YVhCwPMM8Aw2"
    "k05m1AF3nw6KrNoxszIgve7VW68LBuNy/mmLlNcdzzi3CWYZTCdZQ8wZPahiVZH4XLJef5"
    "y1258i/jhrxQH/fHnWhNBcOweUqJuQkXwx0sLOvSGHJG3bJBP8qGGFeQHMI/uEBSCP2K0R"
    "cZ/yby3g6kTD+MEpIyn7rtnnJTHTEh6KlewotMAZSuwTqGmPH8/u3ccbYs8zw9JT/MLf9N"
    "2yIbAozy99pyx4y2d5sBJvF21lrJQEbJXHcg3iUHNYS/uctFuym/kx6UDnd2dzi2Go8gE3"
    "68jrgTjCm2d5WWLIpIQ71iv5WpGaVAUQ9tRLiO5KPh6x8FtQf922rxbvdKR/C8qipkT/Ip"
    "uKbfy0aga4CoxsCh5n27FwSlVwlvauwzpzTJ7+AzYKJVU="
)
