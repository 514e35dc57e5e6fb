/**
 * Who may do what to a dossier, in which status, on which step: one table. The workflow's update validators call
 * `checkAction`; the API calls `availableActions` to show a user what they may do. Pure: no Temporal, no I/O.
 *
 * Scope rule shared by every staff action: a department head acts only where their department takes part — it holds
 * an active step (escalate, reassign, extend, stop; decide and claim for its own steps), or has handled or leads the
 * dossier (notes). Supervisors of the centre act on any dossier.
 */
import type { Procedure, StepDefinition } from '../procedures/schema';
import type { ActiveStep, Actor, DossierStatus, DossierView, StepDecisionRequest, SupervisorRequest } from '../shared/dossier';
import { FINAL_STATUSES, REJECTION } from '../shared/dossier';

export type DossierAction =
  | 'claim'
  | 'decide'
  | 'escalate'
  | 'reassign'
  | 'note'
  | 'extend'
  | 'stop'
  | 'withdraw'
  | 'receive-supplement'
  | 'hand-over';

/** What the rules read of a dossier: a subset of its view, so the API can ask with the read model's snapshot. */
export type RuleView = Pick<DossierView, 'status' | 'activeSteps' | 'controlSheet' | 'returnMethod' | 'supplementRequests'>;

export interface Denial {
  kind: (typeof REJECTION)[keyof typeof REJECTION];
  message: string;
}

interface RuleInput {
  view: RuleView;
  def: Procedure;
  actor: Actor;
  /** The step the action names (claim, decide, escalate, reassign). */
  stepId?: string;
}

interface ActionRule {
  /** Vietnamese label for the API's list of allowed actions. */
  label: string;
  /** Statuses in which the action makes sense. */
  statuses: readonly DossierStatus[];
  /** Whether the action names an active step. */
  onStep: boolean;
  /** What to say when the status does not allow it (default: the status in words). */
  notNow?: string;
  /** Who may: null when allowed, else why not (a string: forbidden; a denial: its own kind). */
  who(input: RuleInput & { step?: ActiveStep }): string | Denial | null;
}

const OPEN: readonly DossierStatus[] = ['REGISTERED', 'RECEIVED', 'PROCESSING', 'SUPPLEMENT_REQUESTED', 'AWAITING_PAYMENT'];

const has = (a: Actor, role: Actor['roles'][number]) => a.roles.includes(role);
const isSupervisor = (a: Actor) => has(a, 'supervisor');
const inDepartment = (a: Actor, department: string) => a.departments.includes(department);
const openSteps = (v: RuleView) => v.activeSteps.filter((s) => !s.decidedAt);
/** Departments holding an active step now. */
const holding = (v: RuleView) => new Set(openSteps(v).map((s) => s.department));
/** Departments that hold, held or lead the dossier. */
const involved = (v: RuleView, def: Procedure) => new Set([def.leadAgency, ...v.controlSheet.map((r) => r.to), ...holding(v)]);
const headOfAny = (a: Actor, units: Set<string>) => has(a, 'head') && a.departments.some((d) => units.has(d));

export const stepDefinition = (def: Procedure, stepId: string): StepDefinition | undefined =>
  def.stages.flatMap((s) => s.steps).find((s) => s.id === stepId);

