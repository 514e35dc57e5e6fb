CREATE TABLE "control_sheet_rows" (
	"dossier_code" text NOT NULL,
	"row_no" integer NOT NULL,
	"from_unit" text NOT NULL,
	"to_unit" text NOT NULL,
	"handed_over_at" timestamp with time zone NOT NULL,
	"step_id" text,
	"step_due_at" timestamp with time zone,
	"result" text,
	"note" text,
	CONSTRAINT "control_sheet_rows_dossier_code_row_no_pk" PRIMARY KEY("dossier_code","row_no")
);
--> statement-breakpoint
CREATE TABLE "dossier_code_sequences" (
	"agency_code" text NOT NULL,
	"day" date NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "dossier_code_sequences_agency_code_day_pk" PRIMARY KEY("agency_code","day")
);
--> statement-breakpoint
CREATE TABLE "dossier_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text,
	"department" text,
	"summary" text NOT NULL,
	"data" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"code" text PRIMARY KEY NOT NULL,
	"procedure_code" text NOT NULL,
	"procedure_version" integer NOT NULL,
	"rule_pack" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_phone" text,
	"applicant_email" text,
	"current_step_id" text,
	"current_departments" text[] DEFAULT '{}'::text[] NOT NULL,
	"assignee_officer" text,
	"received_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"original_due_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"last_event_seq" integer NOT NULL,
	"last_action_at" timestamp with time zone NOT NULL,
	"snapshot" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"dossier_code" text NOT NULL,
	"audience" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" jsonb NOT NULL,
	"template" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_orders" (
	"txn_ref" text PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"amount_vnd" integer NOT NULL,
	"fee_lines" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"payment_url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"method" text,
	"provider_transaction_no" text,
	"provider_data" jsonb
);
--> statement-breakpoint
CREATE TABLE "postal_orders" (
	"client_ref" text PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"kind" text NOT NULL,
	"order_id" text NOT NULL,
	"tracking_number" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_events_code_seq_uq" ON "dossier_events" USING btree ("dossier_code","seq");--> statement-breakpoint
CREATE INDEX "dossiers_status_idx" ON "dossiers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "dossiers_procedure_idx" ON "dossiers" USING btree ("procedure_code");--> statement-breakpoint
CREATE INDEX "dossiers_due_idx" ON "dossiers" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "dossiers_departments_idx" ON "dossiers" USING gin ("current_departments");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_key_uq" ON "notification_outbox" USING btree ("key","channel");--> statement-breakpoint
CREATE INDEX "notification_outbox_dossier_idx" ON "notification_outbox" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "payment_orders_dossier_idx" ON "payment_orders" USING btree ("dossier_code");