from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "outbox_messages" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "message_id" VARCHAR(255) NOT NULL UNIQUE,
    "recipient" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "content" TEXT,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "lease_owner" VARCHAR(100),
    "leased_until" TIMESTAMPTZ,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "sent_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_status_e70b56" ON "outbox_messages" ("status", "next_attempt_at");
COMMENT ON COLUMN "outbox_messages"."status" IS 'PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed';
COMMENT ON TABLE "outbox_messages" IS 'A mail written in the same transaction as the change that caused it.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "outbox_messages";"""


MODELS_STATE = (
    "eJztXG1T2zgQ/iuafDk6AwzkgDLtpwChzRUSBtK7TkvHUWwlUXEk11IImZb/fivZjl+T2p"
    "kkBE8+gVe7kvysXvZZyflVGXKL2GK/5tA2fyCs8g79qjA8JPBPqmwXVbDjhCVKIHHX1srY"
    "oYZUalqMu0K62JRQ0sO2ICCyiDBd6kjKVSuVGkO1mwbSJu8RZ/YEUSnQ3cfaXvX4BFGBHo"
    "gjd5HgCCOb4AdiId0Y6ruYgSbjckBZf181Z3ET2oOnpdc8YvTniMCb9YkcEBfq//YdxJRZ"
    "5ImI4NF5MHqU2FYMPmqpCrTckBNHyxpMXmpF1emuYXJ7NGShsjORA86m2pRJJe0TRlwsia"
    "peuiMFJhvZto98gK/X01DF62LExiI9PLKVS5S114FQVjGMZqtt3NXbhlFJuSuwiODsi0zO"
    "lKuhq0K/fV91Ya96ePT26PTvk6NTUNHdnErePntNh8B4hhqeZrvyrMuxxJ6GxjgEVXvVGG"
    "AxSIN7PsBuNrpxqwTK0P0kygGmmwvzED8ZNmF9OYDHk6M5mP5buz3/WLvdOTl6oxrkMC29"
    "Gdv0S6q6SMEewmy6REFhYJmG+QJKJB2SbKjjlgmoLd90P/hnEeADQYh8uMSsA3p4QasFq4"
    "rv8jnQtxvX9bt27fpGNTcU4qet8au166qkqqWThHTnJOGmaSXov0b7I1KP6GurWdfwciH7"
    "rm4x1Gt/rag+4ZHkBuNjA1uR0RlIA9RiXrexkMZILOT3pO0SPO93eVMc/0ocHWAy19MueY"
    "QlcRE/xy23Xt5kL8N0dI1CYUjE4s+xyGtYrJcQjqgAr/eQGY0ouNLoXnKX0D77RCYa5Ab0"
    "CDOTZIDqR9if/WpeGbjPwegJpOFsdvF4GhFHBxW8O7wxkV68Vrs7r13UKxrhLjYfxti1jB"
    "jUqoRXeUIy1U0XDavDpAQz3NfgqLdQffZRb41klz9dEyGwHiUp4hNX2J3HfrhWNYaebl4K"
    "hIaY2mjsUikJQ5QhoBhIQCcARswEGIMmwkLLzQFmfSgZYIlMrHZaoDUZ7GcJld6ze9bpgF"
    "+hBtnpKMqklMcDDiTJJTDaXFD0XxbtUAltThCUWsCoHolLe9TEuhkToHqDMLNUHTC2oYF7"
    "xmEy6AqDGqBMQEvvUafji2C4QLswbybCJ2qwLELDQN2IIzSf63R8z+w1Ljod6HMNREoHgA"
    "Bbl49Rl9ic9aHzHIqA6Qli8DFMMSgeMQko+VLL0I+dznuEe5K4Hh6YTaBVG0/umXo9CUQR"
    "Gka4D0M9Jzf8BuQCy5EeD4w8Sdg1JRk66m/l+5Y4rpM4hgOrCHGMW5WOOFaPj3MwR9CaSR"
    "112XMitjSpQwnLCC1nAx0zWg7OLx16JJDOw9FBaw7SKZYuRt0fxCyEc8SklCivYDz7+2Aa"
    "5Tas6DOSIKHJQii/Ik5U/9KO0aEAyp3r2pc3MUp01Wp+CNQj0J9ftc6S43q6aaaHdZ2Nhq"
    "mwOj7Ep9brG+EVxws8KsU8ULmpNy8azQ/vkG9/z+4CiYhI2vpR3rPLWuOqfqF6QG1iJYO/"
    "PFPk8CTHDDlMstZwgqiiuLf8mCbDXzODlqjJ+njmwUaHLiGgyUgxhev8DE2GeQnTsGXK00"
    "SoSZG9PGFWhp0msVYdHORZrA4OZq9Wquw5DbbP+AonuRO22/TnRk8rdSRBXJdnzKrZsVvc"
    "qgyTat3h2/bwcPb6Vt7DQxWgLuDyiNl2Nd201TR19PEymfobjwrdkj5V6PpeSOXrs9R252"
    "XtfdJluBGL3Ln7qBEaYyqhJtTjrk5Ok6EmaDr/7d9B0ul2ePwrdRUpK4m/5Nq315g2Kxut"
    "jsT0/wXC/ahNCXN3h9VcwX51TrBfTQX7eqYUAXlqsCqEXzLZv4IUtFpzCl/HixmV7lBlex"
    "tvG1AvI6AmTw6F2hbwetyyhF5/JV7Oe0lrkZm9vWq5wf7dEN6k75VlEKXgvtlsZqRizfwf"
    "cmDT5CMm91GnEwSpxgOZhDeHTCzIXo/bFpCWQMO7ZDMcCYm6BHkjL/NjjuXWvmVCWya0cf"
    "vZGphQdOosgnVgV7pw/eg0D9qgNRNtXfaivDO5fW8QvCthnQ4WYsxheyzKPFOGpVw+TnMt"
    "H6dzlo/TFOIu71GbGHTo34XOjXjSsAwnanHAj3MdUx/POaY+Th9TdzFj6tp8UbyTdlu488"
    "FNeZFDYl+9DOCu+3R4TLqCykJjOmJSBsTXMJypMNSHHo8ZMJ9xbhPMZrCWqF0C6y4Yrmpz"
    "DOKT9Y7vs1brKja+zxrJAfz5+qwOm6XGHpSo9+VS+s6eyrUYPzhlJIMkzs/kJExLmK4rWZ"
    "K2QHYn8cMFGXdkz3y7y0+3xJ6eWWd/Jxj9JY5XNgRmfSv4vMr8V4241BxUsn7TxCvZnfuL"
    "JqHOn5Jgs2HYpps2K930SFzhz7G80UfEpIRscSWfzKhJVQBhX72E6K7kBvPMD5L+uWs1i3"
    "6QZFFTot/IpuI1ft8/B1wFxnzykuQpiehAVXCW9f3/Og9znv8HCHo+Fw=="
)
