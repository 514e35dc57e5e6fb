/**
 * Dossier (hồ sơ) types and the messages (updates, signals, queries) shared by the API and the workflows.
 * Pure module: imported by workflow code.
 */
import type { LocalCalendarOverlay } from '../../holidays/schema';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FeeFacts, FeeLine } from '../procedures/fees';
import type { Channel, Decision } from '../procedures/schema';

/** Portal status codes used by provincial one-stop software (1..10). */
export const DOSSIER_STATUSES = {
  REGISTERED: { portalCode: 1, label: 'Mới đăng ký, chờ hồ sơ đầy đủ' },
  RECEIVED: { portalCode: 2, label: 'Đã tiếp nhận' },
  PROCESSING: { portalCode: 4, label: 'Đang xử lý' },
  SUPPLEMENT_REQUESTED: { portalCode: 5, label: 'Yêu cầu bổ sung giấy tờ' },
  AWAITING_PAYMENT: { portalCode: 6, label: 'Yêu cầu thực hiện nghĩa vụ tài chính' },
  WITHDRAWN: { portalCode: 7, label: 'Công dân rút hồ sơ' },
  STOPPED: { portalCode: 8, label: 'Dừng xử lý' },
  RESULT_READY: { portalCode: 9, label: 'Đã xử lý xong, chờ trả kết quả' },
  RETURNED: { portalCode: 10, label: 'Đã trả kết quả' },
  REFUSED: { portalCode: 3, label: 'Từ chối giải quyết' },
} as const;
export type DossierStatus = keyof typeof DOSSIER_STATUSES;
export const FINAL_STATUSES: readonly DossierStatus[] = ['RETURNED', 'REFUSED', 'WITHDRAWN', 'STOPPED'];

export type Role = 'reception' | 'officer' | 'head' | 'supervisor' | 'auditor' | 'admin' | 'system' | 'citizen';

/** Who acts: an authenticated user, or the system itself (timers, callbacks). */
export interface Actor {
  userId: string;
  name?: string;
  roles: Role[];
  /** Department codes the user belongs to. */
  departments: string[];
}

export interface Applicant {
  fullName: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
  province?: string;
}

/** What reception hands to the workflow when a complete dossier is received. */
export interface DossierInput {
  code: string;
  procedureCode: string;
  /**
   * The procedure version the dossier runs to the end (`procedureCode@procedureVersion`), chosen at reception as the
   * newest in force. Absent only in dossiers started before versioned procedures (legacy workflow types).
   */
  procedureVersion?: number;
  /** The procedure's case (trường hợp) when it has several, e.g. a longer duration; default its first. */
  caseId?: string;
  /** What reception recorded for fee rules: pages, copies, an exemption. */
  feeFacts?: FeeFacts;
  /** Fees due at filing already paid (cash at the counter, or on the national portal when filing). */
  feesPaidAtFiling?: { method: string; reference?: string };
  /**
   * Official receipt time when it precedes the workflow's start: the portal's acknowledgement time for an online
   * dossier (Decree 45/2020/NĐ-CP art. 11). Never later than the start.
   */
  officialReceivedAt?: string;
  channel: Channel;
  applicant: Applicant;
  submittedPapers: Array<{ code: string; name: string; copies: number }>;
  receivedBy: Actor;
  /** Correlates API request → workflow → activities in the logs. */
  requestId?: string;
  /**
   * The centre's local calendar overlay in force at reception (absent: national calendar only). Carried in the
   * input so the dossier's dates depend only on its history, never on a later edit of the local calendar.
   */
  calendarOverlay?: LocalCalendarOverlay;
  /** Where the citizen wants the result: at the counter, online or by post. */
  returnMethod?: 'counter' | 'online' | 'postal';
  /**
   * Reception's check before the statutory clock starts (it starts only for a complete, valid dossier at the
   * agency): missing items → Form 02 and the dossier waits for them; refusal reasons → Form 03; a postal pickup →
   * the post collects the dossier and the clock starts when it is handed to the agency.
   */
  intake?: { missingItems?: string[]; refusalReasons?: string[]; postalPickup?: boolean };
  /**
   * Keep Temporal search attributes current (default true). Off only where the server has none registered,
   * e.g. the time-skipping test server.
   */
  searchAttributes?: boolean;
}

