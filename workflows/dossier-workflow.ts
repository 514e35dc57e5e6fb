/**
 * The dossier workflow shared by every procedure: one execution per dossier (workflow ID = dossier code).
 * Deterministic code only: time comes from the workflow clock, dates from holidays/, side effects from activities.
 */
import {
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { DossierActivities } from '../activities';
import {
  decideStepUpdate,
  DOSSIER_STATUSES,
  getDossierQuery,
  REJECTION,
  type ActiveStep,
  type ControlSheetRow,
  type DossierEvent,
  type DossierInput,
  type DossierStatus,
  type DossierView,
  type HandOffResult,
  type StepDecisionRequest,
} from './shared/dossier';
import type { ProcedureDefinition, StepDefinition } from './shared/procedure-definition';
import {
  CurrentDepartmentKey,
  DossierDueAtKey,
  DossierOverdueKey,
  DossierStatusKey,
  ProcedureCodeKey,
} from './shared/search-attributes';
import { calendarVersion, computeDueAt, stepDueAt, type ClockState } from './statutory-clock';

const { recordDossierTransition } = proxyActivities<DossierActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const nowIso = () => new Date(Date.now()).toISOString();

function reject(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

function handOffResult(at: string, dueAt: string, startedAt: string): HandOffResult {
  const t = Date.parse(at);
  const due = Date.parse(dueAt);
  if (t > due) return 'late';
  // "Early" when at least a quarter of the share is left: a hand-off minutes before the due time is on time.
  const share = due - Date.parse(startedAt);
  return due - t >= share / 4 ? 'early' : 'on-time';
}

/** Builds the workflow function for one procedure definition. */
export function createProcedureWorkflow(def: ProcedureDefinition) {
  return async function procedureWorkflow(input: DossierInput): Promise<DossierView> {
    const receivedAt = nowIso();
    const clock: ClockState = { receivedAt, duration: def.duration, pauses: [], extensions: [] };
    const originalDueAt = computeDueAt(clock);
    const calendar = calendarVersion();

    let status: DossierStatus = 'RECEIVED';
    let stageIndex = 0;
    let activeSteps: ActiveStep[] = [];
    let completedInStage = new Set<string>();
    let dueAt = originalDueAt;
    let finishedAt: string | undefined;
    let lastActionAt = receivedAt;
    const controlSheet: ControlSheetRow[] = [];
    const events: DossierEvent[] = [];
    let flushedSeq = 0;
    /** Set by an update that changes the course (return to an earlier stage). */
    let restartStage: number | null = null;

    const stepDef = (id: string): StepDefinition | undefined =>
      def.stages.flatMap((s) => s.steps).find((s) => s.id === id);

    const view = (): DossierView => ({
      code: input.code,
      procedureCode: def.code,
      procedureName: def.name,
      procedureVersion: def.version,
      rulePack: def.rulePack,
      calendarVersion: calendar,
      channel: input.channel,
      applicant: input.applicant,
      status,
      statusLabel: DOSSIER_STATUSES[status].label,
      receivedAt,
      dueAt,
      originalDueAt,
      finishedAt,
      overdue: Date.parse(finishedAt ?? nowIso()) > Date.parse(dueAt),
      stageIndex,
      activeSteps: activeSteps.map((s) => ({ ...s })),
      controlSheet: controlSheet.map((r) => ({ ...r })),
      lastEventSeq: events.length,
      lastActionAt,
    });

    const record = (e: Omit<DossierEvent, 'seq' | 'at'> & { at?: string }) => {
      const at = e.at ?? nowIso();
      events.push({ ...e, at, seq: events.length + 1 });
      lastActionAt = at;
    };

    const addControlRow = (row: Omit<ControlSheetRow, 'rowNo'>) => {
      controlSheet.push({ ...row, rowNo: controlSheet.length + 1 });
    };

    /** Writes pending events to the read model (idempotent activity) and refreshes search attributes. */
    const flush = async () => {
      while (flushedSeq < events.length) {
        const upTo = events.length;
        const batch = events.slice(flushedSeq, upTo);
        await recordDossierTransition({ view: view(), events: batch });
        flushedSeq = upTo;
      }
      upsertSearchAttributes([
        { key: DossierStatusKey, value: status },
        { key: CurrentDepartmentKey, value: activeSteps[0]?.department ?? null },
        { key: DossierDueAtKey, value: new Date(dueAt) },
        { key: DossierOverdueKey, value: view().overdue },
      ]);
    };

    const activateStage = (index: number, fromUnit: string) => {
      stageIndex = index;
      completedInStage = new Set();
      const startedAt = nowIso();
      activeSteps = def.stages[index].steps.map((s) => ({
        stepId: s.id,
        name: s.name,
        department: s.department,
        startedAt,
        dueAt: stepDueAt(clock, startedAt, s.shareHours),
        reminded: false,
        escalated: false,
      }));
      for (const s of activeSteps) {
        addControlRow({ from: fromUnit, to: s.department, handedOverAt: startedAt, stepId: s.stepId, stepDueAt: s.dueAt });
        record({
          type: 'STEP_STARTED',
          department: s.department,
          summary: `Chuyển hồ sơ từ ${fromUnit} đến ${s.department} (bước "${s.name}", hạn ${s.dueAt})`,
          data: { stepId: s.stepId, dueAt: s.dueAt, from: fromUnit },
        });
      }
    };

    const validateDecision = (req: StepDecisionRequest) => {
      if (status !== 'PROCESSING') {
        reject(REJECTION.CONFLICT, `Hồ sơ đang ở trạng thái "${DOSSIER_STATUSES[status].label}", không thể xử lý bước (dossier is not being processed)`);
      }
      const step = activeSteps.find((s) => s.stepId === req.stepId);
      if (!step || completedInStage.has(req.stepId)) {
        reject(REJECTION.CONFLICT, `Bước "${req.stepId}" không còn là bước hiện tại (step is not current)`);
      }
      const d = stepDef(req.stepId)!;
      if (!req.actor.departments.includes(step.department) && !req.actor.roles.includes('supervisor')) {
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
      if (req.decision !== 'approve' && !req.reason?.trim()) {
        reject(REJECTION.INVALID, 'Cần nêu lý do (a reason is required)');
      }
    };

    setHandler(getDossierQuery, view);

    setHandler(
      decideStepUpdate,
      async (req) => {
        const step = activeSteps.find((s) => s.stepId === req.stepId)!;
        const at = nowIso();
        const result = handOffResult(at, step.dueAt, step.startedAt);
        switch (req.decision) {
          case 'approve': {
            completedInStage.add(step.stepId);
            record({
              type: 'STEP_APPROVED',
              actor: req.actor.userId,
              department: step.department,
              summary: `${step.department} hoàn thành bước "${step.name}" (${result === 'late' ? 'trễ hạn' : result === 'early' ? 'sớm' : 'đúng hạn'})`,
              data: { stepId: step.stepId, result, note: req.reason ?? null },
            });
            const row = [...controlSheet].reverse().find((r) => r.stepId === step.stepId && !r.result);
            if (row) row.result = result;
            break;
          }
          default:
            // Other decisions arrive with the full lifecycle; the validator admits only the procedure's decisions.
            reject(REJECTION.INVALID, `Quyết định "${req.decision}" chưa được hỗ trợ (decision not supported yet)`);
        }
        const mySeq = events.length;
        await condition(() => flushedSeq >= mySeq);
        return view();
      },
      { validator: validateDecision },
    );

    upsertSearchAttributes([{ key: ProcedureCodeKey, value: def.code }]);
    record({
      type: 'RECEIVED',
      actor: input.receivedBy.userId,
      department: def.receptionUnit,
      summary: `Tiếp nhận hồ sơ qua kênh ${input.channel}, hẹn trả kết quả ${dueAt}`,
      data: { channel: input.channel, dueAt, calendarVersion: calendar, procedureVersion: def.version, requestId: input.requestId ?? null },
    });
    log.info('Dossier received', { code: input.code, procedure: def.code, dueAt, requestId: input.requestId });
    status = 'PROCESSING';
    activateStage(0, def.receptionUnit);
    await flush();

    let stage = 0;
    while (stage < def.stages.length) {
      await condition(() => completedInStage.size === activeSteps.length || restartStage !== null || flushedSeq < events.length);
      await flush();
      if (completedInStage.size === activeSteps.length) {
        const from = activeSteps.map((s) => s.department).join(', ');
        stage += 1;
        if (stage < def.stages.length) activateStage(stage, from);
        else {
          activeSteps = [];
          addControlRow({ from, to: def.receptionUnit, handedOverAt: nowIso(), note: 'Trả kết quả về bộ phận một cửa' });
        }
      }
    }

    status = 'RESULT_READY';
    finishedAt = nowIso();
    record({ type: 'RESULT_READY', summary: 'Đã xử lý xong, chờ trả kết quả', data: {} });
    await flush();
    // Return of the result (counter, online, post) arrives with the full lifecycle; the dossier closes here.
    status = 'RETURNED';
    record({ type: 'RETURNED', summary: 'Đã trả kết quả', data: { method: input.returnMethod ?? 'counter' } });
    await flush();
    return view();
  };
}
