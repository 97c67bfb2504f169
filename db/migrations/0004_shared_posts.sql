CREATE TABLE "post_candidates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "post_candidates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"post_id" integer NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"message" text DEFAULT '' NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_candidates_contact_check" CHECK ("post_candidates"."email" is not null or "post_candidates"."phone" is not null)
);
--> statement-breakpoint
CREATE TABLE "shared_posts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shared_posts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"composition_id" integer NOT NULL,
	"title" text NOT NULL,
	"role_code" text NOT NULL,
	"role_label" text NOT NULL,
	"description" text NOT NULL,
	"hours_hundredths" integer DEFAULT 3500 NOT NULL,
	"contract_type" text DEFAULT 'CDI' NOT NULL,
	"start_date" date NOT NULL,
	"commune_names" text[] NOT NULL,
	"commune_codes" text[] NOT NULL,
	"departements" text[] NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"ge_organization_id" integer,
	"ge_name" text,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" integer,
	"filled_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('french'::regconfig, "title" || ' ' || "role_label" || ' ' || "description")) STORED,
	CONSTRAINT "shared_posts_status_check" CHECK ("shared_posts"."status" in ('open','filled','abandoned')),
	CONSTRAINT "shared_posts_filled_check" CHECK (("shared_posts"."status" = 'filled') = ("shared_posts"."filled_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "search_outbox" DROP CONSTRAINT "search_outbox_kind_check";--> statement-breakpoint
ALTER TABLE "post_candidates" ADD CONSTRAINT "post_candidates_post_id_shared_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."shared_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_posts" ADD CONSTRAINT "shared_posts_composition_id_compositions_id_fk" FOREIGN KEY ("composition_id") REFERENCES "public"."compositions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_posts" ADD CONSTRAINT "shared_posts_ge_organization_id_organizations_id_fk" FOREIGN KEY ("ge_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_posts" ADD CONSTRAINT "shared_posts_opened_by_people_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "post_candidates_post_idx" ON "post_candidates" USING btree ("post_id","created_at");--> statement-breakpoint
CREATE INDEX "post_candidates_expires_idx" ON "post_candidates" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shared_posts_composition_key" ON "shared_posts" USING btree ("composition_id");--> statement-breakpoint
CREATE INDEX "shared_posts_fulltext_idx" ON "shared_posts" USING gin ("search_vector");--> statement-breakpoint
ALTER TABLE "search_outbox" ADD CONSTRAINT "search_outbox_kind_check" CHECK ("search_outbox"."record_kind" in ('need', 'offer', 'post'));