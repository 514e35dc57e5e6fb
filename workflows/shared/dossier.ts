/**
 * Dossier (hồ sơ) types and the messages (updates, signals, queries) shared by the API and the workflows.
 * Pure module: imported by workflow code.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel, Decision } from './procedure-definition';

/** Portal status codes used by provincial one-stop software (1..10). */
export const DOSSIER_STATUSES = {
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
}

/** What reception hands to the workflow when a complete dossier is received. */
export interface DossierInput {
  code: string;
  procedureCode: string;
  channel: Channel;
  applicant: Applicant;
  submittedPapers: Array<{ code: string; name: string; copies: number }>;
  receivedBy: Actor;
  /** Correlates API request → workflow → activities in the logs. */
  requestId?: string;
  /** Where the citizen wants the result: at the counter, online or by post. */
  returnMethod?: 'counter' | 'online' | 'postal';
}

export interface ActiveStep {
  stepId: string;
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
  result?: HandOffResult;
  note?: string;
}

export interface DossierEvent {
  seq: number;
  type: string;
  at: string;
  actor?: string;
  department?: string;
  /** Plain Vietnamese line for timelines. */
  summary: string;
  data: Record<string, unknown>;
}

/** The dossier's full current state, as returned by the query and by every update. */
export interface DossierView {
  code: string;
  procedureCode: string;
  procedureName: string;
  procedureVersion: number;
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

export const getDossierQuery = defineQuery<DossierView>('getDossier');
export const decideStepUpdate = defineUpdate<DossierView, [StepDecisionRequest]>('decideStep');

/** Kinds of rejection an update validator raises; the API maps them to HTTP status codes. */
export const REJECTION = {
  NOT_FOUND: 'NotFound',
  FORBIDDEN: 'Forbidden',
  CONFLICT: 'Conflict',
  INVALID: 'Invalid',
} as const;

// Placeholder-free signal list grows with the lifecycle (payment, postal, supplement).
export const supplementReceivedSignal = defineSignal<[{ receivedBy: string; note?: string }]>('supplementReceived');
