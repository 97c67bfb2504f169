CREATE TABLE "composition_decisions" (
	"composition_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"decision" text NOT NULL,
	"person_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "composition_decisions_composition_id_organization_id_pk" PRIMARY KEY("composition_id","organization_id"),
	CONSTRAINT "composition_decisions_decision_check" CHECK ("composition_decisions"."decision" in ('accept','decline'))
);
--> statement-breakpoint
CREATE TABLE "composition_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "composition_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"composition_id" integer NOT NULL,
	"person_id" integer,
	"kind" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "composition_needs" (
	"composition_id" integer NOT NULL,
	"need_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"need_version" integer NOT NULL,
	"slots" text[] NOT NULL,
	"accepted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "composition_needs_composition_id_need_id_pk" PRIMARY KEY("composition_id","need_id")
);
--> statement-breakpoint
CREATE TABLE "compositions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "compositions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"role_code" text NOT NULL,
	"role_label" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"kind" text NOT NULL,
	"signature" text NOT NULL,
	"hours_hundredths" integer NOT NULL,
	"missing_hundredths" integer DEFAULT 0 NOT NULL,
	"free_slots" text[] DEFAULT '{}'::text[] NOT NULL,
	"ge_id" integer,
	"ge_choice" text,
	"chosen_ge_id" integer,
	"max_distance_km" double precision NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "compositions_status_check" CHECK ("compositions"."status" in ('proposed','accepted','withdrawn','declined','post_opened','filled','abandoned')),
	CONSTRAINT "compositions_kind_check" CHECK ("compositions"."kind" in ('full','partial')),
	CONSTRAINT "compositions_ge_choice_check" CHECK ("compositions"."ge_choice" is null or "compositions"."ge_choice" in ('existing','to_create'))
);
--> statement-breakpoint
CREATE TABLE "matching_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "matching_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scope" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"needs" integer DEFAULT 0 NOT NULL,
	"proposed" integer DEFAULT 0 NOT NULL,
	"kept" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"elapsed_ms" integer DEFAULT 0 NOT NULL,
	"proved_optimal" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "composition_decisions" ADD CONSTRAINT "composition_decisions_composition_id_compositions_id_fk" FOREIGN KEY ("composition_id") REFERENCES "public"."compositions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_decisions" ADD CONSTRAINT "composition_decisions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_decisions" ADD CONSTRAINT "composition_decisions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_events" ADD CONSTRAINT "composition_events_composition_id_compositions_id_fk" FOREIGN KEY ("composition_id") REFERENCES "public"."compositions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_events" ADD CONSTRAINT "composition_events_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_needs" ADD CONSTRAINT "composition_needs_composition_id_compositions_id_fk" FOREIGN KEY ("composition_id") REFERENCES "public"."compositions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_needs" ADD CONSTRAINT "composition_needs_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_needs" ADD CONSTRAINT "composition_needs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compositions" ADD CONSTRAINT "compositions_ge_id_organizations_id_fk" FOREIGN KEY ("ge_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compositions" ADD CONSTRAINT "compositions_chosen_ge_id_organizations_id_fk" FOREIGN KEY ("chosen_ge_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "composition_events_composition_idx" ON "composition_events" USING btree ("composition_id","at");--> statement-breakpoint
CREATE INDEX "composition_needs_need_idx" ON "composition_needs" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "composition_needs_organization_idx" ON "composition_needs" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "composition_needs_one_accepted_key" ON "composition_needs" USING btree ("need_id") WHERE "composition_needs"."accepted";--> statement-breakpoint
CREATE INDEX "compositions_status_idx" ON "compositions" USING btree ("status","role_code");--> statement-breakpoint
CREATE UNIQUE INDEX "compositions_live_signature_key" ON "compositions" USING btree ("signature") WHERE "compositions"."status" = 'proposed';