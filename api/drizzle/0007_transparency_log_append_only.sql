-- The transparency log is append-only, like the audit log (0001, 0005): UPDATE and DELETE are
-- refused row by row, TRUNCATE (which skips row triggers) by a statement trigger. A database
-- owner can still disable the triggers; the signed tree heads clients and witnesses keep then
-- show the rewrite (a consistency proof from an old head no longer verifies).
CREATE FUNCTION transparency_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER log_entries_append_only BEFORE UPDATE OR DELETE ON log_entries
  FOR EACH ROW EXECUTE FUNCTION transparency_log_append_only();
--> statement-breakpoint
CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries
  FOR EACH STATEMENT EXECUTE FUNCTION transparency_log_append_only();
