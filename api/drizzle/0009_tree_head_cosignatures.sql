CREATE TABLE "tree_head_cosignatures" (
	"witness_key_id" "bytea" NOT NULL,
	"witness_name" text NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" "bytea" NOT NULL,
	"cosigned_at" timestamp (3) with time zone NOT NULL,
	"signature" "bytea" NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tree_head_cosignatures_witness_key_id_tree_size_pk" PRIMARY KEY("witness_key_id","tree_size"),
	CONSTRAINT "tree_head_cosignatures_sizes" CHECK ("tree_head_cosignatures"."tree_size" >= 0 AND octet_length("tree_head_cosignatures"."root_hash") = 32 AND octet_length("tree_head_cosignatures"."signature") = 64)
);
--> statement-breakpoint
CREATE INDEX "tree_head_cosignatures_head" ON "tree_head_cosignatures" USING btree ("tree_size","root_hash");