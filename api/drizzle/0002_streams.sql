CREATE TABLE "chunks" (
	"stream_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"epoch" bigint NOT NULL,
	"flags" smallint NOT NULL,
	"capture_ts" bigint NOT NULL,
	"header" "bytea" NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"chain_hash" "bytea" NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chunks_stream_id_seq_pk" PRIMARY KEY("stream_id","seq"),
	CONSTRAINT "chunks_seq_nonnegative" CHECK ("chunks"."seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "streams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"sig_cert_serial" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"last_seq" bigint,
	"last_epoch" bigint,
	"chain_head" "bytea" NOT NULL,
	"frame_count" integer DEFAULT 0 NOT NULL,
	"byte_count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "epoch_keys" (
	"stream_id" uuid NOT NULL,
	"epoch" bigint NOT NULL,
	"recipient_serial" text NOT NULL,
	"recipient_id" uuid NOT NULL,
	"wrapped_key" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epoch_keys_stream_id_epoch_recipient_serial_pk" PRIMARY KEY("stream_id","epoch","recipient_serial")
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"driver_id" uuid NOT NULL,
	"dispatcher_id" uuid NOT NULL,
	"dispatcher_enc_serial" text NOT NULL,
	"scope" text NOT NULL,
	"stream_ids" uuid[] NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"signature" "bytea" NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD CONSTRAINT "chunks_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "streams" ADD CONSTRAINT "streams_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epoch_keys" ADD CONSTRAINT "epoch_keys_stream_id_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."streams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epoch_keys" ADD CONSTRAINT "epoch_keys_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_driver_id_users_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_dispatcher_id_users_id_fk" FOREIGN KEY ("dispatcher_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "streams_owner" ON "streams" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "epoch_keys_recipient" ON "epoch_keys" USING btree ("recipient_id");--> statement-breakpoint
CREATE INDEX "grants_driver" ON "grants" USING btree ("driver_id");--> statement-breakpoint
CREATE INDEX "grants_dispatcher" ON "grants" USING btree ("dispatcher_id");