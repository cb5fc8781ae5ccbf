"""The count of active users, kept exact by triggers on ``users`` whatever writes it: one
primary-key lookup instead of a walk of the index.

Migrations run ``USER_COUNT_SQL``: change the triggers with new constants and a new
migration, never by editing these.
"""

from tortoise import BaseDBAsyncClient, fields
from tortoise.models import Model

#: The id of the one row.
ONLY = 1


class UserCount(Model):
    """One row (id 1)."""

    id = fields.IntField(primary_key=True, generated=False)
    active = fields.BigIntField()

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

# PostgreSQL: statement triggers over transition tables, so a bulk insert of 5,000 rows
# updates the row once. A statement that changes no is_active leaves the row unlocked, so
# profile edits never wait on each other; every registration takes the row's lock until
# its commit, which serialises only the count's update.
_POSTGRES = """
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
CREATE TRIGGER "users_count_insert" AFTER INSERT ON "users"
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


async def install_user_count(connection: BaseDBAsyncClient) -> None:
    """On a schema generated from the models (the tests')."""
    await connection.execute_script(USER_COUNT_SQL[connection.capabilities.dialect])
