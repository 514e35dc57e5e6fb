/**
 * The dossier workflow shared by every procedure: one execution per dossier (workflow ID = dossier code).
 * Deterministic code only: time comes from the workflow clock, dates from holidays/, side effects from activities.
 *
 * Lifecycle: reception → stages of department steps (sequential stages, parallel steps that join) → fees →
 * return of the result (counter, online, post) → survey. Along the way: supplementation pauses the clock,
 * steps are reminded and escalated, a dossier that will miss its appointment gets an apology letter and a new date.
 */
import { ApplicationFailure, condition, log, patched, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { DossierActivities } from '../../activities';
import type { DocumentRequest } from '../../activities/issue-document';
import { SCHEDULE_PATCHES, schedulesWithPatches } from '../../holidays';
import { formatVietnamTime as vn, formatVnd, handOffResult, laterStagesShareHours, RESULT_LABEL, unitAtFault } from './lifecycle-rules';
import {
  claimStepUpdate,
  closeDossierUpdate,
  decideStepUpdate,
  DOSSIER_STATUSES,
  FINAL_STATUSES,
  getDossierQuery,
  handOverResultUpdate,
  paymentConfirmedSignal,
  paymentFailedSignal,
  calendarChangedSignal,
  postalTrackingSignal,
  receiveSupplementUpdate,
  REJECTION,
  supervisorActionUpdate,
  supplementReceivedSignal,
  type ActiveStep,
  type Actor,
  type Apology,
  type CloseRequest,
  type Closure,
  type ControlSheetRow,
  type DossierEvent,
  type DossierInput,
  type DossierStatus,
  type DossierView,
  type FeeStatus,
  type PostalDelivery,
  type StepDecisionRequest,
  type SupplementReceipt,
  type SupplementRequestRecord,
} from '../shared/dossier';
import { HOURS_PER_WORKING_DAY, type ProcedureDefinition, type StepDefinition } from './procedure-definition';
import {
  CurrentDepartmentKey,
  DossierDueAtKey,
  DossierOverdueKey,
  DossierStatusKey,
  ProcedureCodeKey,
} from '../shared/search-attributes';
import {
  statutoryTimeFor,
  type StatutoryTime,
  type ClockState,
} from '../statutory-clock';

const { recordDossierTransition, notify, requestPayment, createPostalOrder, issueDocument } = proxyActivities<DossierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const nowIso = () => new Date(Date.now()).toISOString();

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const DURATION_TEXT = { 'working-days': 'ngày làm việc', 'working-hours': 'giờ làm việc', 'calendar-days': 'ngày', 'same-day': 'trong ngày' } as const;

function reject(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Payment attempts per dossier (each failed or cancelled one gets a new reference, up to this many). */
const MAX_PAYMENT_ATTEMPTS = 10;

const isStaff = (a: Actor) => a.roles.some((r) => r === 'supervisor' || r === 'admin');

class DossierProcess {
  private readonly clock: ClockState;
  /** Working-day arithmetic on the calendar in force at reception (national + the centre's local overlay). */
  private time: StatutoryTime;
  /** National schedule patches this dossier computes with (those shipped before it started, and any applied since). */
  private schedulePatchIds: string[];
  private originalDueAt: string;
  private dueAt: string;
  private status: DossierStatus = 'RECEIVED';
  private stageIndex = 0;
  private activeSteps: ActiveStep[] = [];
  private readonly completed = new Set<string>();
  private finishedAt?: string;
  private lastActionAt: string;
  private readonly controlSheet: ControlSheetRow[] = [];
  private readonly events: DossierEvent[] = [];
  private flushedSeq = 0;
  private returnTo: { stage: number; from: string } | null = null;
  private readonly apologies: Apology[] = [];
  /** Appointment whose notice-point check found the dossier on track. */
  private noticeCheckedFor: string | null = null;
  /** Appointment for which a second slip was already escalated (a re-appointment happens once). */
  private slipEscalatedFor: string | null = null;
  private readonly supplementRequests: SupplementRequestRecord[] = [];
  private readonly notes: Array<{ at: string; by: string; text: string }> = [];
  private readonly fees: FeeStatus;
  private returnMethod: 'counter' | 'online' | 'postal';
  private postal?: PostalDelivery;
  private closure?: Closure;
  private resultHandedOver = false;
  private readonly documents: DossierView['documents'] = [];
  /** True while reception waits for a complete dossier (missing items or a postal pickup on its way). */
  private intakePending = false;

  constructor(
    private readonly def: ProcedureDefinition,
    private readonly input: DossierInput,
  ) {
    // National data shipped after this dossier started never changes its dates by itself (schedule patches): only
    // an admin's calendarChanged signal, recorded in the history, does.
    this.schedulePatchIds = SCHEDULE_PATCHES.filter((p) => patched(p.patchId)).map((p) => p.patchId);
    this.time = statutoryTimeFor(input.calendarOverlay, schedulesWithPatches(this.schedulePatchIds));
    const receivedAt = nowIso();
    this.clock = { receivedAt, duration: def.duration, pauses: [], extensions: [] };
    this.originalDueAt = this.time.computeDueAt(this.clock);
    this.dueAt = this.originalDueAt;
    this.lastActionAt = receivedAt;
    this.fees = { totalVnd: def.fees.reduce((s, f) => s + f.amountVnd, 0) };
    this.returnMethod = input.returnMethod ?? 'counter';
  }

  // ---------------------------------------------------------------- state and records

  view(): DossierView {
    const now = nowIso();
    return {
      code: this.input.code,
      procedureCode: this.def.code,
      procedureName: this.def.name,
      procedureVersion: this.def.version,
      rulePack: this.def.rulePack,
      calendarVersion: this.time.version,
      channel: this.input.channel,
      applicant: this.input.applicant,
      status: this.status,
      statusLabel: DOSSIER_STATUSES[this.status].label,
      receivedAt: this.clock.receivedAt,
      dueAt: this.dueAt,
      originalDueAt: this.originalDueAt,
      finishedAt: this.finishedAt,
      overdue: !this.intakePending && Date.parse(this.finishedAt ?? now) > Date.parse(this.dueAt) && this.closure?.kind !== 'withdrawn',
      stageIndex: this.stageIndex,
      // Steps of the stage still waiting for a decision (a parallel step already decided is no longer active).
      activeSteps: this.activeSteps.filter((s) => !this.completed.has(s.stepId)).map((s) => ({ ...s })),
      controlSheet: this.controlSheet.map((r) => ({ ...r })),
      apologies: this.apologies.map((a) => ({ ...a })),
      supplementRequests: this.supplementRequests.map((r) => ({ ...r, missingItems: [...r.missingItems] })),
      notes: [...this.notes],
      fees: { ...this.fees },
      returnMethod: this.returnMethod,
      postal: this.postal ? { ...this.postal } : undefined,
      closure: this.closure,
      documents: this.documents.map((d) => ({ ...d })),
      pauses: this.clock.pauses.map((p) => ({ ...p })),
      extensions: this.clock.extensions.map((e) => ({ ...e })),
      lastEventSeq: this.events.length,
      lastActionAt: this.lastActionAt,
    };
  }

  private record(e: Omit<DossierEvent, 'seq' | 'at'>): DossierEvent {
    const event = { ...e, at: nowIso(), seq: this.events.length + 1 };
    this.events.push(event);
    this.lastActionAt = event.at;
    return event;
  }

  /** Writes pending events to the read model (idempotent activity) and refreshes search attributes. */
  private async flush(): Promise<void> {
    while (this.flushedSeq < this.events.length) {
      const upTo = this.events.length;
      await recordDossierTransition({ view: this.view(), events: this.events.slice(this.flushedSeq, upTo) });
      this.flushedSeq = upTo;
    }
    if (this.input.searchAttributes === false) return;
    upsertSearchAttributes([
      { key: DossierStatusKey, value: this.status },
      { key: CurrentDepartmentKey, value: this.activeSteps[0]?.department ?? null },
      { key: DossierDueAtKey, value: new Date(this.dueAt) },
      { key: DossierOverdueKey, value: this.view().overdue },
    ]);
  }

  /** Update handlers return only once their events are in the read model, so the API reads its own writes. */
  private async settled(): Promise<DossierView> {
    const mine = this.events.length;
    await condition(() => this.flushedSeq >= mine);
    return this.view();
  }

  /**
   * Waits until `done()` holds or `deadline` passes, flushing records as they come.
   * Returns false on timeout.
   */
  private async waitUntil(done: () => boolean, deadline?: () => string | undefined): Promise<boolean> {
    for (;;) {
      await this.flush();
      if (done()) return true;
      const d = deadline?.();
      const ms = d === undefined ? undefined : Date.parse(d) - Date.now();
      if (ms !== undefined && ms <= 0) return false;
      await condition(() => done() || this.flushedSeq < this.events.length, ms);
    }
  }

  private async notifyCitizen(event: DossierEvent, template: string, params: Record<string, unknown> = {}) {
    await notify({
      key: `${this.input.code}:${event.seq}:citizen`,
      dossierCode: this.input.code,
      audience: 'citizen',
      recipient: { name: this.input.applicant.fullName, phone: this.input.applicant.phone, email: this.input.applicant.email },
      template,
      params: { code: this.input.code, procedure: this.def.name, ...params },
    });
  }

  private async notifyStaff(event: DossierEvent, audience: 'department' | 'supervisor', unit: string, template: string, params: Record<string, unknown> = {}) {
    await notify({
      key: `${this.input.code}:${event.seq}:${audience}:${unit}`,
      dossierCode: this.input.code,
      audience,
      recipient: { unit },
      template,
      params: { code: this.input.code, procedure: this.def.name, ...params },
    });
  }

  /**
   * Issues a statutory form for an event (Form 01 receipt, 02 supplement request, 03 refusal, 04 apology, 2025
   * stop notice). Added after the first histories were recorded, hence the patch: older dossiers replay without it.
   */
  private async issueForm(event: DossierEvent, form: DistributiveOmit<DocumentRequest, 'key' | 'rulePack' | 'issuedAt' | 'dossierCode' | 'applicant' | 'procedure'>) {
    if (!patched('statutory-documents')) return;
    if (form.kind === 'stop-notice' && this.def.rulePack !== '2025') return; // the 2018 forms have no stop notice
    const a = this.input.applicant;
    const doc = await issueDocument({
      ...form,
      key: `${this.input.code}:${event.seq}:${form.kind}`,
      rulePack: this.def.rulePack,
      issuedAt: event.at,
      dossierCode: this.input.code,
      applicant: { name: a.fullName, idNumber: a.idNumber, address: a.address, phone: a.phone, email: a.email },
      procedure: { code: this.def.code, name: this.def.name },
    } as DocumentRequest);
    this.documents.push({ kind: form.kind, documentId: doc.documentId, sha256: doc.sha256, fileName: doc.fileName, issuedAt: event.at });
    this.record({
      type: 'DOCUMENT_ISSUED',
      summary: `Phát hành ${doc.fileName}`,
      data: { kind: form.kind, documentId: doc.documentId, sha256: doc.sha256, forEvent: event.seq },
    });
  }

  private officerName(a: { userId: string; name?: string }) {
    return a.name ?? a.userId;
  }

  private stepDef(id: string): StepDefinition | undefined {
    return this.def.stages.flatMap((s) => s.steps).find((s) => s.id === id);
  }

  private isFinal() {
    return FINAL_STATUSES.includes(this.status);
  }

  // ---------------------------------------------------------------- hand-offs

  private activateStage(index: number, fromUnit: string) {
    this.stageIndex = index;
    this.completed.clear();
    const startedAt = nowIso();
    this.activeSteps = this.def.stages[index].steps.map((s) => ({
      stepId: s.id,
      name: s.name,
      department: s.department,
      startedAt,
      dueAt: this.time.stepDueAt(this.clock, startedAt, s.shareHours),
      reminded: false,
      escalated: false,
    }));
    for (const s of this.activeSteps) {
      this.controlSheet.push({
        rowNo: this.controlSheet.length + 1,
        from: fromUnit,
        to: s.department,
        handedOverAt: startedAt,
        stepId: s.stepId,
        stepDueAt: s.dueAt,
      });
      this.record({
        type: 'STEP_STARTED',
        department: s.department,
        summary: `Chuyển hồ sơ từ ${fromUnit} đến ${s.department}: bước "${s.name}", hạn ${vn(s.dueAt)}`,
        data: { stepId: s.stepId, dueAt: s.dueAt, from: fromUnit },
      });
    }
  }

  /** Closes the control-sheet row of a step with its result. */
  private closeRow(step: ActiveStep, note?: string) {
    const at = nowIso();
    const result = handOffResult(this.time, at, step.dueAt, step.startedAt);
    const row = [...this.controlSheet].reverse().find((r) => r.stepId === step.stepId && !r.completedAt);
    if (row) {
      row.completedAt = at;
      row.result = result;
      if (note) row.note = note;
    }
    return result;
  }

  private refreshStepDues() {
    for (const s of this.activeSteps) {
      const share = this.stepDef(s.stepId)?.shareHours ?? 0;
      const due = this.time.stepDueAt(this.clock, s.startedAt, share);
      if (due !== s.dueAt) {
        s.dueAt = due;
        s.reminded = false;
        s.escalated = false;
        const row = [...this.controlSheet].reverse().find((r) => r.stepId === s.stepId && !r.completedAt);
        if (row) row.stepDueAt = due;
      }
    }
  }

  // ---------------------------------------------------------------- validators

  private requireProcessing() {
    if (this.status !== 'PROCESSING') {
      reject(REJECTION.CONFLICT, `Hồ sơ đang ở trạng thái "${DOSSIER_STATUSES[this.status].label}" (dossier is not being processed)`);
    }
  }

  private requireActiveStep(stepId: string): ActiveStep {
    const step = this.activeSteps.find((s) => s.stepId === stepId);
    if (!step || this.completed.has(stepId)) {
      reject(REJECTION.CONFLICT, `Bước "${stepId}" không còn là bước hiện tại (step is not current)`);
    }
    return step;
  }

  private validateDecision(req: StepDecisionRequest) {
    this.requireProcessing();
    const step = this.requireActiveStep(req.stepId);
    const d = this.stepDef(req.stepId)!;
    if (!req.actor.departments.includes(step.department)) {
      reject(REJECTION.FORBIDDEN, `Cán bộ ${req.actor.userId} không thuộc ${step.department} (officer is not in the step's department)`);
    }
    if (step.officer && step.officer !== req.actor.userId && !req.actor.roles.includes('head')) {
      reject(REJECTION.FORBIDDEN, `Bước đã giao cho cán bộ ${step.officer} (step is assigned to another officer)`);
    }
    if (d.role === 'head' && !req.actor.roles.includes('head')) {
      reject(REJECTION.FORBIDDEN, 'Bước này cần lãnh đạo phòng phê duyệt (this step needs the department head)');
    }
    if (!d.decisions.includes(req.decision)) {
      reject(REJECTION.INVALID, `Quyết định "${req.decision}" không được phép ở bước này (decision not allowed at this step)`);
    }
    if (req.decision !== 'approve' && !req.reason?.trim()) reject(REJECTION.INVALID, 'Cần nêu lý do (a reason is required)');
    if (req.decision === 'request-supplement' && !req.missingItems?.length) {
      reject(REJECTION.INVALID, 'Cần liệt kê đầy đủ giấy tờ phải bổ sung (list every missing item)');
    }
    if (req.decision === 'return') this.returnTarget(req);
  }

  private returnTarget(req: StepDecisionRequest): number {
    if (req.toStepId) {
      const idx = this.def.stages.findIndex((st) => st.steps.some((s) => s.id === req.toStepId));
      if (idx < 0) reject(REJECTION.INVALID, `Không có bước "${req.toStepId}" (unknown step)`);
      if (idx >= this.stageIndex) reject(REJECTION.INVALID, 'Chỉ trả lại được bước trước đó (can only return to an earlier step)');
      return idx;
    }
    if (this.stageIndex === 0) {
      reject(REJECTION.INVALID, 'Đây là bước đầu tiên; hãy yêu cầu công dân bổ sung hồ sơ (first step: request a supplement instead)');
    }
    return this.stageIndex - 1;
  }

  // ---------------------------------------------------------------- handlers

  private decide(req: StepDecisionRequest) {
    const step = this.activeSteps.find((s) => s.stepId === req.stepId)!;
    switch (req.decision) {
      case 'approve': {
        const result = this.closeRow(step, req.reason);
        this.completed.add(step.stepId);
        this.record({
          type: 'STEP_APPROVED',
          actor: req.actor.userId,
          department: step.department,
          summary: `${step.department} hoàn thành bước "${step.name}" (${RESULT_LABEL[result]})`,
          data: { stepId: step.stepId, result, note: req.reason ?? null },
        });
        break;
      }
      case 'return': {
        const target = this.returnTarget(req);
        for (const s of this.activeSteps) if (!this.completed.has(s.stepId)) this.closeRow(s, `Trả lại: ${req.reason}`);
        this.record({
          type: 'STEP_RETURNED',
          actor: req.actor.userId,
          department: step.department,
          summary: `${step.department} trả hồ sơ về bước trước: ${req.reason}`,
          data: { stepId: step.stepId, toStage: target, reason: req.reason },
        });
        this.returnTo = { stage: target, from: step.department };
        break;
      }
      case 'request-supplement': {
        const at = nowIso();
        const deadline = this.time.addWorkingHours(at, this.def.supplementWindowDays * HOURS_PER_WORKING_DAY);
        this.clock.pauses.push({ from: at, reason: `Chờ bổ sung hồ sơ: ${req.reason}` });
        this.supplementRequests.push({
          no: this.supplementRequests.length + 1,
          requestedAt: at,
          requestedBy: req.actor.userId,
          stepId: step.stepId,
          missingItems: [...(req.missingItems ?? [])],
          reason: req.reason!,
          deadline,
        });
        this.status = 'SUPPLEMENT_REQUESTED';
        this.record({
          type: 'SUPPLEMENT_REQUESTED',
          actor: req.actor.userId,
          department: step.department,
          summary: `Yêu cầu bổ sung: ${(req.missingItems ?? []).join('; ')} (hạn ${vn(deadline)}); tạm dừng tính thời hạn`,
          data: { stepId: step.stepId, missingItems: req.missingItems, reason: req.reason, deadline },
        });
        break;
      }
      case 'refuse': {
        this.closeRow(step, `Từ chối: ${req.reason}`);
        this.close({ kind: 'refused', reason: req.reason!, by: req.actor.userId, at: nowIso() }, 'REFUSED');
        break;
      }
    }
  }

  private close(closure: Closure, status: DossierStatus) {
    this.closure = closure;
    this.status = status;
    this.finishedAt = closure.at;
    this.activeSteps = [];
    const verb = { refused: 'Từ chối giải quyết', withdrawn: 'Công dân rút hồ sơ', stopped: 'Dừng xử lý' }[closure.kind];
    this.record({ type: status, actor: closure.by, summary: `${verb}: ${closure.reason}`, data: { ...closure } });
  }

  private receiveSupplement(r: SupplementReceipt) {
    if (this.intakePending) {
      // Completed at reception: the statutory clock starts now (intake phase, see run()).
      this.supplementRequests[this.supplementRequests.length - 1].receivedAt = nowIso();
      this.intakePending = false;
      this.status = 'RECEIVED';
      return;
    }
    const at = nowIso();
    const pause = this.clock.pauses[this.clock.pauses.length - 1];
    pause.to = at;
    const request = this.supplementRequests[this.supplementRequests.length - 1];
    request.receivedAt = at;
    this.status = 'PROCESSING';
    this.dueAt = this.time.computeDueAt(this.clock);
    this.refreshStepDues();
    this.record({
      type: 'SUPPLEMENT_RECEIVED',
      actor: r.receivedBy,
      summary: `Đã nhận hồ sơ bổ sung; tiếp tục tính thời hạn, hẹn trả mới ${vn(this.dueAt)}`,
      data: { note: r.note ?? null, dueAt: this.dueAt, pausedFrom: pause.from, pausedTo: at },
    });
  }

  private registerHandlers() {
    setHandler(getDossierQuery, () => this.view());

    setHandler(
      decideStepUpdate,
      async (req) => {
        this.decide(req);
        return this.settled();
      },
      { validator: (req) => this.validateDecision(req) },
    );

    setHandler(
      claimStepUpdate,
      async (req) => {
        const step = this.activeSteps.find((s) => s.stepId === req.stepId)!;
        step.officer = req.actor.userId;
        this.record({
          type: 'STEP_CLAIMED',
          actor: req.actor.userId,
          department: step.department,
          summary: `Cán bộ ${req.actor.name ?? req.actor.userId} nhận xử lý bước "${step.name}"`,
          data: { stepId: step.stepId },
        });
        return this.settled();
      },
      {
        validator: (req) => {
          this.requireProcessing();
          const step = this.requireActiveStep(req.stepId);
          if (!req.actor.departments.includes(step.department)) {
            reject(REJECTION.FORBIDDEN, `Cán bộ ${req.actor.userId} không thuộc ${step.department}`);
          }
          if (step.officer && step.officer !== req.actor.userId) {
            reject(REJECTION.CONFLICT, `Bước đã được cán bộ ${step.officer} nhận (already claimed)`);
          }
        },
      },
    );

    setHandler(
      supervisorActionUpdate,
      async (req) => {
        const at = nowIso();
        switch (req.action) {
          case 'note':
            this.notes.push({ at, by: req.actor.userId, text: req.note });
            this.record({ type: 'NOTE_ADDED', actor: req.actor.userId, summary: `Ghi chú: ${req.note}`, data: { note: req.note } });
            break;
          case 'escalate': {
            const step = this.activeSteps.find((s) => s.stepId === req.stepId)!;
            step.escalated = true;
            const e = this.record({
              type: 'STEP_ESCALATED',
              actor: req.actor.userId,
              department: step.department,
              summary: `Giám sát viên đôn đốc ${step.department} ở bước "${step.name}": ${req.note}`,
              data: { stepId: step.stepId, manual: true, note: req.note },
            });
            await this.notifyStaff(e, 'department', step.department, 'step-escalated', { step: step.name, note: req.note });
            break;
          }
          case 'reassign': {
            const step = this.activeSteps.find((s) => s.stepId === req.stepId)!;
            if (req.toDepartment && req.toDepartment !== step.department) {
              this.closeRow(step, `Chuyển cho ${req.toDepartment}: ${req.note}`);
              const from = step.department;
              step.department = req.toDepartment;
              step.officer = req.toOfficer;
              this.controlSheet.push({
                rowNo: this.controlSheet.length + 1,
                from,
                to: step.department,
                handedOverAt: at,
                stepId: step.stepId,
                stepDueAt: step.dueAt,
                note: `Điều chuyển bởi ${req.actor.userId}`,
              });
            } else {
              step.officer = req.toOfficer;
            }
            this.record({
              type: 'STEP_REASSIGNED',
              actor: req.actor.userId,
              department: step.department,
              summary: `Giao lại bước "${step.name}" cho ${step.department}${step.officer ? ` / ${step.officer}` : ''}: ${req.note}`,
              data: { stepId: step.stepId, toDepartment: req.toDepartment ?? null, toOfficer: req.toOfficer ?? null, note: req.note },
            });
            break;
          }
          case 'extend': {
            this.clock.extensions.push({ hours: req.hours, reason: req.note, at });
            this.dueAt = this.time.computeDueAt(this.clock);
            this.record({
              type: 'DEADLINE_EXTENDED',
              actor: req.actor.userId,
              summary: `Gia hạn ${req.hours} giờ làm việc: ${req.note}; hẹn trả mới ${vn(this.dueAt)}`,
              data: { hours: req.hours, reason: req.note, dueAt: this.dueAt },
            });
            break;
          }
        }
        return this.settled();
      },
      {
        validator: (req) => {
          if (!isStaff(req.actor) && !req.actor.roles.includes('head')) {
            reject(REJECTION.FORBIDDEN, 'Chỉ giám sát viên hoặc lãnh đạo được thực hiện (supervisor or head only)');
          }
          if (!req.note?.trim()) reject(REJECTION.INVALID, 'Cần nội dung ghi chú / lý do (a note is required)');
          if (req.action === 'note') return;
          if (this.isFinal()) reject(REJECTION.CONFLICT, 'Hồ sơ đã kết thúc (dossier is closed)');
          if (req.action === 'extend') {
            if (!(req.hours > 0 && req.hours <= 10 * HOURS_PER_WORKING_DAY)) {
              reject(REJECTION.INVALID, 'Số giờ gia hạn phải từ 1 đến 80 giờ làm việc');
            }
            return;
          }
          this.requireProcessing();
          const step = this.requireActiveStep(req.stepId);
          if (!isStaff(req.actor) && !req.actor.departments.includes(step.department)) {
            reject(REJECTION.FORBIDDEN, `Lãnh đạo ${req.actor.userId} không phụ trách ${step.department}`);
          }
          if (req.action === 'reassign' && !req.toDepartment && !req.toOfficer) {
            reject(REJECTION.INVALID, 'Cần chọn phòng ban hoặc cán bộ nhận (choose a department or an officer)');
          }
        },
      },
    );

    setHandler(
      receiveSupplementUpdate,
      async (r) => {
        this.receiveSupplement(r);
        return this.settled();
      },
      {
        validator: (_r: SupplementReceipt) => {
          if (this.status !== 'SUPPLEMENT_REQUESTED') {
            reject(REJECTION.CONFLICT, 'Hồ sơ không ở trạng thái chờ bổ sung (no supplement is awaited)');
          }
        },
      },
    );
    setHandler(supplementReceivedSignal, (r) => {
      if (this.status === 'SUPPLEMENT_REQUESTED') this.receiveSupplement(r);
      else log.warn('Supplement signal ignored: none awaited', { code: this.input.code });
    });

    setHandler(
      handOverResultUpdate,
      async (r) => {
        this.resultHandedOver = true;
        this.finishReturn('counter', r.actor.userId, r.note);
        return this.settled();
      },
      {
        validator: (r) => {
          if (!r.actor.roles.includes('reception')) reject(REJECTION.FORBIDDEN, 'Chỉ bộ phận một cửa trả kết quả');
          if (this.status !== 'RESULT_READY' || this.returnMethod !== 'counter') {
            reject(REJECTION.CONFLICT, 'Kết quả chưa sẵn sàng để trả tại quầy (result not ready at the counter)');
          }
        },
      },
    );

    setHandler(
      closeDossierUpdate,
      async (r) => {
        this.close(
          { kind: r.kind === 'withdraw' ? 'withdrawn' : 'stopped', reason: r.reason, by: r.actor.userId, at: nowIso() },
          r.kind === 'withdraw' ? 'WITHDRAWN' : 'STOPPED',
        );
        return this.settled();
      },
      {
        validator: (r: CloseRequest) => {
          if (this.isFinal() || this.status === 'RESULT_READY') {
            reject(REJECTION.CONFLICT, 'Hồ sơ đã xử lý xong hoặc đã kết thúc (too late to withdraw or stop)');
          }
          if (!r.reason?.trim()) reject(REJECTION.INVALID, 'Cần nêu lý do (a reason is required)');
          const allowed: string[] = r.kind === 'withdraw' ? ['reception', 'citizen'] : ['head', 'supervisor'];
          if (!r.actor.roles.some((x) => allowed.includes(x))) {
            reject(REJECTION.FORBIDDEN, `Vai trò không được ${r.kind === 'withdraw' ? 'rút hồ sơ' : 'dừng xử lý'}`);
          }
        },
      },
    );

    setHandler(paymentConfirmedSignal, (p) => {
      if (this.fees.paidAt) return; // a replayed notification changes nothing
      // Any attempt of this dossier counts: a success can arrive late for an attempt reported failed before.
      const refs = this.fees.txnRefs ?? [this.fees.txnRef];
      if (!refs.includes(p.txnRef) || p.amountVnd !== this.fees.totalVnd) {
        log.warn('Payment notice does not match the request', { code: this.input.code, txnRef: p.txnRef });
        return;
      }
      this.fees.paidAt = p.paidAt;
      this.record({
        type: 'FEES_PAID',
        summary: `Đã nộp phí, lệ phí ${formatVnd(p.amountVnd)} đồng (${p.method})`,
        data: { ...p },
      });
    });

    setHandler(paymentFailedSignal, (f) => {
      // Only the current attempt matters, once; earlier attempts were already replaced.
      if (this.fees.paidAt || this.closure || f.txnRef !== this.fees.txnRef || this.fees.failedTxnRef === f.txnRef) return;
      this.fees.failedTxnRef = f.txnRef;
      this.record({
        type: 'PAYMENT_FAILED',
        summary: `Thanh toán không thành công (${f.reason})`,
        data: { ...f, attempt: this.fees.attempt ?? 1 },
      });
    });

    setHandler(calendarChangedSignal, async (c) => {
      if (this.isFinal()) return;
      const patchIds = [...new Set([...this.schedulePatchIds, ...c.patchIds.filter((id) => SCHEDULE_PATCHES.some((p) => p.patchId === id))])];
      const next = statutoryTimeFor(c.overlay, schedulesWithPatches(patchIds));
      if (next.version === this.time.version) return; // the dossier already runs on this calendar
      const before = this.dueAt;
      this.time = next;
      this.schedulePatchIds = patchIds;
      // Before the clock starts (dossier incomplete) the appointment is computed when it does, on the new calendar.
      if (!this.intakePending) {
        this.dueAt = this.time.computeDueAt(this.clock);
        this.refreshStepDues();
      }
      const moved = !this.intakePending && this.dueAt !== before;
      const e = this.record({
        type: 'CALENDAR_CHANGED',
        actor: c.by,
        summary: moved
          ? `Áp dụng lịch làm việc mới (${c.reason}): hẹn trả kết quả ${vn(before)} → ${vn(this.dueAt)}`
          : `Áp dụng lịch làm việc mới (${c.reason}); hẹn trả kết quả không đổi`,
        data: { reason: c.reason, calendarVersion: this.time.version, previousDueAt: before, dueAt: this.dueAt, patchIds },
      });
      if (moved) await this.notifyCitizen(e, 'appointment-changed', { reason: c.reason, previousDueAt: before, newDueAt: this.dueAt });
    });

    setHandler(postalTrackingSignal, (t) => {
      if (!this.postal || t.orderId !== this.postal.orderId || this.postal.status === t.status) return;
      this.postal.status = t.status;
      this.postal.updatedAt = t.at;
      this.record({
        type: 'POSTAL_TRACKING',
        summary: `Bưu chính: ${t.status}${t.note ? ` (${t.note})` : ''}`,
        data: { ...t },
      });
    });
  }

  // ---------------------------------------------------------------- timers: reminders, escalation, apology

  private nextDeadline(): string | undefined {
    if (this.status !== 'PROCESSING') return undefined;
    const times: string[] = [];
    for (const s of this.activeSteps) {
      if (this.completed.has(s.stepId)) continue;
      if (!s.reminded) times.push(this.time.workingInstantBefore(s.dueAt, this.def.reminderBeforeHours));
      if (!s.escalated) times.push(s.dueAt);
    }
    const apologyCheck = this.apologyCheckAt();
    if (apologyCheck) times.push(apologyCheck);
    return times.sort()[0];
  }

  /**
   * Checkpoints for the current appointment: one working day before it (the notice period the law asks for),
   * then the appointment itself. Cleared once a second slip has been escalated.
   */
  private apologyCheckAt(): string | undefined {
    if (this.slipEscalatedFor === this.dueAt) return undefined;
    if (this.noticeCheckedFor !== this.dueAt) return this.time.workingInstantBefore(this.dueAt, HOURS_PER_WORKING_DAY);
    return this.dueAt;
  }

  private async handleTimers(): Promise<void> {
    const now = nowIso();
    for (const s of this.activeSteps) {
      if (this.completed.has(s.stepId)) continue;
      if (!s.reminded && this.time.workingInstantBefore(s.dueAt, this.def.reminderBeforeHours) <= now) {
        s.reminded = true;
        const e = this.record({
          type: 'STEP_REMINDER',
          department: s.department,
          summary: `Nhắc ${s.department}: bước "${s.name}" đến hạn ${vn(s.dueAt)}`,
          data: { stepId: s.stepId, dueAt: s.dueAt },
        });
        await this.notifyStaff(e, 'department', s.department, 'step-reminder', { step: s.name, dueAt: s.dueAt });
      }
      if (!s.escalated && s.dueAt <= now) {
        s.escalated = true;
        const e = this.record({
          type: 'STEP_ESCALATED',
          department: s.department,
          summary: `Bước "${s.name}" của ${s.department} quá hạn (${vn(s.dueAt)}); chuyển giám sát viên và lãnh đạo phòng`,
          data: { stepId: s.stepId, dueAt: s.dueAt, manual: false },
        });
        await this.notifyStaff(e, 'supervisor', this.def.receptionUnit, 'step-overdue', { step: s.name, department: s.department, dueAt: s.dueAt });
        await this.notifyStaff(e, 'department', s.department, 'step-overdue-head', { step: s.name, dueAt: s.dueAt });
        await this.handleLikelyDelay(now, 'step-late');
      }
    }
    const check = this.apologyCheckAt();
    if (check && check <= now) await this.handleLikelyDelay(now, now >= this.dueAt ? 'due' : 'notice');
  }

  /** When open steps and the stages after them will be done, if every unit keeps its share from now on. */
  private projectedFinish(now: string): { at: string; lateOpen: ActiveStep[] } {
    const open = this.activeSteps.filter((s) => !this.completed.has(s.stepId));
    const lateOpen = open.filter((s) => s.dueAt <= now);
    // A step already late is given one more working day to finish.
    const stageEnd = open.reduce(
      (latest, s) => {
        const end = s.dueAt <= now ? this.time.addWorkingHours(now, HOURS_PER_WORKING_DAY) : s.dueAt;
        return end > latest ? end : latest;
      },
      now,
    );
    return { at: this.time.addWorkingHours(stageEnd, laterStagesShareHours(this.def, this.stageIndex)), lateOpen };
  }

  /**
   * At a checkpoint (notice point, appointment, a step falling late): if the dossier will miss its appointment,
   * the unit at fault apologises and the appointment moves, once; a later slip is escalated to the supervisor.
   */
  private async handleLikelyDelay(now: string, trigger: 'notice' | 'due' | 'step-late') {
    const projection = this.projectedFinish(now);
    const willMiss = projection.lateOpen.length > 0 || projection.at > this.dueAt || now >= this.dueAt;
    if (!willMiss) {
      if (trigger === 'notice') this.noticeCheckedFor = this.dueAt;
      return;
    }
    if (this.apologies.length > 0) {
      if (this.slipEscalatedFor === this.dueAt) return;
      this.noticeCheckedFor = this.dueAt;
      this.slipEscalatedFor = this.dueAt;
      const e = this.record({
        type: 'DUE_SLIP_ESCALATED',
        summary: `Hồ sơ sẽ trễ cả hẹn mới (${vn(this.dueAt)}) sau khi đã xin lỗi; chuyển giám sát viên xử lý`,
        data: { dueAt: this.dueAt, apologies: this.apologies.length, trigger },
      });
      await this.notifyStaff(e, 'supervisor', this.def.receptionUnit, 'second-slip', { dueAt: this.dueAt });
      return;
    }
    const open = this.activeSteps.filter((s) => !this.completed.has(s.stepId));
    const fault = unitAtFault(this.controlSheet, open, now, this.def.receptionUnit);
    const minimum = this.time.addWorkingHours(this.dueAt, HOURS_PER_WORKING_DAY);
    const target = projection.at > minimum ? projection.at : minimum;
    const originalDueAt = this.dueAt;
    this.clock.extensions.push({
      hours: this.time.workingHoursBetween(this.dueAt, target),
      reason: 'Hẹn lại ngày trả kết quả kèm văn bản xin lỗi',
      at: now,
    });
    this.dueAt = this.time.computeDueAt(this.clock);
    const stepName = fault.stepId ? this.stepDef(fault.stepId)?.name : undefined;
    const reason = fault.stepId
      ? `Bước "${stepName}" do ${fault.unit} thực hiện đã quá hạn${fault.overrunMs >= 3_600_000 ? ` ${Math.floor(fault.overrunMs / 3_600_000)} giờ` : ''}`
      : 'Thời gian tiếp nhận, luân chuyển hồ sơ kéo dài';
    const apology: Apology = {
      no: this.apologies.length + 1,
      at: now,
      faultUnit: fault.unit,
      signer: `Thủ trưởng ${fault.unit}`,
      reason,
      originalDueAt,
      newDueAt: this.dueAt,
    };
    this.apologies.push(apology);
    // The apology is the notice for the new date: the next check is the new appointment itself.
    this.noticeCheckedFor = this.dueAt;
    const e = this.record({
      type: 'APOLOGY_ISSUED',
      department: fault.unit,
      summary: `${fault.unit} xin lỗi công dân, hẹn lại ngày trả kết quả ${vn(this.dueAt)} (lý do: ${reason})`,
      data: { ...apology, trigger },
    });
    await this.notifyCitizen(e, 'apology', { reason, originalDueAt, newDueAt: this.dueAt, faultUnit: fault.unit });
    await this.issueForm(e, {
      kind: 'apology',
      receivedAt: this.clock.receivedAt,
      originalAppointmentAt: originalDueAt,
      newAppointmentAt: this.dueAt,
      faultAgency: fault.unit,
      delayReason: reason,
      signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: apology.signer },
    });
    await this.notifyStaff(e, 'supervisor', this.def.receptionUnit, 'apology-issued', { faultUnit: fault.unit, newDueAt: this.dueAt });
  }

  // ---------------------------------------------------------------- phases

  private async processStages(): Promise<'done' | 'closed'> {
    for (;;) {
      await this.flush();
      if (this.closure) return 'closed';
      if ((this.status as DossierStatus) === 'SUPPLEMENT_REQUESTED') {
        const request = this.supplementRequests[this.supplementRequests.length - 1];
        const e = this.events[this.events.length - 1];
        await this.notifyCitizen(e, 'supplement-request', { items: request.missingItems, deadline: request.deadline });
        await this.issueForm(e, {
          kind: 'supplement',
          receivedAt: this.clock.receivedAt,
          items: request.missingItems.map((m) => ({ document: m, requirement: request.reason })),
          supplementBy: request.deadline,
          contact: { name: request.requestedBy, unit: this.activeSteps.find((s) => s.stepId === request.stepId)?.department },
          officer: { title: 'CÁN BỘ XỬ LÝ', name: request.requestedBy },
        });
        const arrived = await this.waitUntil(() => this.status !== 'SUPPLEMENT_REQUESTED', () => request.deadline);
        if (!arrived) {
          this.clock.pauses[this.clock.pauses.length - 1].to = request.deadline;
          this.close({ kind: 'stopped', reason: 'Quá thời hạn bổ sung hồ sơ', by: 'system', at: nowIso() }, 'STOPPED');
        }
        continue;
      }
      if (this.returnTo) {
        const { stage, from } = this.returnTo;
        this.returnTo = null;
        this.activateStage(stage, from);
        continue;
      }
      if (this.activeSteps.length > 0 && this.completed.size === this.activeSteps.length) {
        const from = this.activeSteps.map((s) => s.department).join(', ');
        if (this.stageIndex + 1 < this.def.stages.length) {
          this.activateStage(this.stageIndex + 1, from);
          continue;
        }
        this.activeSteps = [];
        this.controlSheet.push({
          rowNo: this.controlSheet.length + 1,
          from,
          to: this.def.receptionUnit,
          handedOverAt: nowIso(),
          note: 'Chuyển kết quả về bộ phận một cửa',
        });
        return 'done';
      }
      const next = this.nextDeadline();
      const ms = next ? Math.max(0, Date.parse(next) - Date.now()) : undefined;
      const changed = await condition(
        () =>
          this.flushedSeq < this.events.length ||
          !!this.closure ||
          !!this.returnTo ||
          this.status !== 'PROCESSING' ||
          (this.activeSteps.length > 0 && this.completed.size === this.activeSteps.length),
        ms,
      );
      if (!changed) await this.handleTimers();
    }
  }

  private async collectFees(): Promise<boolean> {
    if (this.fees.totalVnd === 0) return true;
    this.status = 'AWAITING_PAYMENT';
    const at = nowIso();
    // Waiting for the citizen to pay is not the agency's time.
    this.clock.pauses.push({ from: at, reason: 'Chờ thực hiện nghĩa vụ tài chính' });
    const order = await requestPayment({
      dossierCode: this.input.code,
      fees: this.def.fees,
      applicant: this.input.applicant,
    });
    this.fees.txnRef = order.txnRef;
    this.fees.paymentUrl = order.paymentUrl;
    this.fees.requestedAt = at;
    this.fees.deadline = this.time.addWorkingHours(at, this.def.paymentWindowDays * HOURS_PER_WORKING_DAY);
    const e = this.record({
      type: 'PAYMENT_REQUESTED',
      summary: `Yêu cầu nộp phí, lệ phí ${formatVnd(this.fees.totalVnd)} đồng, hạn ${vn(this.fees.deadline)}`,
      data: { txnRef: order.txnRef, amountVnd: this.fees.totalVnd, deadline: this.fees.deadline },
    });
    await this.notifyCitizen(e, 'payment-request', { amountVnd: this.fees.totalVnd, paymentUrl: order.paymentUrl, deadline: this.fees.deadline });
    let paid: boolean;
    for (;;) {
      paid = await this.waitUntil(() => !!this.fees.paidAt || !!this.closure || this.paymentRetryDue(), () => this.fees.deadline);
      if (!paid || this.fees.paidAt || this.closure) break;
      await this.renewPayment();
    }
    const pause = this.clock.pauses[this.clock.pauses.length - 1];
    pause.to = nowIso();
    this.dueAt = this.time.computeDueAt(this.clock);
    if (this.closure) return false;
    if (!paid) {
      this.close({ kind: 'stopped', reason: 'Quá hạn thực hiện nghĩa vụ tài chính', by: 'system', at: nowIso() }, 'STOPPED');
      return false;
    }
    return true;
  }

  /** The current payment attempt failed or was cancelled at the gateway and another attempt is allowed. */
  private paymentRetryDue(): boolean {
    return !!this.fees.failedTxnRef && this.fees.failedTxnRef === this.fees.txnRef && (this.fees.attempt ?? 1) < MAX_PAYMENT_ATTEMPTS;
  }

  /**
   * A new payment attempt with its own reference (the gateway never reuses one) and link, within the same payment
   * deadline; the citizen is told and the lookup page shows the new link.
   */
  private async renewPayment(): Promise<void> {
    if (!patched('payment-retry')) {
      // Unreachable on replay (histories before the patch carry no failure notices); stops the loop regardless.
      this.fees.attempt = MAX_PAYMENT_ATTEMPTS;
      return;
    }
    const attempt = (this.fees.attempt ?? 1) + 1;
    const order = await requestPayment({ dossierCode: this.input.code, fees: this.def.fees, applicant: this.input.applicant, attempt });
    this.fees.txnRefs = [...(this.fees.txnRefs ?? [this.fees.txnRef!]), order.txnRef];
    this.fees.attempt = attempt;
    this.fees.txnRef = order.txnRef;
    this.fees.paymentUrl = order.paymentUrl;
    this.fees.failedTxnRef = undefined;
    const e = this.record({
      type: 'PAYMENT_REQUESTED',
      summary: `Tạo lại yêu cầu nộp phí, lệ phí (lần ${attempt}) sau lần thanh toán không thành công, hạn ${vn(this.fees.deadline!)}`,
      data: { txnRef: order.txnRef, amountVnd: this.fees.totalVnd, deadline: this.fees.deadline, attempt },
    });
    await this.notifyCitizen(e, 'payment-request', { amountVnd: this.fees.totalVnd, paymentUrl: order.paymentUrl, deadline: this.fees.deadline });
  }

  private finishReturn(method: 'counter' | 'online' | 'postal', by: string, note?: string) {
    this.status = 'RETURNED';
    this.record({
      type: 'RETURNED',
      actor: by,
      summary: `Đã trả kết quả (${{ counter: 'tại quầy', online: 'trực tuyến', postal: 'qua bưu chính' }[method]})`,
      data: { method, note: note ?? null },
    });
  }

  private async returnResult(): Promise<void> {
    this.status = 'RESULT_READY';
    this.finishedAt = nowIso();
    const ready = this.record({
      type: 'RESULT_READY',
      summary: `Đã xử lý xong (${Date.parse(this.finishedAt) <= Date.parse(this.dueAt) ? 'đúng hẹn' : 'trễ hẹn'}), chờ trả kết quả`,
      data: { finishedAt: this.finishedAt, dueAt: this.dueAt },
    });
    await this.notifyCitizen(ready, 'result-ready', { method: this.returnMethod });

    if (this.returnMethod === 'online') {
      this.finishReturn('online', 'system');
    } else if (this.returnMethod === 'postal') {
      const order = await createPostalOrder({
        dossierCode: this.input.code,
        kind: 'deliver-result',
        recipient: this.input.applicant,
      });
      this.postal = { orderId: order.orderId, trackingNumber: order.trackingNumber, status: order.status, updatedAt: nowIso() };
      this.record({
        type: 'POSTAL_ORDER_CREATED',
        summary: `Gửi kết quả qua bưu chính công ích, mã vận đơn ${order.trackingNumber}`,
        data: { ...order },
      });
      await this.waitUntil(() => ['delivered', 'returned', 'delivery-failed'].includes(this.postal!.status));
      if (this.postal.status === 'delivered') this.finishReturn('postal', 'postal-service');
      else {
        // Undelivered results come back to the one-stop unit and wait at the counter.
        this.returnMethod = 'counter';
        this.record({ type: 'POSTAL_UNDELIVERED', summary: 'Bưu chính không phát được; kết quả chờ trả tại quầy', data: {} });
      }
    }
    await this.waitUntil(() => this.status === 'RETURNED' || this.resultHandedOver);
    const survey = this.record({ type: 'SURVEY_INVITED', summary: 'Mời công dân đánh giá mức độ hài lòng', data: {} });
    await this.notifyCitizen(survey, 'survey');
  }

  /** Form 03 for a refusal; the 2025 stop notice when the agency stops handling. */
  private async issueClosureForm() {
    const c = this.closure;
    if (!c || c.kind === 'withdrawn') return;
    const event = this.events.filter((e) => e.type === (c.kind === 'refused' ? 'REFUSED' : 'STOPPED')).pop();
    if (!event) return;
    if (c.kind === 'refused') {
      await this.issueForm(event, { kind: 'refusal', receivedAt: this.clock.receivedAt, reasons: [c.reason], officer: { title: 'CÁN BỘ XỬ LÝ', name: c.by } });
    } else {
      await this.issueForm(event, {
        kind: 'stop-notice',
        receivedAt: this.clock.receivedAt,
        stoppedAt: c.at,
        reason: c.reason,
        signer: { title: 'THỦ TRƯỞNG CƠ QUAN', name: c.by === 'system' ? 'Bộ phận Một cửa' : c.by },
      });
    }
  }

  /**
   * Before the statutory clock starts: refusal at reception (Form 03), missing items (Form 02, wait for them), or
   * a postal pickup (wait for the hand-over at the agency; transit is not counted). Returns false when the dossier
   * ends here.
   */
  private async intake(): Promise<boolean> {
    const intake = this.input.intake;
    if (!intake) return true;
    const reasons = intake.refusalReasons ?? [];
    if (reasons.length) {
      this.close({ kind: 'refused', reason: reasons.join('; '), by: this.input.receivedBy.userId, at: nowIso() }, 'REFUSED');
      return false;
    }
    const missing = intake.missingItems ?? [];
    if (!missing.length && !intake.postalPickup) return true;
    this.intakePending = true;
    this.status = 'REGISTERED';
    if (intake.postalPickup) {
      const order = await createPostalOrder({ dossierCode: this.input.code, kind: 'collect-dossier', recipient: this.input.applicant });
      this.postal = { orderId: order.orderId, trackingNumber: order.trackingNumber, status: order.status, updatedAt: nowIso() };
      this.record({
        type: 'POSTAL_PICKUP_ORDERED',
        summary: `Bưu chính công ích đến nhận hồ sơ tại địa chỉ công dân, mã vận đơn ${order.trackingNumber}`,
        data: { ...order },
      });
      const arrived = await this.waitUntil(() => ['handed-to-agency', 'returned', 'delivery-failed'].includes(this.postal!.status) || !!this.closure);
      if (!arrived || this.closure) return false;
      if (this.postal.status !== 'handed-to-agency') {
        this.close({ kind: 'stopped', reason: 'Bưu chính không chuyển được hồ sơ đến cơ quan', by: 'postal-service', at: nowIso() }, 'STOPPED');
        return false;
      }
      if (!missing.length) this.intakePending = false;
    }
    if (missing.length) {
      const at = nowIso();
      const deadline = this.time.addWorkingHours(at, this.def.supplementWindowDays * HOURS_PER_WORKING_DAY);
      this.supplementRequests.push({
        no: 1,
        requestedAt: at,
        requestedBy: this.input.receivedBy.userId,
        missingItems: [...missing],
        reason: 'Hồ sơ chưa đầy đủ khi tiếp nhận',
        deadline,
      });
      this.status = 'SUPPLEMENT_REQUESTED';
      const e = this.record({
        type: 'SUPPLEMENT_REQUESTED',
        actor: this.input.receivedBy.userId,
        department: this.def.receptionUnit,
        summary: `Hồ sơ chưa đầy đủ: ${missing.join('; ')} (hạn ${vn(deadline)}); chưa tính thời hạn giải quyết`,
        data: { missingItems: missing, deadline, atReception: true },
      });
      await this.notifyCitizen(e, 'supplement-request', { items: missing, deadline });
      await this.issueForm(e, {
        kind: 'supplement',
        receivedAt: at,
        items: missing.map((m) => ({ document: m, requirement: 'Bổ sung để hồ sơ đầy đủ theo quy định' })),
        supplementBy: deadline,
        contact: { name: this.officerName(this.input.receivedBy), unit: this.def.receptionUnit },
        officer: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: this.officerName(this.input.receivedBy) },
      });
      const completed = await this.waitUntil(() => !this.intakePending || !!this.closure, () => deadline);
      if (this.closure) return false;
      if (!completed) {
        this.close({ kind: 'stopped', reason: 'Quá thời hạn bổ sung hồ sơ', by: 'system', at: nowIso() }, 'STOPPED');
        return false;
      }
    }
    // Complete and at the agency: the statutory clock starts now.
    this.intakePending = false;
    this.clock.receivedAt = nowIso();
    this.originalDueAt = this.time.computeDueAt(this.clock);
    this.dueAt = this.originalDueAt;
    this.status = 'RECEIVED';
    return true;
  }

  async run(): Promise<DossierView> {
    this.registerHandlers();
    if (this.input.searchAttributes !== false) upsertSearchAttributes([{ key: ProcedureCodeKey, value: this.def.code }]);
    if (!(await this.intake())) {
      await this.issueClosureForm();
      await this.flush();
      return this.view();
    }
    const received = this.record({
      type: 'RECEIVED',
      actor: this.input.receivedBy.userId,
      department: this.def.receptionUnit,
      summary: `Tiếp nhận hồ sơ (kênh ${this.input.channel}), hẹn trả kết quả ${vn(this.dueAt)}`,
      data: {
        channel: this.input.channel,
        dueAt: this.dueAt,
        calendarVersion: this.time.version,
        procedureVersion: this.def.version,
        requestId: this.input.requestId ?? null,
      },
    });
    log.info('Dossier received', { code: this.input.code, procedure: this.def.code, dueAt: this.dueAt, requestId: this.input.requestId });
    // Hand over to the first department within the first workflow task, so officers can act at once.
    this.status = 'PROCESSING';
    this.activateStage(0, this.def.receptionUnit);
    await this.notifyCitizen(received, 'receipt', { dueAt: this.dueAt });
    const papers = this.input.submittedPapers.length ? this.input.submittedPapers : this.def.requiredPapers;
    await this.issueForm(received, {
      kind: 'receipt',
      papers: papers.length ? papers.map((p) => ({ name: p.name, copies: p.copies })) : [{ name: 'Hồ sơ theo quy định', copies: 1 }],
      statutoryDuration:
        this.def.duration.unit === 'same-day'
          ? 'Trong ngày (nhận sau 15 giờ trả trong ngày làm việc tiếp theo)'
          : `${String(this.def.duration.amount).padStart(2, '0')} ${DURATION_TEXT[this.def.duration.unit]}`,
      receivedAt: this.clock.receivedAt,
      appointmentAt: this.dueAt,
      returnChannel: { counter: 'Tại Bộ phận Một cửa', online: 'Trực tuyến trên Cổng Dịch vụ công', postal: 'Qua dịch vụ bưu chính công ích' }[this.returnMethod],
      receivingOfficer: { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: this.officerName(this.input.receivedBy) },
    });

    const outcome = await this.processStages();
    if (outcome === 'done' && (await this.collectFees())) await this.returnResult();
    await this.issueClosureForm();
    await this.flush();
    return this.view();
  }
}

/** Builds the workflow function for one procedure definition. */
export function createProcedureWorkflow(def: ProcedureDefinition) {
  return async function procedureWorkflow(input: DossierInput): Promise<DossierView> {
    return new DossierProcess(def, input).run();
  };
}
