"""The count of active users, kept exact by triggers on ``users`` whatever writes it: one
primary-key lookup instead of a walk of the index.

The same triggers move ``changes`` whenever the set of active users changes, and only
then, from a random start (``domain.deep_pages`` reads it).

Migrations run ``USER_COUNT_SQL`` and then ``CHANGES_SQL``: change the triggers with new
constants and a new migration, never by editing these.
"""

from tortoise import BaseDBAsyncClient, fields
from tortoise.models import Model

#: The id of the one row.
ONLY = 1


class UserCount(Model):
    """One row (id 1)."""

    id = fields.IntField(primary_key=True, generated=False)
    active = fields.BigIntField()
    changes = fields.BigIntField(
        default=0, description="Moves whenever the set of active users changes."
    )

    class Meta:
        table = "user_counts"


#: The one row, counting the users already there.
COUNT_ROW_SQL = (
    'INSERT INTO "user_counts" ("id", "active") SELECT 1, COUNT(*) FROM "users" WHERE "is_active";'
)

# SQLite has row triggers only; each one is a primary-key update of the one row.
_SQLITE = """
CREATE TRIGGER "users_count_insert" AFTER INSERT ON "users" WHEN NEW."is_active"
BEGIN
    UPDATE "user_counts" SET "active" = "active" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "users_count_delete" AFTER DELETE ON "users" WHEN OLD."is_active"
BEGIN
    UPDATE "user_counts" SET "active" = "active" - 1 WHERE "id" = 1;
END;
CREATE TRIGGER "users_count_update" AFTER UPDATE OF "is_active" ON "users"
WHEN OLD."is_active" IS NOT NEW."is_active"
BEGIN
    UPDATE "user_counts" SET "active" = "active" + (CASE WHEN NEW."is_active" THEN 1 ELSE -1 END)
    WHERE "id" = 1;
END;
"""

# The statement triggers of either version's function.
_POSTGRES_TRIGGERS = """CREATE TRIGGER "users_count_insert" AFTER INSERT ON "users"
    REFERENCING NEW TABLE AS "inserted"
    FOR EACH STATEMENT EXECUTE FUNCTION "users_count_active"();
CREATE TRIGGER "users_count_update" AFTER UPDATE ON "users"
    REFERENCING OLD TABLE AS "removed" NEW TABLE AS "inserted"
    FOR EACH STATEMENT EXECUTE FUNCTION "users_count_active"();
CREATE TRIGGER "users_count_delete" AFTER DELETE ON "users"
    REFERENCING OLD TABLE AS "removed"
    FOR EACH STATEMENT EXECUTE FUNCTION "users_count_active"();
CREATE TRIGGER "users_count_truncate" AFTER TRUNCATE ON "users"
    FOR EACH STATEMENT EXECUTE FUNCTION "users_count_active"();
"""

# PostgreSQL: statement triggers over transition tables, so a bulk insert of 5,000 rows
# updates the row once. A statement that changes no is_active leaves the row unlocked, so
# profile edits never wait on each other; every registration takes the row's lock until
# its commit, which serialises only the count's update.
_POSTGRES_FUNCTION = """
CREATE FUNCTION "users_count_active"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT COUNT(*) INTO delta FROM "inserted" WHERE "is_active";
    ELSIF TG_OP = 'DELETE' THEN
        SELECT -COUNT(*) INTO delta FROM "removed" WHERE "is_active";
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT (SELECT COUNT(*) FROM "inserted" WHERE "is_active")
             - (SELECT COUNT(*) FROM "removed" WHERE "is_active") INTO delta;
    ELSE
        UPDATE "user_counts" SET "active" = 0 WHERE "id" = 1;
        RETURN NULL;
    END IF;
    IF delta <> 0 THEN
        UPDATE "user_counts" SET "active" = "active" + delta WHERE "id" = 1;
    END IF;
    RETURN NULL;
END
$$;
"""
_POSTGRES = _POSTGRES_FUNCTION + _POSTGRES_TRIGGERS

#: The row and its triggers, per dialect, for a ``user_counts`` table that exists.
USER_COUNT_SQL = {"sqlite": COUNT_ROW_SQL + _SQLITE, "postgres": COUNT_ROW_SQL + _POSTGRES}


