/**
 * The dossier state machine without any server: transitions and the rules table over plain data, on the national
 * calendar, at fixed instants (never the real date).
 */
import { describe, expect, it } from 'vitest';
import { procedures } from '../procedures/registry';
import type { Procedure } from '../procedures/schema';
import { REJECTION, type Actor, type DossierInput } from '../shared/dossier';
import { nationalTime } from '../statutory-clock';
import { availableActions, checkAction, checkDecision, checkSupervisorRequest } from './rules';
import { openSteps, toView, type DossierState, type TransitionContext } from './state';
import * as t from './transitions';

/** Vietnam wall-clock time → UTC ISO. */
const vn = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+07:00`).toISOString();
const MON = '2026-03-02'; // an ordinary working Monday
const def = (code: string, version = 1) => procedures.version(code, version)!;
const ctxAt = (d: Procedure, now: string): TransitionContext => ({ def: d, time: nationalTime, now });

const reception: Actor = { userId: 'tn01', name: 'Mai Thị Thu', roles: ['reception'], departments: ['MOT-CUA'] };
const officer = (dept: string, userId = 'cb1'): Actor => ({ userId, roles: ['officer'], departments: [dept] });
const head = (dept: string, userId = 'ld1'): Actor => ({ userId, roles: ['head'], departments: [dept] });
const supervisor: Actor = { userId: 'gs01', roles: ['supervisor'], departments: [] };

function open(code: string, at: string, extra: Partial<DossierInput> = {}, version = 1): { s: DossierState; d: Procedure } {
  const d = def(code, version);
  const s = t.openDossier(
    {
      code: 'T-1',
      procedureCode: code,
      procedureVersion: version,
      channel: 'counter',
      applicant: { fullName: 'Nguyễn Thị Hương', phone: '0912345678' },
      submittedPapers: [],
      receivedBy: reception,
      ...(d.fees.some((f) => f.kind === 'per-page') ? { feeFacts: { pages: 3 } } : {}),
      ...extra,
    },
    ctxAt(d, at),
  );
  return { s, d };
}

const types = (s: DossierState) => s.unflushed.map((e) => e.type);

describe('reception', () => {
  it('a complete dossier is being handled as soon as it is opened: the first step is active', () => {
    const { s } = open('2.000986', vn(MON, '09:00'));
    expect(s.status).toBe('PROCESSING');
    expect(openSteps(s).map((x) => x.department)).toEqual(['UBND-XA-HO-TICH']);
    expect(types(s)).toEqual(['RECEIVED', 'STEP_STARTED']);
    expect(s.effects.map((e) => e.kind)).toEqual(['notify-citizen', 'issue-document']);
    // The first department may act at once (defect 5: a claim right after reception answered 409).
    expect(checkAction('claim', { view: s, def: def('2.000986'), actor: officer('UBND-XA-HO-TICH'), stepId: 'dang-ky-khai-sinh' })).toBeNull();
  });

  it('refused at reception: Form 03, no clock, no department', () => {
    const { s } = open('1.009994', vn(MON, '09:00'), { intake: { refusalReasons: ['Không thuộc thẩm quyền'] } }, 2);
    expect(s.status).toBe('REFUSED');
    expect(s.activeSteps).toEqual([]);
    expect(s.effects.find((e) => e.kind === 'issue-document')).toMatchObject({ form: { kind: 'refusal' } });
  });

  it('incomplete at the counter: Form 02 and the clock waits; it starts when reception receives the supplement', () => {
    const { s, d } = open('2.001610', vn(MON, '09:00'), { intake: { missingItems: ['Bản sao CCCD'] } });
    expect(s.status).toBe('SUPPLEMENT_REQUESTED');
    expect(s.intakePending).toBe(true);
    t.receiveSupplement(s, { receivedBy: 'tn01' }, ctxAt(d, vn('2026-03-04', '10:00')));
    expect(s.status).toBe('PROCESSING');
    expect(s.clock.receivedAt).toBe(vn('2026-03-04', '10:00'));
  });

  it('fees: the certified-copy fee is per page with a cap, due at filing, requested with the receipt', () => {
    const { s } = open('2.000815', vn(MON, '09:00'), { feeFacts: { pages: 5, copies: 2 } });
    // Circular 226/2016/TT-BTC art. 4.1: 2 × 2.000 + 3 × 1.000 = 7.000 per copy.
    expect(s.fees.totalVnd).toBe(14_000);
    expect(s.effects.map((e) => e.kind)).toContain('request-payment');
  });

  it('fees paid in cash at the counter are not requested again', () => {
    const { s } = open('2.000815', vn(MON, '09:00'), { feesPaidAtFiling: { method: 'Tiền mặt tại quầy' } });
    expect(s.fees.paidAt).toBe(vn(MON, '09:00'));
    expect(s.effects.map((e) => e.kind)).not.toContain('request-payment');
  });

  it('the case decides the duration (1.012783: 5 working days, 10 in case h)', () => {
    const a = open('1.012783', vn(MON, '08:00')).s;
    const b = open('1.012783', vn(MON, '08:00'), { caseId: 'diem-h' }).s;
    expect(a.dueAt).toBe(vn('2026-03-09', '17:00'));
    expect(b.dueAt).toBe(vn('2026-03-16', '17:00'));
  });
});

describe('defect 1: a step deadline never runs past the appointment it serves', () => {
  it('same-day certified copy received Monday 14:00: step due by 17:00, and no apology at once', () => {
    const { s, d } = open('2.000815', vn(MON, '14:00'));
    expect(s.dueAt).toBe(vn(MON, '17:00'));
    // The step's own share (4 working hours from 14:00) would end the next morning: what main did.
    expect(nationalTime.stepDueAt(s.clock, vn(MON, '14:00'), 4)).toBe(vn('2026-03-03', '08:15'));
    expect(openSteps(s)[0].dueAt).toBe(vn(MON, '17:00'));
    // The notice checkpoint (one working day before the appointment) has passed already: still no apology.
    s.unflushed = [];
    t.deadlinesPassed(s, ctxAt(d, vn(MON, '14:01')));
    expect(types(s)).not.toContain('APOLOGY_ISSUED');
    expect(s.dueAt).toBe(vn(MON, '17:00'));
  });

  it('in a liaison, a step leaves the later stages their shares', () => {
    const { s } = open('2.000986', vn(MON, '15:00'));
    // 3 working days → Thursday 17:00; the later stage needs 2 working days, so civil status is due Tuesday 17:00.
    expect(s.dueAt).toBe(vn('2026-03-05', '17:00'));
    expect(openSteps(s)[0].dueAt <= vn('2026-03-03', '17:00')).toBe(true);
  });
});

describe('the rules table (one source for validators and the API)', () => {
  const { s, d } = open('2.000986', vn(MON, '09:00'));
  const view = s;

  it('defect 2: heads of uninvolved departments cannot stop, extend or annotate', () => {
    const stranger = head('PHONG-DKKD');
    for (const action of ['stop', 'extend', 'note'] as const) {
      expect(checkAction(action, { view, def: d, actor: stranger })?.kind, action).toBe(REJECTION.FORBIDDEN);
    }
    // The head holding the step, and supervisors, may.
    for (const action of ['stop', 'extend', 'note'] as const) {
      expect(checkAction(action, { view, def: d, actor: head('UBND-XA-HO-TICH') }), action).toBeNull();
      expect(checkAction(action, { view, def: d, actor: supervisor }), action).toBeNull();
    }
    expect(availableActions(view, d, stranger)).toEqual([]);
  });

  it('every staff action for every role: allowed only where the rules say', () => {
    const actors = [reception, officer('UBND-XA-HO-TICH'), head('UBND-XA-HO-TICH'), officer('CONG-AN-XA'), head('CONG-AN-XA'), supervisor];
    const allowed = Object.fromEntries(actors.map((a) => [`${a.userId}:${a.roles[0]}:${a.departments[0] ?? ''}`, availableActions(view, d, a).map((x) => x.action).sort()]));
    expect(allowed).toEqual({
      'tn01:reception:MOT-CUA': ['stop', 'withdraw'].filter((x) => x === 'withdraw'),
      'cb1:officer:UBND-XA-HO-TICH': ['claim', 'decide'],
      'ld1:head:UBND-XA-HO-TICH': ['claim', 'decide', 'escalate', 'extend', 'note', 'reassign', 'stop'],
      'cb1:officer:CONG-AN-XA': [],
      'ld1:head:CONG-AN-XA': [],
      'gs01:supervisor:': ['escalate', 'extend', 'note', 'reassign', 'stop'],
    });
  });

  it('defect 3: reassign only to an officer of the step’s unit; another unit only by a supervisor', () => {
    const base = { action: 'reassign' as const, stepId: 'dang-ky-khai-sinh', note: 'điều chuyển' };
    expect(checkSupervisorRequest(view, { ...base, actor: head('UBND-XA-HO-TICH'), toOfficer: 'ca01', toOfficerDepartments: ['CONG-AN-XA'] })?.kind).toBe(REJECTION.INVALID);
    expect(checkSupervisorRequest(view, { ...base, actor: head('UBND-XA-HO-TICH'), toOfficer: 'ht02', toOfficerDepartments: ['UBND-XA-HO-TICH'] })).toBeNull();
    expect(checkSupervisorRequest(view, { ...base, actor: head('UBND-XA-HO-TICH'), toDepartment: 'CONG-AN-XA' })?.kind).toBe(REJECTION.FORBIDDEN);
    expect(checkSupervisorRequest(view, { ...base, actor: supervisor, toDepartment: 'CONG-AN-XA', toOfficer: 'ca01', toOfficerDepartments: ['CONG-AN-XA'] })).toBeNull();
  });

  it('defect 8: a refusal after reception needs the head', () => {
    const req = { stepId: 'dang-ky-khai-sinh', decision: 'refuse' as const, reason: 'Giấy chứng sinh giả', actor: officer('UBND-XA-HO-TICH') };
    expect(checkDecision(view, d, req, 0)?.kind).toBe(REJECTION.FORBIDDEN);
    expect(checkDecision(view, d, { ...req, actor: head('UBND-XA-HO-TICH') }, 0)).toBeNull();
  });
});

describe('decisions and hand-offs', () => {
  it('a liaison joins its parallel steps before the result; control sheet says Trước hạn / Đúng hạn / Quá hạn', () => {
    const { s, d } = open('2.000986', vn(MON, '08:00'));
    t.decide(s, { stepId: 'dang-ky-khai-sinh', decision: 'approve', actor: officer('UBND-XA-HO-TICH') }, ctxAt(d, vn(MON, '10:00')));
    expect(t.advance(s, ctxAt(d, vn(MON, '10:00')))).toBe('processing');
    expect(openSteps(s).map((x) => x.stepId)).toEqual(['dang-ky-thuong-tru', 'cap-the-bhyt']);
    t.decide(s, { stepId: 'cap-the-bhyt', decision: 'approve', actor: officer('BHXH-KHU-VUC') }, ctxAt(d, vn('2026-03-04', '09:00')));
    expect(t.advance(s, ctxAt(d, vn('2026-03-04', '09:00')))).toBe('processing');
    t.decide(s, { stepId: 'dang-ky-thuong-tru', decision: 'approve', actor: officer('CONG-AN-XA') }, ctxAt(d, vn('2026-03-05', '09:00')));
    expect(t.advance(s, ctxAt(d, vn('2026-03-05', '09:00')))).toBe('done');
    expect(s.controlSheet.map((r) => r.result ?? '-')).toEqual(['early', 'late', 'on-time', '-']);
  });

  it('defect 7: supplementation once; the clock restarts from the complete dossier (Decree 61/2018 art. 19.4)', () => {
    const { s, d } = open('2.001610', vn(MON, '08:00'));
    const ask = { stepId: 'tham-dinh-dkkd', decision: 'request-supplement' as const, reason: 'Thiếu giấy tờ', missingItems: ['Bản sao CCCD'], actor: officer('PHONG-DKKD') };
    expect(checkDecision(s, d, ask, 0)).toBeNull();
    t.decide(s, ask, ctxAt(d, vn(MON, '15:00')));
    expect(s.status).toBe('SUPPLEMENT_REQUESTED');
    // No window without a rule: the dossier waits, it is not stopped after 30 days.
    expect(s.supplementRequests[0].deadline).toBe('');
    t.receiveSupplement(s, { receivedBy: 'tn01' }, ctxAt(d, vn('2026-03-04', '10:00')));
    expect(s.dueAt).toBe(vn('2026-03-09', '17:00'));
    expect(checkDecision(s, d, ask, 0)?.kind).toBe(REJECTION.CONFLICT);
  });

  it('a procedure whose rules pause the clock keeps the time already spent', () => {
    const base = def('2.001610');
    const d: Procedure = { ...base, supplement: { ...base.supplement, clock: 'pause' } };
    const s = t.openDossier(
      { code: 'T-2', procedureCode: d.code, procedureVersion: 1, channel: 'counter', applicant: { fullName: 'A B' }, submittedPapers: [], receivedBy: reception },
      ctxAt(d, vn(MON, '08:00')),
    );
    t.decide(s, { stepId: 'tham-dinh-dkkd', decision: 'request-supplement', reason: 'Thiếu', missingItems: ['X'], actor: officer('PHONG-DKKD') }, ctxAt(d, vn('2026-03-03', '08:00')));
    t.receiveSupplement(s, { receivedBy: 'tn01' }, ctxAt(d, vn('2026-03-09', '08:00')));
    // Monday 08:00 + 3 working days was Thursday; paused Tuesday 08:00 → next Monday 08:00 (4 working days) moves it to next Thursday.
    expect(s.dueAt).toBe(vn('2026-03-11', '17:00'));
  });

  it('construction permits from 1 July 2026: 2 working days to supplement, then the dossier stops (Decree 217/2026 art. 54.2.b)', () => {
    const { s, d } = open('1.009994', vn(MON, '08:00'), {}, 2);
    t.decide(s, { stepId: 'tham-dinh-ho-so', decision: 'request-supplement', reason: 'Thiếu bản vẽ', missingItems: ['Bản vẽ mặt bằng'], actor: officer('PHONG-KINH-TE-HA-TANG') }, ctxAt(d, vn(MON, '09:00')));
    expect(s.supplementRequests[0].deadline).toBe(vn('2026-03-04', '09:00'));
    t.supplementWindowClosed(s, ctxAt(d, vn('2026-03-04', '09:00')));
    expect(s.status).toBe('STOPPED');
    expect(s.effects.find((e) => e.kind === 'issue-document' && e.form.kind === 'stop-notice')).toBeTruthy();
  });

  it('defect 4: an extension moves the appointment with a written notice and a message to the citizen', () => {
    const { s, d } = open('2.001610', vn(MON, '08:00'));
    s.effects = [];
    t.supervisorAction(s, { action: 'extend', hours: 16, note: 'Cần xác minh thêm', actor: supervisor }, ctxAt(d, vn(MON, '10:00')));
    expect(s.dueAt).toBe(vn('2026-03-09', '17:00'));
    expect(s.effects.map((e) => (e.kind === 'issue-document' ? `doc:${e.form.kind}` : e.kind === 'notify-citizen' ? `sms:${e.template}` : e.kind))).toEqual([
      'sms:deadline-extended',
      'doc:apology',
    ]);
  });

  it('defect 8: a refusal after reception issues the deciding agency’s notice, not reception’s Form 03', () => {
    const { s, d } = open('2.001610', vn(MON, '08:00'));
    t.decide(s, { stepId: 'tham-dinh-dkkd', decision: 'refuse', reason: 'Tên trùng', actor: head('PHONG-DKKD') }, ctxAt(d, vn(MON, '10:00')));
    expect(s.status).toBe('REFUSED');
    expect(s.effects.find((e) => e.kind === 'issue-document' && e.form.kind === 'refusal-notice')).toMatchObject({
      form: { decidingAgency: 'PHONG-DKKD', reasons: ['Tên trùng'] },
    });
  });

  it('late: the unit at fault apologises once and the appointment moves; a second slip goes to the supervisor', () => {
    const { s, d } = open('2.001610', vn(MON, '08:00'));
    // Wednesday: one working day before Thursday 17:00, the step is still open and due Thursday 08:00 → on track.
    t.deadlinesPassed(s, ctxAt(d, vn('2026-03-04', '17:00')));
    expect(s.apologies).toHaveLength(0);
    t.deadlinesPassed(s, ctxAt(d, vn('2026-03-05', '08:00')));
    expect(s.apologies).toMatchObject([{ faultUnit: 'PHONG-DKKD', originalDueAt: vn('2026-03-05', '17:00') }]);
    t.deadlinesPassed(s, ctxAt(d, s.dueAt));
    expect(types(s)).toContain('DUE_SLIP_ESCALATED');
    expect(s.apologies).toHaveLength(1);
  });

  it('the view carries no event list, and the state keeps only unprojected events', () => {
    const { s, d } = open('2.000986', vn(MON, '08:00'));
    const v = toView(s, ctxAt(d, vn(MON, '08:00')));
    expect(v.lastEventSeq).toBe(2);
    expect(JSON.stringify(v)).not.toContain('"events"');
  });
});
