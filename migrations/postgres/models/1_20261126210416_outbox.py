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
CREATE INDEX IF NOT EXISTS "idx_outbox_mess_next_at_25d47e" ON "outbox_messages" ("next_attempt_at");
COMMENT ON COLUMN "outbox_messages"."status" IS 'PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed';
COMMENT ON TABLE "outbox_messages" IS 'A mail written in the same transaction as the change that caused it.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "outbox_messages";"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isavlw6k2QSLkkz7SeSkJa7BDIJvev0cmOELUCNkVxLhDA9/vutZBu/Qm"
    "0GCPHwDa92JflZSd5nJfGzMuQWscVhzaFt/kRY5QP6WWF4SOBHqmwfVbDjhCVKIHHX1srY"
    "oYZUalqMu0K62JRQ0sO2ICCyiDBd6kjKVSuVGkO1uwbSJh8RZ/YEUSnQw+faQfX0DFGBno"
    "gj95HgCCOb4CdiId0Y6ruYgSbjckBZ/1A1Z3ET2oOnldc8YvTHiMCb9YkcEBfq/+dfEFNm"
    "kRcigkfnyehRYlsx+KilKtByQ04cLWswea0VVae7hsnt0ZCFys5EDjibaVMmlbRPGHGxJK"
    "p66Y4UmGxk2z7yAb5eT0MVr4sRG4v08MhWLlHWXgdCWcUwmq228VBvG0Yl5a7AIoKzLzI5"
    "U66Grgr99n3VhYPq8cn7k/Pfz07OQUV3cyZ5P/WaDoHxDDU8zXZlqsuxxJ6GxjgEVXvVGG"
    "AxSIN7OcBuNrpxqwTK0P0kygGm2wvzEL8YNmF9OYDHs5MFmP5Vu7/8XLvfOzt5pxrkMC29"
    "Gdv0S6q6SMEewmy6REFhYJmG+QpKJB2SbKjjlgmoLd/0MPixDPCBIEQ+XGI2AT28oNWCVc"
    "V3+QLo243b+kO7dnunmhsK8cPW+NXadVVS1dJJQrp3lnDTrBL0d6P9GalH9K3VrGt4uZB9"
    "V7cY6rW/VVSf8Ehyg/Gxga3I6AykAWoxr9tYSGMklvJ70nYFnve7vC2OfyOODjBZ6GmXPM"
    "OSuIyf45Y7L2+zl2E6ukahMCRi8etY5C0s1isIR1SA13vKjEYUXGl0r7lLaJ/9SSYa5Ab0"
    "CDOTZIDqR9hf/GreGLjTYPQE0nA2u3g8i4ijgwreHd6YSC9eqz1c1q7qFY1wF5tPY+xaRg"
    "xqVcKrPCGZ6aaLhtVhUoIZ7mtw1FuoPvuot0ayy19uiRBYj5IU8Ykr7C9iP1yrGkNPNy8F"
    "QkNMbTR2qZSEIcoQUAwkoBMAI2YCjEETYaHl5gCzPpQMsEQmVl9aoDUZ7GcFlT6yR9bpgF"
    "+hBtnpKMqklMcDDiTJJTDaXFD0XxbtUQltThCUWsConolLe9TEuhkToHqHMLNUHTC2oYFH"
    "xmEy6AqDGqBMQEsfUafji2C4QLswbybCJ2qwLELDQN2IIzSf63R8zxw0rjod6HMNREoHgA"
    "Bbl49Rl9ic9aHzHIqA6Qli8DFMMSgeMQko+VLL0I+dzkeEe5K4Hh6YTaBVG08emXo9CUQR"
    "Gka4D0N9xw23kBuGY6cIN4xblY4bVk9Pc5BD0JrLDnXZNBE+mtShhGVEj/OBjhmtBufXji"
    "4SSOeh4aC1AOkUERej7ndiFsI5YlJKlNcwnv1PXRrlNnmZsyhHTJZC+Q3RnvrXdozxBFDu"
    "3da+vouxnptW81OgHoH+8qZ1kRzXEsuRyB7WdTYapiLn+BCfWW9uhFccL7aoFPNA5a7evG"
    "o0P31Avv0jewgkIiJp60f5yK5rjZv6leoBtYmVjO/yTJHjsxwz5DhJTMMJoori3sIQSw4d"
    "meGvuUFL1GRzVPJoq0OXEFAG64rhQ7REEibDfDOZ1k3GMWXKxETIR5FPecKsDB+axFJ1dJ"
    "RnrTo6mr9YqbJpGmyf0xVOYydsdwnOrZ5WatOBuC7PmFXzQ7e4VRkm1aajt9324Pz1rbzb"
    "gyo+XcLlEbPdarptq2lqc+N1cvF3HhO6J32q0PW9kMrIZ6ntL8rL+5zLcCMWubPzUSM0xl"
    "RCTajHXZ1+JkPNz3SG2z9lpBPq8Phb6rBRVpp+xbXvktHblYxWm176d4FwP2pTwtTdcTVX"
    "sF9dEOxXU8G+nilFQJ4ZrAvh18z1ryEDrdacwgfuYkal21PZnbfbBdSrCKjJi0OhtiW8Hr"
    "csodffiJfzHsNaZmbvDlNusX+3hDfpk2MZRCk4UTafGalYM/9VDWyafMTkIep0giDVeCKT"
    "8GyQiQU56HHbAtISaHjHaIYjIVGXIG/kZV7XWG3tOya0Y0Jb9z3bABOKTp1lsA7sSheun5"
    "znQRu05qKty16VdyY/31sE71pYp4OFGHP4PBZlninDUi4f57mWj/MFy8d5CnGX96hNDDr0"
    "TzvnRjxpWIYdtTjgp7m2qU8XbFOfprepu5gxdTC+KN5Jux3c+eCmvMgmsa9eBnA3vTs8Jl"
    "1BZaExHTEpA+IbGM5UGOoqx3MGzBec2wSzOawlapfAuguG6/o4BvHJZsf3Rat1ExvfF43k"
    "AP5ye1GHj6XGHpSodzcpfWRP5VqM75wykkESF2dyEqYlTNeVLElbILuT+GuCjCOyF77d9Z"
    "/3xJ7tWWffBIz+18YbGwLzbgNO15n/qhGXmoNK1r+WeCX7C/+zJNT5VRJsPgy7dNN2pZue"
    "iSv8OZY3+oiYlJAtruXGjJpUBRD21UuI7lpOMM+9j/THQ6tZ9D6SRU2J/kM2FW/xBv8CcB"
    "UYi8lLkqckogNVwUXWDf9NbuZM/weLTjNL"
)
