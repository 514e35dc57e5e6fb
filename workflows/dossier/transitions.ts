/**
 * Transitions of the dossier state machine: plain functions that change a `DossierState` in place (the workflow owns
 * the only copy) and queue the effects to run. Time comes in `ctx.now`; dates come from the dossier's calendar.
 * No Temporal, no I/O: unit-tested in milliseconds (transitions.test.ts).
 *
 * Events are data: a type and values (codes, instants, amounts). Their Vietnamese wording is in api/presentation.
 */
import { departmentName } from '../procedures/departments';
import { computeFees, totalVnd } from '../procedures/fees';
import { caseOf, HOURS_PER_WORKING_DAY, type Procedure } from '../procedures/schema';
import type {
  ActiveStep,
  Apology,
  CalendarChange,
  ClaimRequest,
  CloseRequest,
  Closure,
  DossierInput,
  DossierStatus,
  PaymentFailureNotice,
  PaymentNotice,
  PostalDelivery,
  PostalTrackingNotice,
  ResultHandover,
  StepDecisionRequest,
  SupervisorRequest,
  SupplementReceipt,
} from '../shared/dossier';
import type { StatutoryTime } from '../statutory-clock';
import { returnTarget, stepDefinition } from './rules';
import { openSteps, record, type DossierState, type TransitionContext } from './state';

const DURATION_TEXT = { 'working-days': 'ngày làm việc', 'working-hours': 'giờ làm việc', 'calendar-days': 'ngày', 'same-day': 'trong ngày' } as const;
const RETURN_CHANNEL = { counter: 'Tại Bộ phận Một cửa', online: 'Trực tuyến trên Cổng Dịch vụ công', postal: 'Qua dịch vụ bưu chính công ích' } as const;

/** Payment attempts per dossier (each failed or cancelled one gets a new reference, up to this many). */
export const MAX_PAYMENT_ATTEMPTS = 10;

// ---------------------------------------------------------------- reception

/**
 * The dossier as reception hands it over. A complete dossier is received at once: the statutory clock starts and
 * the first stage is active before the workflow's first task ends, so the first department can act as soon as the
 * API answers. Otherwise reception's check decides: refusal (Form 03), missing items (Form 02, the clock waits), or a
 * postal pickup (the clock starts when the post hands the dossier to the agency; transit is not counted, Decision
 * 45/2016/QĐ-TTg).
 */
export function openDossier(input: DossierInput, ctx: TransitionContext): DossierState {
  const { def, now } = ctx;
  const c = caseOf(def, input.caseId);
  // The portal's acknowledgement is the official receipt time of an online dossier (Decree 45/2020/NĐ-CP art. 11).
  const receivedAt = input.officialReceivedAt && input.officialReceivedAt < now ? new Date(Date.parse(input.officialReceivedAt)).toISOString() : now;
  const lines = computeFees(def, input.feeFacts);
  const s: DossierState = {
    code: input.code,
    procedure: { code: def.code, version: def.version, name: def.name },
    caseId: c.id,
    channel: input.channel,
    applicant: input.applicant,
    receivedBy: { userId: input.receivedBy.userId, name: input.receivedBy.name },
    status: 'RECEIVED',
    intakePending: false,
    receivedAt,
    clock: { receivedAt, duration: c.duration, pauses: [], extensions: [] },
    originalDueAt: receivedAt,
    dueAt: receivedAt,
    lastActionAt: now,
    stageIndex: 0,
    activeSteps: [],
    returnTo: null,
    controlSheet: [],
    apologies: [],
    noticeCheckedFor: null,
    slipEscalatedFor: null,
    supplementRequests: [],
    notes: [],
    fees: { totalVnd: totalVnd(lines), lines },
    returnMethod: input.returnMethod ?? 'counter',
    resultHandedOver: false,
    documents: [],
    eventCount: 0,
    unflushed: [],
    effects: [],
  };
  s.dueAt = s.originalDueAt = ctx.time.computeDueAt(s.clock);
  if (input.feesPaidAtFiling && totalVnd(lines, 'filing') > 0) {
    s.fees.paidAt = now;
    s.fees.method = input.feesPaidAtFiling.method;
  }

  const intake = input.intake ?? {};
  if (intake.refusalReasons?.length) {
    close(s, ctx, { kind: 'refused', reason: intake.refusalReasons.join('; '), by: input.receivedBy.userId, at: now }, 'REFUSED', { atReception: true });
    return s;
  }
  const missing = intake.missingItems ?? [];
  if (missing.length || intake.postalPickup) {
    s.intakePending = true;
    s.status = 'REGISTERED';
    if (intake.postalPickup) s.effects.push({ kind: 'postal-order', purpose: 'collect-dossier' });
    if (missing.length) requestSupplementAtReception(s, ctx, missing, input.receivedBy.userId);
    return s;
  }
  startHandling(s, ctx, input.requestId);
  return s;
}

function requestSupplementAtReception(s: DossierState, ctx: TransitionContext, missing: string[], by: string) {
  const { def, now } = ctx;
  const deadline = supplementDeadline(def, ctx);
  s.supplementRequests.push({ no: s.supplementRequests.length + 1, requestedAt: now, requestedBy: by, missingItems: [...missing], reason: 'Hồ sơ chưa đầy đủ khi tiếp nhận', deadline: deadline ?? '' });
  s.status = 'SUPPLEMENT_REQUESTED';
  const e = record(s, now, { type: 'SUPPLEMENT_REQUESTED', actor: by, department: def.receptionUnit, data: { missingItems: missing, deadline: deadline ?? null, atReception: true } });
  s.effects.push({ kind: 'notify-citizen', event: e, template: 'supplement-request', params: { items: missing, deadline } });
  s.effects.push({
    kind: 'issue-document',
    event: e,
    form: {
      kind: 'supplement',
      receivedAt: now,
      items: missing.map((m) => ({ document: m, requirement: 'Bổ sung để hồ sơ đầy đủ theo quy định' })),
      ...(deadline ? { supplementBy: deadline } : {}),
      contact: { name: s.receivedBy.name ?? by, unit: def.receptionUnit },
      officer: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: s.receivedBy.name ?? by },
    },
  });
}