export interface ActiveStep {
  stepId: string;
  /** When the step's unit decided it (a parallel stage waits for all its steps). */
  decidedAt?: string;
  name: string;
  department: string;
  officer?: string;
  startedAt: string;
  dueAt: string;
  reminded: boolean;
  escalated: boolean;
}

/** Kết quả bàn giao: sớm / đúng hạn / trễ hạn. */
export type HandOffResult = 'early' | 'on-time' | 'late';

/** One row of the control sheet (phiếu kiểm soát quá trình giải quyết hồ sơ). */
export interface ControlSheetRow {
  rowNo: number;
  from: string;
  to: string;
  handedOverAt: string;
  stepId?: string;
  stepDueAt?: string;
  /** When the receiving unit finished its step (fills the result). */
  completedAt?: string;
  result?: HandOffResult;
  note?: string;
}

export interface DossierEvent {
  seq: number;
  type: string;
  at: string;
  actor?: string;
  department?: string;
  /**
   * Vietnamese line written by legacy workflows only. Events of the current workflow are data (type + values); their
   * wording lives in api/presentation, so a wording change needs no workflow deploy.
   */
  summary?: string;
  data: Record<string, unknown>;
}

/** Phiếu xin lỗi và hẹn lại ngày trả kết quả (Form 04). */
export interface Apology {
  no: number;
  at: string;
  /** The unit whose step consumed the time; the one-stop unit when reception caused the delay. */
  faultUnit: string;
  /** Signed by the head of the unit at fault. */
  signer: string;
  reason: string;
  originalDueAt: string;
  newDueAt: string;
}

export interface SupplementRequestRecord {
  no: number;
  requestedAt: string;
  requestedBy: string;
  stepId?: string;
  missingItems: string[];
  reason: string;
  /** The citizen must supplement before this instant or the dossier ends. */
  deadline: string;
  receivedAt?: string;
}

export interface FeeStatus {
  totalVnd: number;
  /** Each fee with its rule, amount and when it is due (versioned procedures). */
  lines?: FeeLine[];
  /** How the fees were paid (gateway method, cash at the counter, the national portal). */
  method?: string;
  paymentUrl?: string;
  /** The current payment attempt's reference; earlier attempts are in `txnRefs`. */
  txnRef?: string;
  /** Every attempt's reference, oldest first (a late success on an earlier one still counts). */
  txnRefs?: string[];
  /** Attempt number of `txnRef` (1 unless a failed or cancelled payment led to a new attempt). */
  attempt?: number;
  /** Reference of the current attempt when the gateway reported it failed or cancelled. */
  failedTxnRef?: string;
  requestedAt?: string;
  paidAt?: string;
  deadline?: string;
}

export interface PostalDelivery {
  orderId: string;
  trackingNumber: string;
  status: PostalStatus;
  updatedAt: string;
}

export interface Closure {
  kind: 'refused' | 'withdrawn' | 'stopped';
  reason: string;
  by: string;
  at: string;
}

/** The dossier's full current state, as returned by the query and by every update. */
export interface DossierView {
  code: string;
  procedureCode: string;
  procedureName: string;
  procedureVersion: number;
  caseId?: string | null;
  rulePack: '2018' | '2025';
  calendarVersion: string;
  channel: Channel;
  applicant: Applicant;
  status: DossierStatus;
  statusLabel: string;
  receivedAt: string;
  dueAt: string;
  originalDueAt: string;
  finishedAt?: string;
  overdue: boolean;
  stageIndex: number;
  activeSteps: ActiveStep[];
  controlSheet: ControlSheetRow[];
  apologies: Apology[];
  supplementRequests: SupplementRequestRecord[];
  notes: Array<{ at: string; by: string; text: string }>;
  fees: FeeStatus;
  returnMethod: 'counter' | 'online' | 'postal';
  postal?: PostalDelivery;
  closure?: Closure;
  /** Statutory forms issued so far (PDFs stored by the documents activity). */
  documents: Array<{ kind: string; documentId: number; sha256: string; fileName: string; issuedAt: string }>;
  /** Paused intervals of the statutory clock (supplementation). */
  pauses: Array<{ from: string; to?: string; reason: string }>;
  extensions: Array<{ hours: number; reason: string; at: string }>;
  lastEventSeq: number;
  lastActionAt: string;
}