DROP_USER_COUNT_SQL = {
    "sqlite": """
DROP TRIGGER IF EXISTS "users_count_insert";
DROP TRIGGER IF EXISTS "users_count_delete";
DROP TRIGGER IF EXISTS "users_count_update";
""",
    "postgres": """
DROP TRIGGER IF EXISTS "users_count_insert" ON "users";
DROP TRIGGER IF EXISTS "users_count_update" ON "users";
DROP TRIGGER IF EXISTS "users_count_delete" ON "users";
DROP TRIGGER IF EXISTS "users_count_truncate" ON "users";
DROP FUNCTION IF EXISTS "users_count_active"();
""",
}


# The second version: ``changes`` moves with every change of the active set.
_SQLITE_WITH_CHANGES = """
UPDATE "user_counts" SET "changes" = abs(random() / 2) WHERE "id" = 1;
CREATE TRIGGER "users_count_insert" AFTER INSERT ON "users" WHEN NEW."is_active"
BEGIN
    UPDATE "user_counts" SET "active" = "active" + 1, "changes" = "changes" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "users_count_delete" AFTER DELETE ON "users" WHEN OLD."is_active"
BEGIN
    UPDATE "user_counts" SET "active" = "active" - 1, "changes" = "changes" + 1 WHERE "id" = 1;
END;
CREATE TRIGGER "users_count_update" AFTER UPDATE OF "is_active" ON "users"
WHEN OLD."is_active" IS NOT NEW."is_active"
BEGIN
    UPDATE "user_counts"
    SET "active" = "active" + (CASE WHEN NEW."is_active" THEN 1 ELSE -1 END),
        "changes" = "changes" + 1
    WHERE "id" = 1;
END;
"""

# An UPDATE that activates one user and deactivates another keeps the count but moves
# positions: it counts the rows whose is_active changed, not only the difference.
_POSTGRES_WITH_CHANGES_FUNCTION = """
UPDATE "user_counts" SET "changes" = floor(random() * 4e18)::bigint WHERE "id" = 1;
CREATE FUNCTION "users_count_active"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    delta BIGINT;
    moved BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT COUNT(*) INTO delta FROM "inserted" WHERE "is_active";
        moved := delta;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT -COUNT(*) INTO delta FROM "removed" WHERE "is_active";
        moved := -delta;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT COUNT(*) FILTER (WHERE i."is_active") - COUNT(*) FILTER (WHERE r."is_active"),
               COUNT(*) FILTER (WHERE i."is_active" IS DISTINCT FROM r."is_active")
        INTO delta, moved
        FROM "inserted" i JOIN "removed" r ON r."id" = i."id";
    ELSE
        UPDATE "user_counts" SET "active" = 0, "changes" = "changes" + 1 WHERE "id" = 1;
        RETURN NULL;
    END IF;
    IF moved <> 0 THEN
        UPDATE "user_counts" SET "active" = "active" + delta, "changes" = "changes" + 1
        WHERE "id" = 1;
    END IF;
    RETURN NULL;
END
$$;
"""
_POSTGRES_WITH_CHANGES = _POSTGRES_WITH_CHANGES_FUNCTION + _POSTGRES_TRIGGERS

#: The one row, with ``changes`` at a random start (a schema made from the models has no
#: column defaults); also how a test that emptied every table puts the row back.
COUNT_ROW_WITH_CHANGES_SQL = {
    "sqlite": 'INSERT INTO "user_counts" ("id", "active", "changes") '
    'SELECT 1, COUNT(*), abs(random() / 2) FROM "users" WHERE "is_active";',
    "postgres": 'INSERT INTO "user_counts" ("id", "active", "changes") '
    'SELECT 1, COUNT(*), floor(random() * 4e18)::bigint FROM "users" WHERE "is_active";',
}

#: For a ``user_counts`` row that has ``changes``: the first version's triggers replaced by
#: ones that also move it, from a random start.
CHANGES_SQL = {
    "sqlite": DROP_USER_COUNT_SQL["sqlite"] + _SQLITE_WITH_CHANGES,
    "postgres": DROP_USER_COUNT_SQL["postgres"] + _POSTGRES_WITH_CHANGES,
}

#: Back to the first version's triggers (``changes`` itself is dropped by the migration).
DROP_CHANGES_SQL = {
    "sqlite": DROP_USER_COUNT_SQL["sqlite"] + _SQLITE,
    "postgres": DROP_USER_COUNT_SQL["postgres"] + _POSTGRES,
}


async def install_user_count(connection: BaseDBAsyncClient) -> None:
    """On a schema generated from the models (the tests')."""
    dialect = connection.capabilities.dialect
    await connection.execute_script(COUNT_ROW_WITH_CHANGES_SQL[dialect] + CHANGES_SQL[dialect])