/** Complete and at the agency: the statutory clock starts, Form 01 is issued, the first stage is handed the dossier. */
function startHandling(s: DossierState, ctx: TransitionContext, requestId?: string) {
  const { def, now } = ctx;
  if (s.intakePending) {
    s.intakePending = false;
    s.receivedAt = s.clock.receivedAt = now;
  }
  s.dueAt = s.originalDueAt = ctx.time.computeDueAt(s.clock);
  s.status = 'PROCESSING';
  const received = record(s, now, {
    type: 'RECEIVED',
    actor: s.receivedBy.userId,
    department: def.receptionUnit,
    data: { channel: s.channel, dueAt: s.dueAt, receivedAt: s.receivedAt, calendarVersion: ctx.time.version, procedureVersion: def.version, caseId: s.caseId, requestId: requestId ?? null },
  });
  activateStage(s, ctx, 0, def.receptionUnit);
  s.effects.push({ kind: 'notify-citizen', event: received, template: 'receipt', params: { dueAt: s.dueAt } });
  const c = caseOf(def, s.caseId ?? undefined);
  s.effects.push({
    kind: 'issue-document',
    event: received,
    form: {
      kind: 'receipt',
      papers: c.papers.length ? c.papers.map((p) => ({ name: p.name, copies: p.copies })) : [{ name: 'Hồ sơ theo quy định', copies: 1 }],
      statutoryDuration:
        c.duration.unit === 'same-day'
          ? 'Trong ngày (nhận sau 15 giờ trả trong ngày làm việc tiếp theo)'
          : `${String(c.duration.amount).padStart(2, '0')} ${DURATION_TEXT[c.duration.unit]}`,
      receivedAt: s.receivedAt,
      appointmentAt: s.dueAt,
      returnChannel: RETURN_CHANNEL[s.returnMethod],
      receivingOfficer: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: s.receivedBy.name ?? s.receivedBy.userId },
    },
  });
  // Fees due at filing and not paid at the counter: the link goes out with the receipt (paid before the result).
  if (!s.fees.paidAt && totalVnd(s.fees.lines, 'filing') > 0) requestPayment(s, ctx);
}

/** The post handed a collected dossier to the agency, or it failed to. */
export function pickupArrived(s: DossierState, ctx: TransitionContext): void {
  if (!s.intakePending || s.closure) return;
  if (s.postal?.status !== 'handed-to-agency') {
    close(s, ctx, { kind: 'stopped', reason: 'Bưu chính không chuyển được hồ sơ đến cơ quan', by: 'postal-service', at: ctx.now }, 'STOPPED');
    return;
  }
  // Still waiting for missing items: the clock starts when they arrive.
  if (s.status === 'SUPPLEMENT_REQUESTED') return;
  startHandling(s, ctx);
}

// ---------------------------------------------------------------- hand-offs

/**
 * Due time of a step: its share from when it started (plus pauses since), but never after the appointment, minus
 * the shares of the stages after it. Without the cap a same-day dossier received at 14:00 got a step due the next
 * morning and an apology seconds after reception.
 */
export function stepDueAt(s: DossierState, ctx: { def: Procedure; time: StatutoryTime }, stageIndex: number, startedAt: string, shareHours: number): string {
  const own = ctx.time.stepDueAt(s.clock, startedAt, shareHours);
  const later = laterStagesShareHours(ctx.def, stageIndex);
  let latest = s.dueAt;
  if (later > 0) {
    // Counted forward from the start, so a cap at a day boundary reads as that day's close (17:00), not the next opening.
    const room = ctx.time.workingHoursBetween(startedAt, ctx.time.workingInstantBefore(s.dueAt, later));
    latest = ctx.time.addWorkingHours(startedAt, Math.max(0, room));
  }
  return own < latest ? own : latest;
}

/** Working hours the stages after `stageIndex` need (each stage: its longest parallel step). */
export function laterStagesShareHours(def: Procedure, stageIndex: number): number {
  return def.stages.slice(stageIndex + 1).reduce((sum, st) => sum + Math.max(...st.steps.map((x) => x.shareHours)), 0);
}

function activateStage(s: DossierState, ctx: TransitionContext, index: number, fromUnit: string) {
  const { def, now } = ctx;
  s.stageIndex = index;
  s.activeSteps = def.stages[index].steps.map((st) => ({
    stepId: st.id,
    name: st.name,
    department: st.department,
    startedAt: now,
    dueAt: stepDueAt(s, ctx, index, now, st.shareHours),
    reminded: false,
    escalated: false,
  }));
  // A step shorter than the reminder lead time (a same-day step) gets no reminder the moment it starts.
  for (const st of s.activeSteps) st.reminded = ctx.time.workingInstantBefore(st.dueAt, def.reminderBeforeHours) <= now;
  for (const st of s.activeSteps) {
    s.controlSheet.push({ rowNo: s.controlSheet.length + 1, from: fromUnit, to: st.department, handedOverAt: now, stepId: st.stepId, stepDueAt: st.dueAt });
    record(s, now, { type: 'STEP_STARTED', department: st.department, data: { stepId: st.stepId, stepName: st.name, dueAt: st.dueAt, from: fromUnit } });
  }
}

