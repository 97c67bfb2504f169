-- The embedded database's read cache (db/read-cache.ts) drops what it keeps of a table when a write to
-- that table commits: every statement that writes a table of the app sends the table's name on the
-- channel mosaique_changes, but only when the writing session listens on it (PGlite's one session does;
-- PostgreSQL sessions do not, and then the trigger costs one function call and sends nothing).
CREATE OR REPLACE FUNCTION mosaique_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF 'mosaique_changes' = ANY (ARRAY(SELECT pg_listening_channels())) THEN
    PERFORM pg_notify('mosaique_changes', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format(
      'CREATE TRIGGER mosaique_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
         FOR EACH STATEMENT EXECUTE FUNCTION mosaique_notify_change()', t);
  END LOOP;
END
$$;