export const ACTION_RULES: Record<DossierAction, ActionRule> = {
  claim: {
    label: 'Nhận xử lý',
    statuses: ['PROCESSING'],
    onStep: true,
    who: ({ actor, step }) => {
      if (!(has(actor, 'officer') || has(actor, 'head')) || !inDepartment(actor, step!.department)) return `cán bộ ${actor.userId} không thuộc ${step!.department}`;
      // Someone else holds it: a conflict of state, not a lack of right.
      if (step!.officer && step!.officer !== actor.userId) return { kind: REJECTION.CONFLICT, message: `Bước đã được cán bộ ${step!.officer} nhận (already claimed)` };
      return null;
    },
  },
  decide: {
    label: 'Quyết định bước',
    statuses: ['PROCESSING'],
    onStep: true,
    who: ({ actor, step, def }) => {
      if (!(has(actor, 'officer') || has(actor, 'head')) || !inDepartment(actor, step!.department)) return `cán bộ ${actor.userId} không thuộc ${step!.department}`;
      if (step!.officer && step!.officer !== actor.userId && !has(actor, 'head')) return `bước đã giao cho cán bộ ${step!.officer}`;
      if (stepDefinition(def, step!.stepId)?.role === 'head' && !has(actor, 'head')) return 'bước này cần lãnh đạo đơn vị quyết định';
      return null;
    },
  },
  escalate: {
    label: 'Đôn đốc',
    statuses: ['PROCESSING'],
    onStep: true,
    who: ({ actor, step }) => (isSupervisor(actor) || (has(actor, 'head') && inDepartment(actor, step!.department)) ? null : `chỉ giám sát viên hoặc lãnh đạo ${step!.department}`),
  },
  reassign: {
    label: 'Giao lại',
    statuses: ['PROCESSING'],
    onStep: true,
    who: ({ actor, step }) => (isSupervisor(actor) || (has(actor, 'head') && inDepartment(actor, step!.department)) ? null : `chỉ giám sát viên hoặc lãnh đạo ${step!.department}`),
  },
  note: {
    label: 'Ghi chú',
    statuses: [...OPEN, 'RESULT_READY', 'RETURNED', 'REFUSED', 'WITHDRAWN', 'STOPPED'],
    onStep: false,
    who: ({ actor, view, def }) => (isSupervisor(actor) || headOfAny(actor, involved(view, def)) ? null : 'chỉ giám sát viên hoặc lãnh đạo đơn vị tham gia giải quyết hồ sơ'),
  },
  extend: {
    label: 'Gia hạn',
    statuses: ['PROCESSING', 'SUPPLEMENT_REQUESTED'],
    onStep: false,
    who: ({ actor, view }) => (isSupervisor(actor) || headOfAny(actor, holding(view)) ? null : 'chỉ giám sát viên hoặc lãnh đạo đơn vị đang giải quyết hồ sơ'),
  },
  stop: {
    label: 'Dừng xử lý',
    statuses: OPEN,
    onStep: false,
    who: ({ actor, view }) => (isSupervisor(actor) || headOfAny(actor, holding(view)) ? null : 'chỉ giám sát viên hoặc lãnh đạo đơn vị đang giải quyết hồ sơ'),
  },
  withdraw: {
    label: 'Rút hồ sơ',
    statuses: OPEN,
    onStep: false,
    who: ({ actor }) => (has(actor, 'reception') || has(actor, 'citizen') ? null : 'chỉ bộ phận một cửa (theo yêu cầu của công dân)'),
  },
  'receive-supplement': {
    label: 'Nhận hồ sơ bổ sung',
    statuses: ['SUPPLEMENT_REQUESTED'],
    onStep: false,
    who: ({ actor }) => (has(actor, 'reception') ? null : 'chỉ bộ phận một cửa'),
  },
  'hand-over': {
    label: 'Trả kết quả tại quầy',
    statuses: ['RESULT_READY'],
    notNow: 'Kết quả chưa sẵn sàng để trả tại quầy (result not ready at the counter)',
    onStep: false,
    who: ({ actor, view }) => {
      if (!has(actor, 'reception')) return 'chỉ bộ phận một cửa trả kết quả';
      return view.returnMethod === 'counter' ? null : 'kết quả không trả tại quầy';
    },
  },
};

const STATUS_TEXT: Record<DossierStatus, string> = {
  REGISTERED: 'chờ hồ sơ đầy đủ',
  RECEIVED: 'vừa tiếp nhận',
  PROCESSING: 'đang xử lý',
  SUPPLEMENT_REQUESTED: 'chờ bổ sung',
  AWAITING_PAYMENT: 'chờ nộp phí',
  WITHDRAWN: 'đã rút',
  STOPPED: 'đã dừng xử lý',
  RESULT_READY: 'đã xử lý xong',
  RETURNED: 'đã trả kết quả',
  REFUSED: 'đã từ chối',
};

/** Null when `actor` may take `action` now; otherwise the kind of refusal and a Vietnamese reason. */
export function checkAction(action: DossierAction, input: RuleInput): Denial | null {
  const rule = ACTION_RULES[action];
  let step: ActiveStep | undefined;
  if (rule.onStep) {
    step = openSteps(input.view).find((s) => s.stepId === input.stepId);
    // Who-checks come first where the step exists, so a stranger learns nothing about the dossier's state.
    if (step) {
      const why = rule.who({ ...input, step });
      if (why) return denial(rule, why);
    }
  } else {
    const why = rule.who(input);
    if (why) return denial(rule, why);
  }
  if (!rule.statuses.includes(input.view.status)) {
    return { kind: REJECTION.CONFLICT, message: rule.notNow ?? `Không thể ${rule.label.toLowerCase()}: hồ sơ ${STATUS_TEXT[input.view.status]}` };
  }
  if (rule.onStep && !step) {
    return { kind: REJECTION.CONFLICT, message: `Bước "${input.stepId}" không còn là bước hiện tại (step is not current)` };
  }
  return null;
}