/**
 * Trước hạn / đúng hạn / quá hạn of a hand-off (the control sheet's labels, Circular 01/2018/TT-VPCP Form 05 and its
 * 2025 successor): before the step's due day (Vietnam date), on it, or after its due time.
 */
export function handOffResult(at: string, dueAt: string): 'early' | 'on-time' | 'late' {
  if (at > dueAt) return 'late';
  return vnDate(at) < vnDate(dueAt) ? 'early' : 'on-time';
}

const vnDate = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

function closeRow(s: DossierState, ctx: TransitionContext, step: ActiveStep, note?: string, result?: 'early' | 'on-time' | 'late' | null) {
  const row = [...s.controlSheet].reverse().find((r) => r.stepId === step.stepId && !r.completedAt);
  const r = result === undefined ? handOffResult(ctx.now, step.dueAt) : result;
  if (row) {
    row.completedAt = ctx.now;
    if (r) row.result = r;
    if (note) row.note = note;
  }
  return r;
}

function refreshStepDues(s: DossierState, ctx: { def: Procedure; time: StatutoryTime }) {
  for (const st of openSteps(s)) {
    const share = stepDefinition(ctx.def, st.stepId)?.shareHours ?? 0;
    const due = stepDueAt(s, ctx, s.stageIndex, st.startedAt, share);
    if (due !== st.dueAt) {
      st.dueAt = due;
      st.reminded = ctx.time.workingInstantBefore(due, ctx.def.reminderBeforeHours) <= st.startedAt;
      st.escalated = false;
      const row = [...s.controlSheet].reverse().find((r) => r.stepId === st.stepId && !r.completedAt);
      if (row) row.stepDueAt = due;
    }
  }
}

/** After a decision: start the stage a return points at, the next stage, or finish handling. */
export function advance(s: DossierState, ctx: TransitionContext): 'processing' | 'done' {
  if (s.status !== 'PROCESSING') return 'processing';
  if (s.returnTo) {
    const { stage, from } = s.returnTo;
    s.returnTo = null;
    activateStage(s, ctx, stage, from);
    return 'processing';
  }
  if (s.activeSteps.length === 0 || openSteps(s).length > 0) return 'processing';
  const from = s.activeSteps.map((x) => x.department).join(', ');
  if (s.stageIndex + 1 < ctx.def.stages.length) {
    activateStage(s, ctx, s.stageIndex + 1, from);
    return 'processing';
  }
  s.activeSteps = [];
  s.controlSheet.push({ rowNo: s.controlSheet.length + 1, from, to: ctx.def.receptionUnit, handedOverAt: ctx.now, note: 'Chuyển kết quả về bộ phận một cửa' });
  return 'done';
}

// ---------------------------------------------------------------- staff actions (validated by rules.ts first)

export function claim(s: DossierState, req: ClaimRequest, ctx: TransitionContext): void {
  const step = openSteps(s).find((x) => x.stepId === req.stepId)!;
  step.officer = req.actor.userId;
  record(s, ctx.now, { type: 'STEP_CLAIMED', actor: req.actor.userId, department: step.department, data: { stepId: step.stepId, stepName: step.name } });
}

export function decide(s: DossierState, req: StepDecisionRequest, ctx: TransitionContext): void {
  const { def, now } = ctx;
  const step = openSteps(s).find((x) => x.stepId === req.stepId)!;
  switch (req.decision) {
    case 'approve': {
      const result = closeRow(s, ctx, step, req.reason);
      step.decidedAt = now;
      record(s, now, { type: 'STEP_APPROVED', actor: req.actor.userId, department: step.department, data: { stepId: step.stepId, stepName: step.name, result, note: req.reason ?? null } });
      return;
    }
    case 'return': {
      const { stage } = returnTarget(def, req.toStepId, s.stageIndex);
      for (const x of openSteps(s)) closeRow(s, ctx, x, x === step ? `Trả lại: ${req.reason}` : `Dừng do ${departmentName(step.department)} trả hồ sơ về bước trước`, x === step ? undefined : null);
      record(s, now, { type: 'STEP_RETURNED', actor: req.actor.userId, department: step.department, data: { stepId: step.stepId, stepName: step.name, toStage: stage, reason: req.reason } });
      s.returnTo = { stage, from: step.department };
      return;
    }
    case 'request-supplement':
      requestSupplement(s, ctx, step, req);
      return;
    case 'refuse': {
      for (const x of openSteps(s)) closeRow(s, ctx, x, x === step ? `Từ chối: ${req.reason}` : undefined, x === step ? undefined : null);
      close(s, ctx, { kind: 'refused', reason: req.reason!, by: req.actor.userId, at: now }, 'REFUSED', { department: step.department, stepId: step.stepId });
      return;
    }
  }
}

/** When the citizen's time to supplement ends, where the procedure's rules set a limit. */
function supplementDeadline(def: Procedure, ctx: TransitionContext): string | undefined {
  const w = def.supplement.window;
  if (!w) return undefined;
  return w.unit === 'working-days' ? ctx.time.addWorkingHours(ctx.now, w.amount * HOURS_PER_WORKING_DAY) : new Date(Date.parse(ctx.now) + w.amount * 86_400_000).toISOString();
}

/**
 * One request listing everything, in writing through the one-stop unit (Decree 61/2018/NĐ-CP art. 19.4). The clock pauses (time already spent counts) or,
 * where the procedure's sector law says so, starts again from the supplemented dossier.
 */
