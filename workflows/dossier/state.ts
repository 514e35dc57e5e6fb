/**
 * The dossier (hồ sơ) as plain data, and its view. The workflow owns one `DossierState`; transitions.ts changes it;
 * nothing here touches Temporal, so the whole state machine runs in unit tests without a server.
 */
import type { DocumentRequest } from '../../activities/issue-document';
import type { FeeLine } from '../procedures/fees';
import type { Procedure } from '../procedures/schema';
import {
  DOSSIER_STATUSES,
  type ActiveStep,
  type Apology,
  type Applicant,
  type Closure,
  type ControlSheetRow,
  type DossierEvent,
  type DossierStatus,
  type DossierView,
  type FeeStatus,
  type PostalDelivery,
  type PostalTrackingNotice,
  type SupplementRequestRecord,
} from '../shared/dossier';
import type { ClockState, StatutoryTime } from '../statutory-clock';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A statutory form to issue for an event; the workflow adds the dossier's own fields. */
export type FormRequest = DistributiveOmit<DocumentRequest, 'key' | 'rulePack' | 'issuedAt' | 'dossierCode' | 'applicant' | 'procedure'>;

/**
 * A side effect a transition asks for. The workflow runs them in order after the read model has the events, so a
 * slow PDF or SMS never delays what staff see.
 */
export type Effect =
  | { kind: 'notify-citizen'; event: number; template: string; params?: Record<string, unknown> }
  | { kind: 'notify-staff'; event: number; audience: 'department' | 'supervisor'; unit: string; template: string; params?: Record<string, unknown> }
  | { kind: 'issue-document'; event: number; form: FormRequest }
  | { kind: 'request-payment'; attempt: number }
  | { kind: 'postal-order'; purpose: 'collect-dossier' | 'deliver-result' };

export interface DossierState {
  code: string;
  procedure: { code: string; version: number; name: string };
  caseId: string | null;
  channel: DossierView['channel'];
  applicant: Applicant;
  receivedBy: { userId: string; name?: string };
  status: DossierStatus;
  /** Official receipt of the complete dossier (Form 01); the clock may count from later (a restart after supplementation). */
  receivedAt: string;
  /** Reception waits for a complete dossier (missing items, or a postal pickup on its way): no clock yet. */
  intakePending: boolean;
  clock: ClockState;
  originalDueAt: string;
  dueAt: string;
  finishedAt?: string;
  lastActionAt: string;
  stageIndex: number;
  activeSteps: ActiveStep[];
  /** A decision sent the dossier back: the stage to start again. */
  returnTo: { stage: number; from: string } | null;
  controlSheet: ControlSheetRow[];
  apologies: Apology[];
  /** The appointment whose notice-point check found the dossier on track. */
  noticeCheckedFor: string | null;
  /** The appointment for which a second slip was escalated (a re-appointment happens once). */
  slipEscalatedFor: string | null;
  supplementRequests: SupplementRequestRecord[];
  notes: Array<{ at: string; by: string; text: string }>;
  fees: FeeStatus & { lines: FeeLine[] };
  returnMethod: DossierView['returnMethod'];
  postal?: PostalDelivery;
  /** Tracking notices that arrived before the order's creation was recorded (same activation): applied after it. */
  postalBacklog?: PostalTrackingNotice[];
  closure?: Closure;
  resultHandedOver: boolean;
  documents: DossierView['documents'];
  /** Events recorded so far (numbered from 1); only those not yet projected are kept in memory. */
  eventCount: number;
  unflushed: DossierEvent[];
  effects: Effect[];
}

/** What a transition reads besides the state: the procedure version, the dossier's calendar and the time. */
export interface TransitionContext {
  def: Procedure;
  time: StatutoryTime;
  now: string;
}

/** Appends an event; returns its number. */
export function record(s: DossierState, now: string, e: Omit<DossierEvent, 'seq' | 'at'>): number {
  const seq = s.eventCount + 1;
  s.eventCount = seq;
  s.unflushed.push({ ...e, seq, at: now });
  s.lastActionAt = now;
  return seq;
}

export const openSteps = (s: Pick<DossierState, 'activeSteps'>) => s.activeSteps.filter((x) => !x.decidedAt);

export function isOverdue(s: DossierState, now: string): boolean {
  return !s.intakePending && Date.parse(s.finishedAt ?? now) > Date.parse(s.dueAt) && s.closure?.kind !== 'withdrawn';
}

/** The dossier as the API and staff see it (query result, update answer, read-model snapshot). */
export function toView(s: DossierState, ctx: { def: Procedure; time: StatutoryTime; now: string }): DossierView {
  return {
    code: s.code,
    procedureCode: s.procedure.code,
    procedureName: s.procedure.name,
    procedureVersion: s.procedure.version,
    caseId: s.caseId,
    rulePack: ctx.def.rulePack,
    calendarVersion: ctx.time.version,
    channel: s.channel,
    applicant: s.applicant,
    status: s.status,
    statusLabel: DOSSIER_STATUSES[s.status].label,
    receivedAt: s.receivedAt,
    dueAt: s.dueAt,
    originalDueAt: s.originalDueAt,
    finishedAt: s.finishedAt,
    overdue: isOverdue(s, ctx.now),
    stageIndex: s.stageIndex,
    activeSteps: openSteps(s).map((x) => ({ ...x })),
    controlSheet: s.controlSheet.map((r) => ({ ...r })),
    apologies: s.apologies.map((a) => ({ ...a })),
    supplementRequests: s.supplementRequests.map((r) => ({ ...r, missingItems: [...r.missingItems] })),
    notes: [...s.notes],
    fees: { ...s.fees, lines: s.fees.lines.map((l) => ({ ...l })) },
    returnMethod: s.returnMethod,
    postal: s.postal ? { ...s.postal } : undefined,
    closure: s.closure,
    documents: s.documents.map((d) => ({ ...d })),
    pauses: s.clock.pauses.map((p) => ({ ...p })),
    extensions: s.clock.extensions.map((e) => ({ ...e })),
    lastEventSeq: s.eventCount,
    lastActionAt: s.lastActionAt,
  };
}
