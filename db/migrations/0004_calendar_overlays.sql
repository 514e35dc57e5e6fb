CREATE TABLE "calendar_overlay_revisions" (
	"revision" serial PRIMARY KEY NOT NULL,
	"overlay" jsonb,
	"calendar_version" text NOT NULL,
	"reason" text NOT NULL,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
