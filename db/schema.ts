/**
 * Read model and side tables. The workflow history is the authoritative record of each dossier; these tables
 * are written only by the projection activity (single writer), except the code sequence and the audit log.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** PostgreSQL bytea as a Node Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const tsz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** hồ sơ — one row per dossier, the current state as last projected by its workflow. */
export const dossiers = pgTable(
  'dossiers',
  {
    code: text('code').primaryKey(),
    procedureCode: text('procedure_code').notNull(),
    procedureVersion: integer('procedure_version').notNull(),
    rulePack: text('rule_pack').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantPhone: text('applicant_phone'),
    applicantEmail: text('applicant_email'),
    currentStepId: text('current_step_id'),
    currentDepartments: text('current_departments').array().notNull().default(sql`'{}'::text[]`),
    assigneeOfficer: text('assignee_officer'),
    receivedAt: tsz('received_at'),
    dueAt: tsz('due_at'),
    originalDueAt: tsz('original_due_at'),
    finishedAt: tsz('finished_at'),
    overdue: boolean('overdue').notNull().default(false),
    lastEventSeq: integer('last_event_seq').notNull(),
    lastActionAt: tsz('last_action_at').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    updatedAt: tsz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('dossiers_status_idx').on(t.status),
    index('dossiers_procedure_idx').on(t.procedureCode),
    index('dossiers_due_idx').on(t.dueAt),
    index('dossiers_departments_idx').using('gin', t.currentDepartments),
  ],
);

/** Append-only log of every transition, in workflow order. */
export const dossierEvents = pgTable(
  'dossier_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: tsz('at').notNull(),
    actor: text('actor'),
    department: text('department'),
    summary: text('summary').notNull(),
    data: jsonb('data').notNull(),
    recordedAt: tsz('recorded_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dossier_events_code_seq_uq').on(t.dossierCode, t.seq)],
);

/** Phiếu kiểm soát quá trình giải quyết hồ sơ — one row per hand-off. */
export const controlSheetRows = pgTable(
  'control_sheet_rows',
  {
    dossierCode: text('dossier_code').notNull(),
    rowNo: integer('row_no').notNull(),
    fromUnit: text('from_unit').notNull(),
    toUnit: text('to_unit').notNull(),
    handedOverAt: tsz('handed_over_at').notNull(),
    stepId: text('step_id'),
    stepDueAt: tsz('step_due_at'),
    result: text('result'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.dossierCode, t.rowNo] })],
);

/** Daily sequence per agency for dossier codes `<agency>-<yyMMdd>-<nnnn>`. */
export const dossierCodeSequences = pgTable(
  'dossier_code_sequences',
  {
    agencyCode: text('agency_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    lastValue: integer('last_value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.day] })],
);

/** Citizen and staff notifications: one row per (event, audience), so each is sent exactly once and visible. */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    dossierCode: text('dossier_code').notNull(),
    audience: text('audience').notNull(),
    channel: text('channel').notNull(),
    recipient: jsonb('recipient').notNull(),
    template: text('template').notNull(),
    /** Template parameters (providers with pre-approved templates, e.g. Zalo ZNS, need them, not the text). */
    params: jsonb('params'),
    body: text('body').notNull(),
    /** pending → sent, or failed (refused by the provider, or out of attempts). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the dispatcher retries a pending row whose first delivery failed; null while the first try runs. */
    nextAttemptAt: tsz('next_attempt_at'),
    createdAt: tsz('created_at').notNull().defaultNow(),
    sentAt: tsz('sent_at'),
  },
  (t) => [
    uniqueIndex('notification_outbox_key_uq').on(t.key, t.channel),
    index('notification_outbox_dossier_idx').on(t.dossierCode),
    index('notification_outbox_retry_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** Payment requests for fees and charges; the transaction reference is derived from the dossier, never reused. */
export const paymentOrders = pgTable(
  'payment_orders',
  {
    txnRef: text('txn_ref').primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    amountVnd: integer('amount_vnd').notNull(),
    feeLines: jsonb('fee_lines').notNull(),
    status: text('status').notNull().default('pending'),
    paymentUrl: text('payment_url').notNull(),
    createdAt: tsz('created_at').notNull().defaultNow(),
    paidAt: tsz('paid_at'),
    method: text('method'),
    providerTransactionNo: text('provider_transaction_no'),
    providerData: jsonb('provider_data'),
  },
  (t) => [index('payment_orders_dossier_idx').on(t.dossierCode)],
);

/** Orders placed with the public postal service (bưu chính công ích). */
export const postalOrders = pgTable('postal_orders', {
  clientRef: text('client_ref').primaryKey(),
  dossierCode: text('dossier_code').notNull(),
  kind: text('kind').notNull(),
  orderId: text('order_id').notNull(),
  trackingNumber: text('tracking_number').notNull(),
  status: text('status').notNull(),
  createdAt: tsz('created_at').notNull().defaultNow(),
  updatedAt: tsz('updated_at').notNull().defaultNow(),
});

/**
 * Tamper-evident audit log: every state-changing API call (allowed or refused) and every read of personal data.
 * Each row's hash = sha256(prev_hash + canonical JSON of the row), so editing or deleting a row breaks the chain.
 * Appends are serialized with an advisory lock (see db/repositories/audit.ts); seq is contiguous from 1.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: tsz('at').notNull(),
    actorId: text('actor_id'),
    actorRoles: text('actor_roles').array().notNull().default(sql`'{}'::text[]`),
    action: text('action').notNull(),
    dossierCode: text('dossier_code'),
    outcome: text('outcome').notNull(),
    detail: jsonb('detail').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_dossier_idx').on(t.dossierCode), index('audit_log_at_idx').on(t.at)],
);

/** Citizen satisfaction survey after the result is returned: one answer per dossier. */
export const surveyResponses = pgTable('survey_responses', {
  dossierCode: text('dossier_code').primaryKey(),
  score: integer('score').notNull(),
  comment: text('comment'),
  submittedAt: tsz('submitted_at').notNull().defaultNow(),
});

/** Statutory documents issued for a dossier (receipt, supplement request, refusal, apology…), as rendered PDFs. */
export const documents = pgTable(
  'documents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `<dossier>:<event seq>:<kind>`: a retried activity stores the document once. */
    key: text('key').notNull(),
    dossierCode: text('dossier_code').notNull(),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    pdf: bytea('pdf').notNull(),
    issuedAt: tsz('issued_at').notNull(),
    createdAt: tsz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('documents_key_uq').on(t.key), index('documents_dossier_idx').on(t.dossierCode)],
);

/** Answers to POSTs that carried an Idempotency-Key: the same key from the same user replays the first answer. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: tsz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/**
 * Revisions of the centre's local calendar overlay (lịch làm việc địa phương): extra days off, extra working days,
 * office hours. Append-only; the newest revision is in force for dossiers received from then on (each dossier
 * records the overlay it started with). `overlay` null means "national calendar only".
 */
export const calendarOverlayRevisions = pgTable('calendar_overlay_revisions', {
  revision: serial('revision').primaryKey(),
  overlay: jsonb('overlay'),
  calendarVersion: text('calendar_version').notNull(),
  reason: text('reason').notNull(),
  changedBy: text('changed_by').notNull(),
  changedAt: tsz('changed_at').notNull().defaultNow(),
});