function requestSupplement(s: DossierState, ctx: TransitionContext, step: ActiveStep, req: StepDecisionRequest) {
  const { def, now } = ctx;
  const deadline = supplementDeadline(def, ctx);
  s.clock.pauses.push({ from: now, reason: `Chờ bổ sung hồ sơ: ${req.reason}` });
  s.supplementRequests.push({
    no: s.supplementRequests.length + 1,
    requestedAt: now,
    requestedBy: req.actor.userId,
    stepId: step.stepId,
    missingItems: [...(req.missingItems ?? [])],
    reason: req.reason!,
    deadline: deadline ?? '',
  });
  s.status = 'SUPPLEMENT_REQUESTED';
  const e = record(s, now, {
    type: 'SUPPLEMENT_REQUESTED',
    actor: req.actor.userId,
    department: step.department,
    data: { stepId: step.stepId, missingItems: req.missingItems, reason: req.reason, deadline: deadline ?? null, clock: def.supplement.clock },
  });
  s.effects.push({ kind: 'notify-citizen', event: e, template: 'supplement-request', params: { items: req.missingItems, deadline } });
  s.effects.push({
    kind: 'issue-document',
    event: e,
    form: {
      kind: 'supplement',
      receivedAt: s.receivedAt,
      items: (req.missingItems ?? []).map((m) => ({ document: m, requirement: req.reason! })),
      ...(deadline ? { supplementBy: deadline } : {}),
      contact: { name: req.actor.name ?? req.actor.userId, unit: step.department },
      officer: { title: 'CÁN BỘ XỬ LÝ', name: req.actor.name ?? req.actor.userId },
    },
  });
}

export function receiveSupplement(s: DossierState, r: SupplementReceipt, ctx: TransitionContext): void {
  const { now, def } = ctx;
  const request = s.supplementRequests[s.supplementRequests.length - 1];
  request.receivedAt = now;
  if (s.intakePending) {
    // Completed at reception: the statutory clock starts now, unless the post still has the dossier.
    s.status = 'REGISTERED';
    record(s, now, { type: 'SUPPLEMENT_RECEIVED', actor: r.receivedBy, data: { note: r.note ?? null, atReception: true } });
    if (!s.postal || s.postal.status === 'handed-to-agency') startHandling(s, ctx);
    return;
  }
  const pause = s.clock.pauses[s.clock.pauses.length - 1];
  pause.to = now;
  s.status = 'PROCESSING';
  if (def.supplement.clock === 'restart') {
    // The period runs again in full from the complete dossier (Decree 61/2018/NĐ-CP art. 19.4), and so do the open
    // steps' shares; earlier pauses stay on record (they fall before the new start and count for nothing).
    s.clock = { ...s.clock, receivedAt: now, extensions: [] };
    s.dueAt = ctx.time.computeDueAt(s.clock);
    for (const st of openSteps(s)) st.startedAt = now;
  } else {
    s.dueAt = ctx.time.computeDueAt(s.clock);
  }
  refreshStepDues(s, ctx);
  record(s, now, {
    type: 'SUPPLEMENT_RECEIVED',
    actor: r.receivedBy,
    data: { note: r.note ?? null, dueAt: s.dueAt, pausedFrom: pause.from, pausedTo: now, clock: def.supplement.clock },
  });
}

/** The citizen's window to supplement (only where a rule sets one) passed: the dossier stops. */
export function supplementWindowClosed(s: DossierState, ctx: TransitionContext): void {
  const request = s.supplementRequests[s.supplementRequests.length - 1];
  if (!s.intakePending) s.clock.pauses[s.clock.pauses.length - 1].to = request.deadline;
  close(s, ctx, { kind: 'stopped', reason: 'Quá thời hạn bổ sung hồ sơ', by: 'system', at: ctx.now }, 'STOPPED', { basis: ctx.def.supplement.window?.basis ?? ctx.def.supplement.basis });
}

export function supervisorAction(s: DossierState, req: SupervisorRequest, ctx: TransitionContext): void {
  const { now } = ctx;
  switch (req.action) {
    case 'note':
      s.notes.push({ at: now, by: req.actor.userId, text: req.note });
      record(s, now, { type: 'NOTE_ADDED', actor: req.actor.userId, data: { note: req.note } });
      return;
    case 'escalate': {
      const step = openSteps(s).find((x) => x.stepId === req.stepId)!;
      step.escalated = true;
      const e = record(s, now, { type: 'STEP_ESCALATED', actor: req.actor.userId, department: step.department, data: { stepId: step.stepId, stepName: step.name, manual: true, note: req.note } });
      s.effects.push({ kind: 'notify-staff', event: e, audience: 'department', unit: step.department, template: 'step-escalated', params: { step: step.name, note: req.note } });
      return;
    }
    case 'reassign': {
      const step = openSteps(s).find((x) => x.stepId === req.stepId)!;
      if (req.toDepartment && req.toDepartment !== step.department) {
        closeRow(s, ctx, step, `Chuyển cho ${req.toDepartment}: ${req.note}`, null);
        const from = step.department;
        step.department = req.toDepartment;
        s.controlSheet.push({ rowNo: s.controlSheet.length + 1, from, to: step.department, handedOverAt: now, stepId: step.stepId, stepDueAt: step.dueAt, note: `Điều chuyển bởi ${req.actor.userId}` });
      }
      step.officer = req.toOfficer;
      record(s, now, {
        type: 'STEP_REASSIGNED',
        actor: req.actor.userId,
        department: step.department,
        data: { stepId: step.stepId, stepName: step.name, toDepartment: req.toDepartment ?? null, toOfficer: req.toOfficer ?? null, note: req.note },
      });
      return;
    }
    case 'extend':
      extend(s, ctx, req.actor.userId, req.hours, req.note);
      return;
  }
}

