-- The read cache's change trigger (0011_read_cache_notify) on the table added by 0012: every table of
-- the app has it (tests/db/read-cache.test.ts).
CREATE TRIGGER mosaique_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON import_batches
  FOR EACH STATEMENT EXECUTE FUNCTION mosaique_notify_change();
