CREATE TABLE "need_suggestions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "need_suggestions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"need_id" integer NOT NULL,
	"need_version" integer NOT NULL,
	"rank" integer NOT NULL,
	"change" jsonb NOT NULL,
	"positions_gained" integer NOT NULL,
	"members" jsonb NOT NULL,
	"hours_hundredths" integer NOT NULL,
	"max_distance_km" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "need_suggestions" ADD CONSTRAINT "need_suggestions_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "need_suggestions_need_rank_key" ON "need_suggestions" USING btree ("need_id","rank");