/**
 * An extension moves the appointment; the citizen gets a written notice with the reason and the new date (Decree
 * 61/2018/NĐ-CP art. 19; 2025: "văn bản xin lỗi và đề nghị gia hạn", Form 04) and a message.
 */
function extend(s: DossierState, ctx: TransitionContext, by: string, hours: number, reason: string) {
  const { now, def } = ctx;
  const previousDueAt = s.dueAt;
  s.clock.extensions.push({ hours, reason, at: now });
  s.dueAt = ctx.time.computeDueAt(s.clock);
  refreshStepDues(s, ctx);
  const unit = openSteps(s)[0]?.department ?? def.receptionUnit;
  const apology: Apology = { no: s.apologies.length + 1, at: now, faultUnit: unit, signer: `Thủ trưởng ${unit}`, reason, originalDueAt: previousDueAt, newDueAt: s.dueAt };
  s.apologies.push(apology);
  s.noticeCheckedFor = s.dueAt;
  const e = record(s, now, { type: 'DEADLINE_EXTENDED', actor: by, department: unit, data: { hours, reason, previousDueAt, dueAt: s.dueAt } });
  s.effects.push({ kind: 'notify-citizen', event: e, template: 'deadline-extended', params: { reason, previousDueAt, newDueAt: s.dueAt } });
  s.effects.push({
    kind: 'issue-document',
    event: e,
    form: { kind: 'apology', receivedAt: s.receivedAt, originalAppointmentAt: previousDueAt, newAppointmentAt: s.dueAt, faultAgency: unit, delayReason: reason, signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: apology.signer } },
  });
}

export function handOver(s: DossierState, r: ResultHandover, ctx: TransitionContext): void {
  s.resultHandedOver = true;
  finishReturn(s, ctx, 'counter', r.actor.userId, r.note);
}

export function closeOnRequest(s: DossierState, r: CloseRequest, ctx: TransitionContext): void {
  for (const x of openSteps(s)) closeRow(s, ctx, x, r.kind === 'withdraw' ? 'Công dân rút hồ sơ' : 'Dừng xử lý', null);
  if (s.status === 'SUPPLEMENT_REQUESTED' || s.status === 'AWAITING_PAYMENT') {
    const pause = s.clock.pauses[s.clock.pauses.length - 1];
    if (pause && !pause.to) pause.to = ctx.now;
  }
  close(
    s,
    ctx,
    { kind: r.kind === 'withdraw' ? 'withdrawn' : 'stopped', reason: r.reason, by: r.actor.userId, at: ctx.now },
    r.kind === 'withdraw' ? 'WITHDRAWN' : 'STOPPED',
  );
}

/**
 * Ends the dossier. A refusal at reception gets Form 03; a refusal after reception is the competent agency's signed
 * written notice with reasons, sent through the one-stop unit (Decree 61/2018/NĐ-CP art. 19.8); a stop gets the 2025 stop
 * notice (Form 05 of Circular 03/2025/TT-VPCP).
 */
function close(
  s: DossierState,
  ctx: TransitionContext,
  closure: Closure,
  status: DossierStatus,
  extra: { atReception?: boolean; department?: string; stepId?: string; basis?: { document: string; article?: string } } = {},
) {
  s.closure = closure;
  s.status = status;
  s.finishedAt = closure.at;
  s.activeSteps = [];
  s.returnTo = null;
  const e = record(s, ctx.now, { type: status, actor: closure.by, department: extra.department, data: { ...closure, ...extra } });
  if (closure.kind === 'refused' && extra.atReception) {
    s.effects.push({ kind: 'issue-document', event: e, form: { kind: 'refusal', receivedAt: s.receivedAt, reasons: closure.reason.split('; '), officer: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: s.receivedBy.name ?? closure.by } } });
  } else if (closure.kind === 'refused') {
    s.effects.push({
      kind: 'issue-document',
      event: e,
      form: { kind: 'refusal-notice', receivedAt: s.receivedAt, decidedAt: closure.at, reasons: [closure.reason], decidingAgency: extra.department!, signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: closure.by } },
    });
  } else if (closure.kind === 'stopped' && ctx.def.rulePack === '2025') {
    s.effects.push({
      kind: 'issue-document',
      event: e,
      form: {
        kind: 'stop-notice',
        receivedAt: s.receivedAt,
        stoppedAt: closure.at,
        reason: closure.reason,
        ...(extra.basis ? { legalBasis: [extra.basis.document, extra.basis.article].filter(Boolean).join(', ') } : {}),
        signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: closure.by === 'system' ? 'Bộ phận Một cửa' : closure.by },
      },
    });
  }
  s.effects.push({ kind: 'notify-citizen', event: e, template: closure.kind === 'refused' ? 'refused' : closure.kind === 'withdrawn' ? 'withdrawn' : 'stopped', params: { reason: closure.reason } });
}

// ---------------------------------------------------------------- fees

function requestPayment(s: DossierState, ctx: TransitionContext) {
  s.fees.requestedAt = ctx.now;
  s.fees.deadline ??= ctx.time.addWorkingHours(ctx.now, ctx.def.paymentWindowDays * HOURS_PER_WORKING_DAY);
  s.effects.push({ kind: 'request-payment', attempt: 1 });
}

