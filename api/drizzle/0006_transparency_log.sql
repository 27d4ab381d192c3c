CREATE TABLE "log_entries" (
	"index" bigint PRIMARY KEY NOT NULL,
	"leaf" "bytea" NOT NULL,
	"leaf_hash" "bytea" NOT NULL,
	"entry_type" smallint NOT NULL,
	"certificate_sha256" "bytea" NOT NULL,
	"serial_hex" text NOT NULL,
	"username" text NOT NULL,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_entries_index_range" CHECK ("log_entries"."index" >= 0),
	CONSTRAINT "log_entries_leaf_hash" CHECK ("log_entries"."leaf_hash" = sha256('\x00'::bytea || "log_entries"."leaf")),
	CONSTRAINT "log_entries_entry_type" CHECK ("log_entries"."entry_type" IN (1, 2) AND get_byte("log_entries"."leaf", 0) = "log_entries"."entry_type"),
	CONSTRAINT "log_entries_certificate_sha256" CHECK (CASE "log_entries"."entry_type" WHEN 1 THEN "log_entries"."certificate_sha256" = sha256(substring("log_entries"."leaf" FROM 2)) ELSE "log_entries"."certificate_sha256" = substring("log_entries"."leaf" FROM 2 FOR 32) END)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "log_entries_certificate_once" ON "log_entries" USING btree ("certificate_sha256","entry_type");--> statement-breakpoint
CREATE INDEX "log_entries_serial" ON "log_entries" USING btree ("serial_hex");--> statement-breakpoint
CREATE INDEX "log_entries_username" ON "log_entries" USING btree ("username");