export interface StepDecisionRequest {
  stepId: string;
  decision: Decision;
  actor: Actor;
  /** Reason (required for return / refuse / request-supplement). */
  reason?: string;
  /** For request-supplement: every item the citizen must fix, in one go. */
  missingItems?: string[];
  /** For return: the step to go back to (defaults to the previous stage). */
  toStepId?: string;
}

export interface ClaimRequest {
  stepId: string;
  actor: Actor;
}

/** Supervisor (or department head) actions on a stuck or misrouted step. */
export type SupervisorRequest =
  | { action: 'escalate'; stepId: string; actor: Actor; note: string }
  | {
      action: 'reassign';
      stepId: string;
      actor: Actor;
      toDepartment?: string;
      toOfficer?: string;
      /** The new officer's departments, from the user directory (the API resolves them; the workflow checks them). */
      toOfficerDepartments?: string[];
      note: string;
    }
  | { action: 'note'; actor: Actor; note: string }
  | { action: 'extend'; actor: Actor; hours: number; note: string };

export interface SupplementReceipt {
  receivedBy: string;
  note?: string;
}

export interface ResultHandover {
  actor: Actor;
  note?: string;
}

export interface CloseRequest {
  kind: 'withdraw' | 'stop';
  actor: Actor;
  reason: string;
}

export interface PaymentNotice {
  txnRef: string;
  amountVnd: number;
  paidAt: string;
  method: string;
}

/**
 * The working-day calendar changed (a local day off declared, new national data shipped) and an admin applies it to
 * running dossiers: the appointment and step deadlines are recomputed on it, and the citizen told if the date moves.
 */
export interface CalendarChange {
  /** The centre's overlay now in force; null: national calendar only. */
  overlay: LocalCalendarOverlay | null;
  /** National schedule patches to use (holidays/data/patches.ts), in addition to those the dossier already has. */
  patchIds: string[];
  reason: string;
  by: string;
}

/** The gateway reported a payment attempt failed or cancelled (IPN or reconciliation): a new attempt is issued. */
export interface PaymentFailureNotice {
  txnRef: string;
  /** vnp_ResponseCode / vnp_TransactionStatus or a short reason. */
  reason: string;
}

export type PostalStatus = 'created' | 'picked-up' | 'handed-to-agency' | 'delivered' | 'delivery-failed' | 'returned';

export interface PostalTrackingNotice {
  orderId: string;
  status: PostalStatus;
  at: string;
  handoverRecordNo?: string;
  note?: string;
}

export const getDossierQuery = defineQuery<DossierView>('getDossier');
/** Sent with the start (update-with-start): answers once the new dossier is in the read model with its first step active. */
export const openDossierUpdate = defineUpdate<DossierView, []>('openDossier');
export const decideStepUpdate = defineUpdate<DossierView, [StepDecisionRequest]>('decideStep');
export const claimStepUpdate = defineUpdate<DossierView, [ClaimRequest]>('claimStep');
export const supervisorActionUpdate = defineUpdate<DossierView, [SupervisorRequest]>('supervisorAction');
export const receiveSupplementUpdate = defineUpdate<DossierView, [SupplementReceipt]>('receiveSupplement');
export const handOverResultUpdate = defineUpdate<DossierView, [ResultHandover]>('handOverResult');
export const closeDossierUpdate = defineUpdate<DossierView, [CloseRequest]>('closeDossier');

/** External callbacks are signals: the caller needs no answer from the workflow. */
export const supplementReceivedSignal = defineSignal<[SupplementReceipt]>('supplementReceived');
export const paymentConfirmedSignal = defineSignal<[PaymentNotice]>('paymentConfirmed');
export const paymentFailedSignal = defineSignal<[PaymentFailureNotice]>('paymentFailed');
export const calendarChangedSignal = defineSignal<[CalendarChange]>('calendarChanged');
export const postalTrackingSignal = defineSignal<[PostalTrackingNotice]>('postalTracking');

/** Kinds of rejection an update validator raises; the API maps them to HTTP status codes. */
export const REJECTION = {
  NOT_FOUND: 'NotFound',
  FORBIDDEN: 'Forbidden',
  CONFLICT: 'Conflict',
  INVALID: 'Invalid',
} as const;