/** Handling is done; fees still unpaid: the clock pauses while the citizen pays (status 6 on the portal). */
export function awaitPayment(s: DossierState, ctx: TransitionContext): void {
  s.status = 'AWAITING_PAYMENT';
  s.clock.pauses.push({ from: ctx.now, reason: 'Chờ thực hiện nghĩa vụ tài chính' });
  // Fees due at filing were requested with the receipt; the others now.
  if (!s.fees.requestedAt) requestPayment(s, ctx);
  record(s, ctx.now, { type: 'PAYMENT_AWAITED', data: { amountVnd: s.fees.totalVnd, deadline: s.fees.deadline } });
}

export function paymentRequested(s: DossierState, order: { txnRef: string; paymentUrl: string }, attempt: number, ctx: TransitionContext): void {
  if (attempt > 1) s.fees.txnRefs = [...(s.fees.txnRefs ?? [s.fees.txnRef!]), order.txnRef];
  s.fees.attempt = attempt;
  s.fees.txnRef = order.txnRef;
  s.fees.paymentUrl = order.paymentUrl;
  s.fees.failedTxnRef = undefined;
  const e = record(s, ctx.now, { type: 'PAYMENT_REQUESTED', data: { txnRef: order.txnRef, amountVnd: s.fees.totalVnd, deadline: s.fees.deadline, attempt } });
  s.effects.push({ kind: 'notify-citizen', event: e, template: 'payment-request', params: { amountVnd: s.fees.totalVnd, paymentUrl: order.paymentUrl, deadline: s.fees.deadline } });
}

export function paymentConfirmed(s: DossierState, p: PaymentNotice, ctx: TransitionContext): boolean {
  if (s.fees.paidAt) return false; // a replayed notification changes nothing
  // Any attempt of this dossier counts: a success can arrive late for an attempt reported failed before.
  const refs = s.fees.txnRefs ?? [s.fees.txnRef];
  if (!refs.includes(p.txnRef) || p.amountVnd !== s.fees.totalVnd) return false;
  s.fees.paidAt = p.paidAt;
  s.fees.method = p.method;
  record(s, ctx.now, { type: 'FEES_PAID', data: { ...p } });
  return true;
}

export function paymentFailed(s: DossierState, f: PaymentFailureNotice, ctx: TransitionContext): void {
  // Only the current attempt matters, once; earlier attempts were already replaced.
  if (s.fees.paidAt || s.closure || f.txnRef !== s.fees.txnRef || s.fees.failedTxnRef === f.txnRef) return;
  s.fees.failedTxnRef = f.txnRef;
  record(s, ctx.now, { type: 'PAYMENT_FAILED', data: { ...f, attempt: s.fees.attempt ?? 1 } });
  if ((s.fees.attempt ?? 1) < MAX_PAYMENT_ATTEMPTS) s.effects.push({ kind: 'request-payment', attempt: (s.fees.attempt ?? 1) + 1 });
}

/** Payment arrived (or the dossier closed) while waiting: the clock runs again. */
export function endPaymentWait(s: DossierState, ctx: TransitionContext): void {
  const pause = s.clock.pauses[s.clock.pauses.length - 1];
  if (pause && !pause.to) pause.to = ctx.now;
  s.dueAt = ctx.time.computeDueAt(s.clock);
}

export function paymentWindowClosed(s: DossierState, ctx: TransitionContext): void {
  endPaymentWait(s, ctx);
  close(s, ctx, { kind: 'stopped', reason: 'Quá hạn thực hiện nghĩa vụ tài chính', by: 'system', at: ctx.now }, 'STOPPED');
}

// ---------------------------------------------------------------- return of the result

export function resultReady(s: DossierState, ctx: TransitionContext): void {
  s.status = 'RESULT_READY';
  s.finishedAt = ctx.now;
  const e = record(s, ctx.now, { type: 'RESULT_READY', data: { finishedAt: s.finishedAt, dueAt: s.dueAt, onTime: s.finishedAt <= s.dueAt } });
  s.effects.push({ kind: 'notify-citizen', event: e, template: 'result-ready', params: { method: s.returnMethod } });
  if (s.returnMethod === 'online') finishReturn(s, ctx, 'online', 'system');
  else if (s.returnMethod === 'postal') s.effects.push({ kind: 'postal-order', purpose: 'deliver-result' });
}

function finishReturn(s: DossierState, ctx: TransitionContext, method: 'counter' | 'online' | 'postal', by: string, note?: string) {
  s.status = 'RETURNED';
  record(s, ctx.now, { type: 'RETURNED', actor: by, data: { method, note: note ?? null } });
  const survey = record(s, ctx.now, { type: 'SURVEY_INVITED', data: {} });
  s.effects.push({ kind: 'notify-citizen', event: survey, template: 'survey' });
}

export function postalOrderCreated(s: DossierState, purpose: 'collect-dossier' | 'deliver-result', order: { orderId: string; trackingNumber: string; status: PostalDelivery['status'] }, ctx: TransitionContext): void {
  s.postal = { orderId: order.orderId, trackingNumber: order.trackingNumber, status: order.status, updatedAt: ctx.now };
  record(s, ctx.now, { type: purpose === 'collect-dossier' ? 'POSTAL_PICKUP_ORDERED' : 'POSTAL_ORDER_CREATED', data: { ...order } });
  const early = (s.postalBacklog ?? []).filter((t) => t.orderId === order.orderId);
  s.postalBacklog = undefined;
  for (const t of early) postalTracking(s, t, ctx);
}