/** Everything `actor` may do to the dossier now (for the API's `allowedActions`). */
export function availableActions(view: RuleView, def: Procedure, actor: Actor): Array<{ action: DossierAction; stepId?: string; label: string }> {
  const out: Array<{ action: DossierAction; stepId?: string; label: string }> = [];
  for (const [action, rule] of Object.entries(ACTION_RULES) as Array<[DossierAction, ActionRule]>) {
    if (rule.onStep) {
      for (const s of openSteps(view)) {
        if (!checkAction(action, { view, def, actor, stepId: s.stepId })) out.push({ action, stepId: s.stepId, label: rule.label });
      }
    } else if (!checkAction(action, { view, def, actor })) {
      out.push({ action, label: rule.label });
    }
  }
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const denial = (rule: ActionRule, why: string | Denial): Denial =>
  typeof why === 'string' ? { kind: REJECTION.FORBIDDEN, message: `${capitalise(rule.label)}: ${why}` } : why;

// ---------------------------------------------------------------- what an allowed actor may ask

/** Checks of a step decision's content, after `checkAction('decide', …)` allowed the actor. */
export function checkDecision(view: RuleView, def: Procedure, req: StepDecisionRequest, stageIndex: number): Denial | null {
  const d = stepDefinition(def, req.stepId);
  if (!d) return { kind: REJECTION.CONFLICT, message: `Không có bước "${req.stepId}"` };
  if (!d.decisions.includes(req.decision)) {
    return { kind: REJECTION.INVALID, message: `Quyết định "${req.decision}" không được phép ở bước này (decision not allowed at this step)` };
  }
  if (req.decision !== 'approve' && !req.reason?.trim()) return { kind: REJECTION.INVALID, message: 'Cần nêu lý do (a reason is required)' };
  switch (req.decision) {
    case 'request-supplement': {
      if (!req.missingItems?.length) return { kind: REJECTION.INVALID, message: 'Cần liệt kê đầy đủ giấy tờ phải bổ sung (list every missing item)' };
      // One request listing everything, Decree 61/2018/NĐ-CP art. 19.4 (the count is per procedure, default 1).
      const during = view.supplementRequests.filter((r) => r.stepId).length;
      if (during >= def.supplement.maxRequests) {
        return {
          kind: REJECTION.CONFLICT,
          message: `Đã yêu cầu bổ sung ${during} lần; ${def.supplement.basis.document} chỉ cho phép ${def.supplement.maxRequests} lần, nêu đầy đủ nội dung trong một văn bản`,
        };
      }
      return null;
    }
    case 'refuse':
      // After reception a refusal is the competent agency's signed written notice: its head decides.
      if (!req.actor.roles.includes('head')) {
        return { kind: REJECTION.FORBIDDEN, message: 'Từ chối giải quyết sau khi đã tiếp nhận phải do lãnh đạo đơn vị quyết định và ký văn bản' };
      }
      return null;
    case 'return':
      return returnTarget(def, req.toStepId, stageIndex).denial;
    default:
      return null;
  }
}

/** The stage a "return" goes back to: the named step's stage, or the previous stage. */
export function returnTarget(def: Procedure, toStepId: string | undefined, stageIndex: number): { stage: number; denial: Denial | null } {
  if (toStepId) {
    const idx = def.stages.findIndex((st) => st.steps.some((s) => s.id === toStepId));
    if (idx < 0) return { stage: -1, denial: { kind: REJECTION.INVALID, message: `Không có bước "${toStepId}" (unknown step)` } };
    if (idx >= stageIndex) return { stage: -1, denial: { kind: REJECTION.INVALID, message: 'Chỉ trả lại được bước trước đó (can only return to an earlier step)' } };
    return { stage: idx, denial: null };
  }
  if (stageIndex === 0) {
    return { stage: -1, denial: { kind: REJECTION.INVALID, message: 'Đây là bước đầu tiên; hãy yêu cầu công dân bổ sung hồ sơ (first step: request a supplement instead)' } };
  }
  return { stage: stageIndex - 1, denial: null };
}

/** Most working hours one extension may add (10 working days). */
export const MAX_EXTENSION_HOURS = 80;

/** Checks of a supervisor action's content, after `checkAction` allowed the actor. */
export function checkSupervisorRequest(view: RuleView, req: SupervisorRequest): Denial | null {
  if (!req.note?.trim()) return { kind: REJECTION.INVALID, message: 'Cần nội dung ghi chú / lý do (a note is required)' };
  if (req.action === 'extend' && !(req.hours > 0 && req.hours <= MAX_EXTENSION_HOURS)) {
    return { kind: REJECTION.INVALID, message: `Số giờ gia hạn phải từ 1 đến ${MAX_EXTENSION_HOURS} giờ làm việc` };
  }
  if (req.action === 'reassign') {
    if (!req.toDepartment && !req.toOfficer) return { kind: REJECTION.INVALID, message: 'Cần chọn phòng ban hoặc cán bộ nhận (choose a department or an officer)' };
    const step = openSteps(view).find((s) => s.stepId === req.stepId)!;
    const target = req.toDepartment ?? step.department;
    if (req.toDepartment && req.toDepartment !== step.department && !req.actor.roles.includes('supervisor')) {
      return { kind: REJECTION.FORBIDDEN, message: 'Chỉ giám sát viên chuyển bước sang đơn vị khác' };
    }
    if (req.toOfficer && !(req.toOfficerDepartments ?? []).includes(target)) {
      return { kind: REJECTION.INVALID, message: `Cán bộ ${req.toOfficer} không thuộc ${target}; chỉ giao cho cán bộ của đơn vị giải quyết bước` };
    }
  }
  return null;
}

export const isFinal = (status: DossierStatus) => FINAL_STATUSES.includes(status);