/** A tracking update from the post: returns true when it changed something. */
export function postalTracking(s: DossierState, t: PostalTrackingNotice, ctx: TransitionContext): boolean {
  // The carrier can call back before the workflow has recorded the order it just booked: keep the notice until then.
  if (!s.postal || (t.orderId !== s.postal.orderId && s.effects.some((e) => e.kind === 'postal-order'))) {
    if (s.status === 'RESULT_READY' || s.intakePending) (s.postalBacklog ??= []).push(t);
    return false;
  }
  if (t.orderId !== s.postal.orderId || s.postal.status === t.status) return false;
  s.postal.status = t.status;
  s.postal.updatedAt = t.at;
  record(s, ctx.now, { type: 'POSTAL_TRACKING', data: { ...t } });
  if (s.intakePending) {
    if (['handed-to-agency', 'returned', 'delivery-failed'].includes(t.status)) pickupArrived(s, ctx);
    return true;
  }
  if (s.status === 'RESULT_READY' && s.returnMethod === 'postal') {
    if (t.status === 'delivered') finishReturn(s, ctx, 'postal', 'postal-service');
    else if (t.status === 'returned' || t.status === 'delivery-failed') {
      // Undelivered results come back to the one-stop unit and wait at the counter.
      s.returnMethod = 'counter';
      record(s, ctx.now, { type: 'POSTAL_UNDELIVERED', data: { status: t.status } });
    }
  }
  return true;
}

export function documentIssued(s: DossierState, event: number, kind: string, doc: { documentId: number; sha256: string; fileName: string }, ctx: TransitionContext): void {
  s.documents.push({ kind, documentId: doc.documentId, sha256: doc.sha256, fileName: doc.fileName, issuedAt: ctx.now });
  record(s, ctx.now, { type: 'DOCUMENT_ISSUED', data: { kind, documentId: doc.documentId, sha256: doc.sha256, fileName: doc.fileName, forEvent: event } });
}

// ---------------------------------------------------------------- calendar

/** The dossier moves onto another calendar: dates are recomputed and the citizen told when the appointment moves. */
export function calendarChanged(s: DossierState, c: CalendarChange, patchIds: string[], ctx: TransitionContext): void {
  const before = s.dueAt;
  // Before the clock starts (dossier incomplete) the appointment is computed when it does, on the new calendar.
  if (!s.intakePending) {
    s.dueAt = ctx.time.computeDueAt(s.clock);
    refreshStepDues(s, ctx);
  }
  const moved = !s.intakePending && s.dueAt !== before;
  const e = record(s, ctx.now, { type: 'CALENDAR_CHANGED', actor: c.by, data: { reason: c.reason, calendarVersion: ctx.time.version, previousDueAt: before, dueAt: s.dueAt, patchIds, moved } });
  if (moved) s.effects.push({ kind: 'notify-citizen', event: e, template: 'appointment-changed', params: { reason: c.reason, previousDueAt: before, newDueAt: s.dueAt } });
}

// ---------------------------------------------------------------- deadlines: reminders, escalation, apology

/** The next instant a deadline check is due, or undefined when nothing is timed (not handling). */
export function nextDeadline(s: DossierState, ctx: { def: Procedure; time: StatutoryTime }): string | undefined {
  if (s.status !== 'PROCESSING') return undefined;
  const times: string[] = [];
  for (const st of openSteps(s)) {
    if (!st.reminded) times.push(ctx.time.workingInstantBefore(st.dueAt, ctx.def.reminderBeforeHours));
    if (!st.escalated) times.push(st.dueAt);
  }
  const apologyCheck = apologyCheckAt(s, ctx.time);
  if (apologyCheck) times.push(apologyCheck);
  return times.sort()[0];
}

/**
 * Checkpoints for the current appointment: one working day before it (the notice the law asks for, Decree 61/2018/
 * NĐ-CP art. 19.9: at least one day before the due date), then the appointment itself. Cleared once a second slip has been escalated.
 */
function apologyCheckAt(s: DossierState, time: StatutoryTime): string | undefined {
  if (s.slipEscalatedFor === s.dueAt) return undefined;
  if (s.noticeCheckedFor !== s.dueAt) return time.workingInstantBefore(s.dueAt, HOURS_PER_WORKING_DAY);
  return s.dueAt;
}

/** Runs the checks whose time has come: reminders, escalation of late steps, the apology. */
export function deadlinesPassed(s: DossierState, ctx: TransitionContext): void {
  const { now, def } = ctx;
  if (s.status !== 'PROCESSING') return;
  for (const st of openSteps(s)) {
    if (!st.reminded && ctx.time.workingInstantBefore(st.dueAt, def.reminderBeforeHours) <= now) {
      st.reminded = true;
      const e = record(s, now, { type: 'STEP_REMINDER', department: st.department, data: { stepId: st.stepId, stepName: st.name, dueAt: st.dueAt } });
      s.effects.push({ kind: 'notify-staff', event: e, audience: 'department', unit: st.department, template: 'step-reminder', params: { step: st.name, dueAt: st.dueAt } });
    }
    if (!st.escalated && st.dueAt <= now) {
      st.escalated = true;
      const e = record(s, now, { type: 'STEP_ESCALATED', department: st.department, data: { stepId: st.stepId, stepName: st.name, dueAt: st.dueAt, manual: false } });
      s.effects.push({ kind: 'notify-staff', event: e, audience: 'supervisor', unit: def.receptionUnit, template: 'step-overdue', params: { step: st.name, department: st.department, dueAt: st.dueAt } });
      s.effects.push({ kind: 'notify-staff', event: e, audience: 'department', unit: st.department, template: 'step-overdue-head', params: { step: st.name, dueAt: st.dueAt } });
      handleLikelyDelay(s, ctx, 'step-late');
    }
  }
  const check = apologyCheckAt(s, ctx.time);
  if (check && check <= now) handleLikelyDelay(s, ctx, now >= s.dueAt ? 'due' : 'notice');
}

/** When open steps and the stages after them will be done, if every unit keeps its share from now on. */
function projectedFinish(s: DossierState, ctx: TransitionContext): { at: string; lateOpen: ActiveStep[] } {
  const { now } = ctx;
  const open = openSteps(s);
  const lateOpen = open.filter((x) => x.dueAt <= now);
  // A step already late is given one more working day to finish.
  const stageEnd = open.reduce((latest, x) => {
    const end = x.dueAt <= now ? ctx.time.addWorkingHours(now, HOURS_PER_WORKING_DAY) : x.dueAt;
    return end > latest ? end : latest;
  }, now);
  return { at: ctx.time.addWorkingHours(stageEnd, laterStagesShareHours(ctx.def, s.stageIndex)), lateOpen };
}

/**
 * The unit at fault for a delay: the step that ran longest past its own due time, among finished hand-offs and steps
 * still open. When no step overran, reception caused it and the one-stop unit apologises (Decree 61/2018/NĐ-CP
 * art. 19; Decree 118/2025/NĐ-CP).
 */
export function unitAtFault(s: DossierState, now: string, receptionUnit: string): { unit: string; overrunMs: number; stepId?: string } {
  let worst: { unit: string; overrunMs: number; stepId?: string } = { unit: receptionUnit, overrunMs: 0 };
  const consider = (unit: string, stepId: string | undefined, dueAt: string | undefined, endedAt: string) => {
    if (!dueAt) return;
    const overrun = Date.parse(endedAt) - Date.parse(dueAt);
    // A step that reached its due time unfinished is at fault even at zero overrun.
    if (overrun >= 0 && (worst.stepId === undefined || overrun > worst.overrunMs)) worst = { unit, overrunMs: overrun, stepId };
  };
  for (const row of s.controlSheet) if (row.stepId && row.completedAt) consider(row.to, row.stepId, row.stepDueAt, row.completedAt);
  for (const st of openSteps(s)) consider(st.department, st.stepId, st.dueAt, now);
  return worst;
}

/**
 * At a checkpoint: if the dossier will miss its appointment, the unit at fault apologises in writing and the
 * appointment moves, once (re-appointment once, "không quá một lần", Decree 61/2018/NĐ-CP art. 19.9); a later slip goes to the supervisor.
 */
function handleLikelyDelay(s: DossierState, ctx: TransitionContext, trigger: 'notice' | 'due' | 'step-late') {
  const { now, def } = ctx;
  const projection = projectedFinish(s, ctx);
  const willMiss = projection.lateOpen.length > 0 || projection.at > s.dueAt || now >= s.dueAt;
  if (!willMiss) {
    if (trigger === 'notice') s.noticeCheckedFor = s.dueAt;
    return;
  }
  if (s.apologies.length > 0) {
    if (s.slipEscalatedFor === s.dueAt) return;
    s.noticeCheckedFor = s.dueAt;
    s.slipEscalatedFor = s.dueAt;
    const e = record(s, now, { type: 'DUE_SLIP_ESCALATED', data: { dueAt: s.dueAt, apologies: s.apologies.length, trigger } });
    s.effects.push({ kind: 'notify-staff', event: e, audience: 'supervisor', unit: def.receptionUnit, template: 'second-slip', params: { dueAt: s.dueAt } });
    return;
  }
  const fault = unitAtFault(s, now, def.receptionUnit);
  const minimum = ctx.time.addWorkingHours(s.dueAt, HOURS_PER_WORKING_DAY);
  const target = projection.at > minimum ? projection.at : minimum;
  const originalDueAt = s.dueAt;
  s.clock.extensions.push({ hours: ctx.time.workingHoursBetween(s.dueAt, target), reason: 'Hẹn lại ngày trả kết quả kèm văn bản xin lỗi', at: now });
  s.dueAt = ctx.time.computeDueAt(s.clock);
  refreshStepDues(s, ctx);
  const stepName = fault.stepId ? stepDefinition(def, fault.stepId)?.name : undefined;
  const reason = fault.stepId
    ? `Bước "${stepName}" do ${departmentName(fault.unit)} thực hiện đã quá hạn${fault.overrunMs >= 3_600_000 ? ` ${Math.floor(fault.overrunMs / 3_600_000)} giờ` : ''}`
    : 'Thời gian tiếp nhận, luân chuyển hồ sơ kéo dài';
  const apology: Apology = { no: s.apologies.length + 1, at: now, faultUnit: fault.unit, signer: `Thủ trưởng ${fault.unit}`, reason, originalDueAt, newDueAt: s.dueAt };
  s.apologies.push(apology);
  // The apology is the notice for the new date: the next check is the new appointment itself.
  s.noticeCheckedFor = s.dueAt;
  const e = record(s, now, { type: 'APOLOGY_ISSUED', department: fault.unit, data: { ...apology, stepId: fault.stepId ?? null, trigger } });
  s.effects.push({ kind: 'notify-citizen', event: e, template: 'apology', params: { reason, originalDueAt, newDueAt: s.dueAt, faultUnit: fault.unit } });
  s.effects.push({
    kind: 'issue-document',
    event: e,
    form: { kind: 'apology', receivedAt: s.receivedAt, originalAppointmentAt: originalDueAt, newAppointmentAt: s.dueAt, faultAgency: fault.unit, delayReason: reason, signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: apology.signer } },
  });
  s.effects.push({ kind: 'notify-staff', event: e, audience: 'supervisor', unit: def.receptionUnit, template: 'apology-issued', params: { faultUnit: fault.unit, newDueAt: s.dueAt } });
}
