/**
 * Every deadline path of the dossier workflow on the real time-skipping test server, asserting dates to the minute
 * and the control-sheet rows. Each test gets its own test server (its own clock, moved to a quiet Monday 08:00
 * Vietnam time) and worker: short-lived connections also stay clear of the server's keep-alive ping limit.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addWorkingDays, buildCalendar, defaultCalendar, fromLunar } from '../holidays';
import { StatutoryTime } from '../workflows/statutory-clock';
import { describeEvent } from '../api/presentation';
import {
  claimStepUpdate,
  handOverResultUpdate,
  supplementReceivedSignal,
  closeDossierUpdate,
  postalTrackingSignal,
  receiveSupplementUpdate,
  decideStepUpdate,
  paymentConfirmedSignal,
  paymentFailedSignal,
  calendarChangedSignal,
  supervisorActionUpdate,
  type DossierView,
  type StepDecisionRequest,
} from '../workflows/shared/dossier';
import {
  HOUR,
  finish,
  headOf,
  maybeRecordHistory,
  minute,
  officerOf,
  pass,
  quietMonday,
  reception,
  skipTo,
  startDossier,
  startWorkflowEnv,
  supervisor,
  terminateLeftovers,
  waitForView,
  view,
  vnDay,
  vnInstant,
  type WorkflowTestEnv,
} from './workflow-env';

let t: WorkflowTestEnv;
beforeEach(async () => {
  t = await startWorkflowEnv();
});
afterEach(async () => {
  await terminateLeftovers();
  await t?.stop();
});

/** Moves to the next quiet Monday 08:00 and returns it. */
async function monday(): Promise<string> {
  const anchor = quietMonday(await t.env.currentTimeMs());
  await skipTo(t, anchor);
  return anchor;
}

const types = (v: DossierView) => v.controlSheet.map((r) => `${r.from}→${r.to}:${r.result ?? '-'}`);

async function payFees(h: Awaited<ReturnType<typeof startDossier>>) {
  const v = await waitForView(h, (x) => x.status === 'AWAITING_PAYMENT' && !!x.fees.txnRef);
  const now = new Date(await t.env.currentTimeMs()).toISOString();
  await h.signal(paymentConfirmedSignal, { txnRef: v.fees.txnRef!, amountVnd: v.fees.totalVnd, paidAt: now, method: 'VNPAY/NCB' });
}

describe('dossier lifecycle (time-skipping server)', () => {
  it('on time: business registration, 3 working days, approved on the day its step is due', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    let v = await view(h);
    expect(minute(v.receivedAt)).toBe(minute(mon));
    // Received Monday 08:00: the day of receipt is not counted, so the 3rd working day is Thursday; 17:00 close.
    expect(minute(v.dueAt)).toBe(minute(vnInstant(vnDay(mon, 3), '17:00')));
    // The step's share is 3 working days of office hours (07:30–11:30, 13:30–17:00) from Monday 08:00.
    expect(minute(v.activeSteps[0].dueAt)).toBe(minute(vnInstant(vnDay(mon, 3), '08:00')));

    await skipTo(t, vnInstant(vnDay(mon, 3), '07:45'));
    v = await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }],
    });
    // Đúng hạn: on the step's due day, before its due time (Trước hạn would be a day before).
    expect(v.controlSheet[0]).toMatchObject({ from: 'MOT-CUA', to: 'PHONG-DKKD', result: 'on-time' });
    expect(minute(v.controlSheet[0].completedAt)).toBe(minute(vnInstant(vnDay(mon, 3), '07:45')));
    await payFees(h);
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    expect(done.overdue).toBe(false);
    expect(done.apologies).toEqual([]);
    expect(types(done)).toEqual(['MOT-CUA→PHONG-DKKD:on-time', 'PHONG-DKKD→MOT-CUA:-']);
    await maybeRecordHistory(h, 'on-time');
  });

  it('early (trước hạn): approved before the step’s due day', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    await skipTo(t, vnInstant(vnDay(mon), '10:00'));
    const v = await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }],
    });
    expect(v.controlSheet[0].result).toBe('early');
    await payFees(h);
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    await maybeRecordHistory(h, 'early');
  });

  it('a wrong officer, a wrong decision and a stale step are rejected with clear reasons', async () => {
    await monday();
    const h = await startDossier(t, '2.000986');
    // Let reception finish (Form 01 issued) so that nothing else is being recorded meanwhile.
    const seqBefore = (await waitForView(h, (x) => x.documents.length === 1)).lastEventSeq;
    const reject = async (args: StepDecisionRequest) => {
      try {
        await h.executeUpdate(decideStepUpdate, { args: [args] });
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        const cause = (err as WorkflowUpdateFailedError).cause as { type?: string; message: string };
        return { type: cause.type, message: cause.message };
      }
    };
    const police = officerOf('CONG-AN-XA');
    expect(await reject({ stepId: 'dang-ky-khai-sinh', decision: 'approve', actor: police })).toMatchObject({
      type: 'Forbidden',
      message: expect.stringContaining('không thuộc UBND-XA-HO-TICH'),
    });
    expect(await reject({ stepId: 'dang-ky-thuong-tru', decision: 'approve', actor: police })).toMatchObject({ type: 'Conflict' });
    expect(await reject({ stepId: 'dang-ky-khai-sinh', decision: 'refuse', actor: officerOf('UBND-XA-HO-TICH') })).toMatchObject({
      type: 'Invalid',
      message: expect.stringContaining('lý do'),
    });
    // Nothing was recorded by the rejected attempts.
    expect((await view(h)).lastEventSeq).toBe(seqBefore);
    await h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'withdraw', actor: reception, reason: 'Thử nghiệm' }] });
    await finish(t, h);
  });

  it('liaison: civil status, then police and social insurance in parallel, joined before the result', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.000986');
    await skipTo(t, vnInstant(vnDay(mon), '09:00'));
    let v = await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'dang-ky-khai-sinh', decision: 'approve', actor: officerOf('UBND-XA-HO-TICH') }],
    });
    // Wait for the next stage to open (the main loop runs after the update returns).
    v = await waitForView(h, (x) => x.activeSteps.length === 2);
    expect(v.activeSteps.map((s) => s.department).sort()).toEqual(['BHXH-KHU-VUC', 'CONG-AN-XA']);
    // Both parallel steps get 2 working days from Monday 09:00 → Wednesday 09:00.
    for (const s of v.activeSteps) expect(minute(s.dueAt)).toBe(minute(vnInstant(vnDay(mon, 2), '09:00')));

    await skipTo(t, vnInstant(vnDay(mon, 1), '10:00'));
    v = await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'cap-the-bhyt', decision: 'approve', actor: officerOf('BHXH-KHU-VUC') }],
    });
    expect(v.status).toBe('PROCESSING'); // the join waits for the police
    await skipTo(t, vnInstant(vnDay(mon, 1), '15:00'));
    await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'dang-ky-thuong-tru', decision: 'approve', actor: officerOf('CONG-AN-XA') }],
    });
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    expect(types(done)).toEqual([
      'MOT-CUA→UBND-XA-HO-TICH:early',
      'UBND-XA-HO-TICH→CONG-AN-XA:early',
      'UBND-XA-HO-TICH→BHXH-KHU-VUC:early',
      'CONG-AN-XA, BHXH-KHU-VUC→MOT-CUA:-',
    ]);
    expect(minute(done.finishedAt)).toBe(minute(vnInstant(vnDay(mon, 1), '15:00')));
    await maybeRecordHistory(h, 'liaison-parallel');
  });

  it('overdue: reminder, automatic escalation, apology with a new appointment, then a second slip escalated', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    const stepDue = vnInstant(vnDay(mon, 3), '08:00');
    // Nobody acts: let Monday to Friday evening pass.
    await skipTo(t, vnInstant(vnDay(mon, 4), '18:00'));
    const v = await view(h);
    const events = await t.database.sql<{ type: string; at: string; data: any }[]>`
      select type, at, data from dossier_events where dossier_code = ${h.workflowId} order by seq`;
    const at = (type: string) => events.filter((e) => e.type === type).map((e) => minute(new Date(e.at).toISOString()));
    // Reminder 4 working hours (3¾ office hours) before the step is due: Wednesday 13:45.
    expect(at('STEP_REMINDER')).toEqual([minute(vnInstant(vnDay(mon, 2), '13:45'))]);
    expect(at('STEP_ESCALATED')).toEqual([minute(stepDue)]);
    // The late step makes the miss certain: the department apologises at once, before the appointment passes.
    expect(at('APOLOGY_ISSUED')).toEqual([minute(stepDue)]);
    expect(v.apologies).toHaveLength(1);
    expect(v.apologies[0]).toMatchObject({ faultUnit: 'PHONG-DKKD', signer: 'Thủ trưởng PHONG-DKKD' });
    expect(minute(v.apologies[0].originalDueAt)).toBe(minute(vnInstant(vnDay(mon, 3), '17:00')));
    // New appointment: one more working day.
    expect(minute(v.apologies[0].newDueAt)).toBe(minute(vnInstant(vnDay(mon, 4), '17:00')));
    expect(minute(v.dueAt)).toBe(minute(vnInstant(vnDay(mon, 4), '17:00')));
    // Missing the new date too is escalated to the supervisor, not silently re-appointed.
    expect(at('DUE_SLIP_ESCALATED')).toEqual([minute(vnInstant(vnDay(mon, 4), '17:00'))]);
    expect(v.overdue).toBe(true);
    const outbox = await t.database.sql<{ template: string; audience: string; body: string }[]>`
      select template, audience, body from notification_outbox where dossier_code = ${h.workflowId} and template = 'apology'`;
    expect(outbox.map((o) => o.audience)).toEqual(['citizen', 'citizen']); // SMS and e-mail
    // Units by name, never by code.
    expect(outbox[0].body).toContain('Phòng Đăng ký kinh doanh xin lỗi');
    expect(outbox[0].body).not.toContain('PHONG-DKKD');

    await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }],
    });
    await payFees(h);
    const done = await finish(t, h);
    expect(done.controlSheet[0].result).toBe('late');
    expect(done.overdue).toBe(true);
    await maybeRecordHistory(h, 'overdue-apology');
  });

  it('supervisor: reassigns a stuck step to another officer and adds a note; a non-supervisor cannot', async () => {
    await monday();
    const h = await startDossier(t, '2.001610');
    await expect(
      h.executeUpdate(supervisorActionUpdate, {
        args: [{ action: 'note', actor: officerOf('PHONG-DKKD'), note: 'Tự ghi chú' }],
      }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    const v = await h.executeUpdate(supervisorActionUpdate, {
      args: [{ action: 'reassign', stepId: 'tham-dinh-dkkd', actor: supervisor, toOfficer: 'cb-02', toOfficerDepartments: ['PHONG-DKKD'], note: 'Cán bộ cũ nghỉ phép' }],
    });
    expect(v.activeSteps[0].officer).toBe('cb-02');
    // Now only cb-02 (or the head) may decide.
    await expect(
      h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD', 'cb-01') }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: headOf('PHONG-DKKD') }] });
    await payFees(h);
    await finish(t, h);
    await maybeRecordHistory(h, 'reassign-note');
  });

  it('payment never arrives: the dossier stops when the payment window closes', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    await skipTo(t, vnInstant(vnDay(mon), '09:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await waitForView(h, (x) => !!x.fees.deadline);
    await skipTo(t, vnInstant(vnDay(mon, 7), '09:01'));
    const done = await finish(t, h);
    expect(done.status).toBe('STOPPED');
    expect(done.closure).toMatchObject({ kind: 'stopped', reason: 'Quá hạn thực hiện nghĩa vụ tài chính', by: 'system' });
    // Window: 5 working days of office hours from Monday 09:00 → the next Monday 09:00.
    expect(minute(done.fees.deadline)).toBe(minute(vnInstant(vnDay(mon, 7), '09:00')));
    expect(minute(done.finishedAt)).toBe(minute(done.fees.deadline));
    await maybeRecordHistory(h, 'payment-never');
  });

  it('payment arrives late (after 3 working days): the wait is not counted against the agency', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    await skipTo(t, vnInstant(vnDay(mon), '09:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await skipTo(t, vnInstant(vnDay(mon, 3), '09:00'));
    await payFees(h);
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    expect(done.pauses).toHaveLength(1);
    // Paused Monday 09:00 → Thursday 09:00. The day of receipt is not counted anyway, so the pause costs the
    // counted time from Tuesday 07:30 to Thursday 09:00 (2 working days + 1½ office hours): the appointment moves
    // from Thursday 17:00 to the next Tuesday 09:00.
    expect(minute(done.dueAt)).toBe(minute(vnInstant(vnDay(mon, 8), '09:00')));
    expect(done.overdue).toBe(false);
    await maybeRecordHistory(h, 'payment-late');
  });

  it('payment cancelled at the gateway: a new attempt with a new reference, paid on it within the same window', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    await skipTo(t, vnInstant(vnDay(mon), '09:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    const first = await waitForView(h, (x) => x.status === 'AWAITING_PAYMENT' && !!x.fees.txnRef);
    const firstRef = first.fees.txnRef!;

    await h.signal(paymentFailedSignal, { txnRef: firstRef, reason: 'mã phản hồi 24/02' });
    const second = await waitForView(h, (x) => x.fees.attempt === 2);
    expect(second.fees.txnRef).toBe(`${firstRef}A2`);
    expect(second.fees.paymentUrl).not.toBe(first.fees.paymentUrl);
    expect(second.fees.paymentUrl).toContain(`vnp_TxnRef=${second.fees.txnRef}`);
    expect(second.fees.deadline).toBe(first.fees.deadline);
    expect(second.status).toBe('AWAITING_PAYMENT');
    // A repeated notice for the replaced attempt changes nothing.
    await h.signal(paymentFailedSignal, { txnRef: firstRef, reason: 'mã phản hồi 24/02' });
    expect((await view(h)).fees.attempt).toBe(2);

    const now = new Date(await t.env.currentTimeMs()).toISOString();
    await h.signal(paymentConfirmedSignal, { txnRef: second.fees.txnRef!, amountVnd: second.fees.totalVnd, paidAt: now, method: 'VNPAY/NCB' });
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    expect(done.fees).toMatchObject({ txnRefs: [firstRef, `${firstRef}A2`], attempt: 2, paidAt: now });
    const events = await t.database.sql<{ type: string }[]>`select type from dossier_events where dossier_code = ${h.workflowId} order by seq`;
    const kinds = events.map((e) => e.type);
    expect(kinds.filter((k) => k === 'PAYMENT_REQUESTED')).toHaveLength(2);
    expect(kinds.indexOf('PAYMENT_FAILED')).toBeLessThan(kinds.lastIndexOf('PAYMENT_REQUESTED'));
    expect(kinds).toContain('FEES_PAID');
    // One payment order per attempt, each created once.
    const orders = await t.database.sql<{ txn_ref: string }[]>`select txn_ref from payment_orders where dossier_code = ${h.workflowId} order by created_at`;
    expect(orders.map((o) => o.txn_ref)).toEqual([firstRef, `${firstRef}A2`]);
    await maybeRecordHistory(h, 'payment-retry');
  });

  it('a local calendar change applied to a running dossier moves its appointment and step deadline, and tells the citizen', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    const before = await view(h);
    // The province closes offices on Tuesday and Wednesday of this week (e.g. a storm): two working days less.
    const overlay = {
      id: 'tinh-thu',
      name: 'UBND tỉnh thử',
      extraDaysOff: [vnDay(mon, 1), vnDay(mon, 2)].map((date) => ({ date, reason: 'Nghỉ phòng chống bão' })),
    };
    await h.signal(calendarChangedSignal, { overlay, patchIds: [], reason: 'Quyết định nghỉ phòng chống bão', by: 'qt01' });
    const after = await waitForView(h, (v) => v.dueAt !== before.dueAt);
    const expected = new StatutoryTime(buildCalendar(overlay)).computeDueAt({
      receivedAt: before.receivedAt, duration: { unit: 'working-days', amount: 3 }, pauses: [], extensions: [],
    });
    expect(after.dueAt).toBe(expected);
    expect(minute(after.dueAt)).toBe(minute(vnInstant(vnDay(mon, 7), '17:00'))); // Thu → next Monday
    expect(after.activeSteps[0]!.dueAt > before.activeSteps[0]!.dueAt).toBe(true);
    expect(after.calendarVersion).not.toBe(before.calendarVersion);
    // The same change again is nothing new.
    await h.signal(calendarChangedSignal, { overlay, patchIds: [], reason: 'Quyết định nghỉ phòng chống bão', by: 'qt01' });
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: headOf('PHONG-DKKD') }] });
    await payFees(h);
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    const events = await t.database.sql<{ type: string; summary: string; data: unknown }[]>`select type, summary, data from dossier_events where dossier_code = ${h.workflowId} order by seq`;
    expect(events.filter((e) => e.type === 'CALENDAR_CHANGED')).toHaveLength(1);
    expect(describeEvent(events.find((e) => e.type === 'CALENDAR_CHANGED')!)).toContain('Quyết định nghỉ phòng chống bão');
    const sms = await t.database.sql<{ body: string }[]>`select body from notification_outbox where dossier_code = ${h.workflowId} and template = 'appointment-changed'`;
    expect(sms.length).toBeGreaterThan(0);
    expect(sms[0]!.body).toContain('do thay đổi lịch làm việc');
    await maybeRecordHistory(h, 'calendar-changed');
  });

  it('withdrawal by the citizen at the counter ends the dossier', async () => {
    await monday();
    const h = await startDossier(t, '1.009994');
    await pass(t, 2 * HOUR);
    const v = await h.executeUpdate(closeDossierUpdate, {
      args: [{ kind: 'withdraw', actor: reception, reason: 'Công dân không có nhu cầu nữa' }],
    });
    expect(v.status).toBe('WITHDRAWN');
    const done = await finish(t, h);
    expect(done.closure).toMatchObject({ kind: 'withdrawn', by: 'tn01' });
    expect(done.overdue).toBe(false);
    await expect(
      h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'withdraw', actor: reception, reason: 'Lần hai' }] }),
    ).rejects.toThrow();
    await maybeRecordHistory(h, 'withdrawal');
  });

  it('supplementation across Tết: the clock stops, and the period runs again in full from the supplemented dossier (Decree 61/2018 art. 19.4)', async () => {
    // The next Tết at least three weeks away; received on a quiet Monday about two weeks before it.
    const now = await t.env.currentTimeMs();
    let year = new Date(now).getUTCFullYear();
    let tet = fromLunar(year, 1, 1);
    if (Date.parse(`${tet}T00:00:00+07:00`) < now + 21 * 86_400_000) tet = fromLunar(++year, 1, 1);
    const mon = quietMonday(Date.parse(`${tet}T00:00:00+07:00`) - 20 * 86_400_000, 3);
    await skipTo(t, mon);
    const h = await startDossier(t, '2.001610');
    await skipTo(t, vnInstant(vnDay(mon), '10:00'));
    let v = await h.executeUpdate(decideStepUpdate, {
      args: [
        {
          stepId: 'tham-dinh-dkkd',
          decision: 'request-supplement',
          actor: officerOf('PHONG-DKKD'),
          reason: 'Thiếu giấy tờ pháp lý',
          missingItems: ['Bản sao CCCD của chủ doanh nghiệp', 'Giấy đề nghị có chữ ký'],
        },
      ],
    });
    expect(v.status).toBe('SUPPLEMENT_REQUESTED');
    expect(v.supplementRequests[0].missingItems).toHaveLength(2);
    // The citizen comes back on the first working day after the Tết holidays, at 09:00.
    const back = addWorkingDays(tet, 1);
    const tetOff = defaultCalendar.year(Number(tet.slice(0, 4))).nonWorkingWeekdays.filter((d) => d >= vnDay(mon) && d < back);
    expect(tetOff.length).toBeGreaterThanOrEqual(3);
    await skipTo(t, vnInstant(back, '09:00'));
    v = await h.executeUpdate(receiveSupplementUpdate, { args: [{ receivedBy: 'tn01', note: 'Đã nộp đủ' }] });
    expect(v.status).toBe('PROCESSING');
    expect(minute(v.pauses[0].from)).toBe(minute(vnInstant(vnDay(mon), '10:00')));
    expect(minute(v.pauses[0].to)).toBe(minute(vnInstant(back, '09:00')));
    // The 3 working days count again from the supplemented dossier: the day of receipt is not counted → the 3rd
    // working day after it, 17:00. The step's share (3 × 7½ office hours) also starts again at 09:00.
    expect(minute(v.dueAt)).toBe(minute(vnInstant(addWorkingDays(back, 3), '17:00')));
    expect(minute(v.activeSteps[0].dueAt)).toBe(minute(defaultCalendar.addWorkingHours(vnInstant(back, '09:00'), 22.5)));
    // The official receipt time is still the first one.
    expect(minute(v.receivedAt)).toBe(minute(mon));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await payFees(h);
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    expect(done.overdue).toBe(false);
    await maybeRecordHistory(h, 'supplement-across-tet');
  });

  it('refusal after reception: the head decides, the unit’s written notice is issued', async () => {
    const mon = await monday();
    const h = await startDossier(t, '1.009994');
    await skipTo(t, vnInstant(vnDay(mon, 1), '10:00'));
    const v = await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'tham-dinh-ho-so', decision: 'refuse', actor: headOf('PHONG-KINH-TE-HA-TANG'), reason: 'Thửa đất nằm trong hành lang bảo vệ đê điều' }],
    });
    expect(v.status).toBe('REFUSED');
    const done = await finish(t, h);
    expect(done.closure).toMatchObject({ kind: 'refused', reason: 'Thửa đất nằm trong hành lang bảo vệ đê điều', by: 'ld-phong-kinh-te-ha-tang' });
    // The deciding unit's written notice, not reception's Form 03.
    expect(done.documents.map((d) => d.kind)).toContain('refusal-notice');
    expect(done.documents.map((d) => d.kind)).not.toContain('refusal');
    expect(done.controlSheet[0]).toMatchObject({ to: 'PHONG-KINH-TE-HA-TANG', result: 'early', note: 'Từ chối: Thửa đất nằm trong hành lang bảo vệ đê điều' });
    await maybeRecordHistory(h, 'refusal');
  });

  it('return to an earlier step: the tax authority sends the file back to land registration', async () => {
    const mon = await monday();
    const h = await startDossier(t, '1.012783');
    await skipTo(t, vnInstant(vnDay(mon, 1), '09:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-tra-ho-so', decision: 'approve', actor: officerOf('VPDK-DAT-DAI') }] });
    await waitForView(h, (x) => x.activeSteps[0]?.stepId === 'xac-dinh-nghia-vu-tai-chinh');
    await skipTo(t, vnInstant(vnDay(mon, 2), '08:30'));
    await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'xac-dinh-nghia-vu-tai-chinh', decision: 'return', actor: officerOf('THUE-CO-SO'), reason: 'Thiếu giá chuyển nhượng trong hợp đồng' }],
    });
    let v = await waitForView(h, (x) => x.activeSteps[0]?.stepId === 'tham-tra-ho-so');
    expect(v.stageIndex).toBe(0);
    // The returned step gets its share again from the moment it is handed back, but never past the appointment
    // (next Monday 17:00) minus the 3 working days the later stages need: Wednesday 17:00.
    expect(minute(v.activeSteps[0].dueAt)).toBe(minute(vnInstant(vnDay(mon, 2), '17:00')));
    await skipTo(t, vnInstant(vnDay(mon, 2), '14:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-tra-ho-so', decision: 'approve', actor: officerOf('VPDK-DAT-DAI') }] });
    await waitForView(h, (x) => x.activeSteps[0]?.stepId === 'xac-dinh-nghia-vu-tai-chinh');
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'xac-dinh-nghia-vu-tai-chinh', decision: 'approve', actor: officerOf('THUE-CO-SO') }] });
    await waitForView(h, (x) => x.activeSteps[0]?.stepId === 'cap-giay-chung-nhan');
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'cap-giay-chung-nhan', decision: 'approve', actor: officerOf('VPDK-DAT-DAI') }] });
    await payFees(h);
    v = await finish(t, h);
    expect(types(v)).toEqual([
      'MOT-CUA→VPDK-DAT-DAI:early',
      'VPDK-DAT-DAI→THUE-CO-SO:on-time',
      'THUE-CO-SO→VPDK-DAT-DAI:on-time',
      'VPDK-DAT-DAI→THUE-CO-SO:early',
      'THUE-CO-SO→VPDK-DAT-DAI:early',
      'VPDK-DAT-DAI→MOT-CUA:-',
    ]);
    expect(v.controlSheet[1].note).toBe('Trả lại: Thiếu giá chuyển nhượng trong hợp đồng');
    await maybeRecordHistory(h, 'return-to-earlier-step');
  });

  it('postal return: the result travels by the public postal service until delivered', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610', { returnMethod: 'postal' });
    await skipTo(t, vnInstant(vnDay(mon), '11:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await payFees(h);
    let v = await waitForView(h, (x) => !!x.postal);
    expect(v.status).toBe('RESULT_READY');
    const order = t.services.postalSandbox!.orders().find((o) => o.dossierCode === h.workflowId)!;
    expect(order).toMatchObject({ kind: 'deliver-result', trackingNumber: v.postal!.trackingNumber });
    const rows = await t.database.sql`select status from postal_orders where dossier_code = ${h.workflowId}`;
    expect(rows).toHaveLength(1);
    const at = () => t.env.currentTimeMs().then((ms) => new Date(ms).toISOString());
    await h.signal(postalTrackingSignal, { orderId: order.orderId, status: 'picked-up', at: await at() });
    await h.signal(postalTrackingSignal, { orderId: order.orderId, status: 'picked-up', at: await at() }); // duplicate webhook
    await skipTo(t, vnInstant(vnDay(mon, 1), '15:00'));
    await h.signal(postalTrackingSignal, { orderId: order.orderId, status: 'delivered', at: await at() });
    v = await finish(t, h);
    expect(v.status).toBe('RETURNED');
    const events = await t.database.sql<{ type: string }[]>`select type from dossier_events where dossier_code = ${h.workflowId} order by seq`;
    expect(events.filter((e) => e.type === 'POSTAL_TRACKING')).toHaveLength(2);
    expect(events.map((e) => e.type).slice(-3)).toEqual(['POSTAL_TRACKING', 'RETURNED', 'SURVEY_INVITED']);
    await maybeRecordHistory(h, 'postal-return');
  });

  it('a supplementation window set by the procedure’s rules (construction permits: 2 working days) ends the dossier', async () => {
    const mon = await monday();
    const h = await startDossier(t, '1.009994');
    await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'tham-dinh-ho-so', decision: 'request-supplement', actor: officerOf('PHONG-KINH-TE-HA-TANG'), reason: 'Thiếu bản vẽ', missingItems: ['Bản vẽ mặt bằng'] }],
    });
    const v = await view(h);
    await skipTo(t, new Date(Date.parse(v.supplementRequests[0].deadline) + 60_000).toISOString());
    const done = await finish(t, h);
    expect(done.status).toBe('STOPPED');
    expect(done.closure?.reason).toBe('Quá thời hạn bổ sung hồ sơ');
    // 2 working days of office hours from Monday 08:00 (Decree 217/2026/NĐ-CP art. 54.2.b).
    expect(minute(done.supplementRequests[0].deadline)).toBe(minute(defaultCalendar.addWorkingHours(mon, 2 * 7.5)));
    expect(done.documents.map((d) => d.kind)).toContain('stop-notice');
    await maybeRecordHistory(h, 'supplement-window');
  });

  it('incomplete at the counter: Form 02, and the statutory clock starts only when the dossier is complete', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610', { intake: { missingItems: ['Bản sao CCCD của chủ doanh nghiệp'] } });
    let v = await waitForView(h, (x) => x.documents.some((d) => d.kind === 'supplement'));
    expect(v.status).toBe('SUPPLEMENT_REQUESTED');
    expect(v.activeSteps).toEqual([]);
    expect(v.overdue).toBe(false);
    await skipTo(t, vnInstant(vnDay(mon, 2), '10:00'));
    await h.executeUpdate(receiveSupplementUpdate, { args: [{ receivedBy: 'tn01' }] });
    v = await waitForView(h, (x) => x.status === 'PROCESSING');
    // Received complete on Wednesday 10:00: 3 working days → Monday 17:00 of the next week.
    expect(minute(v.receivedAt)).toBe(minute(vnInstant(vnDay(mon, 2), '10:00')));
    expect(minute(v.dueAt)).toBe(minute(vnInstant(vnDay(mon, 7), '17:00')));
    expect(v.pauses).toEqual([]);
    await h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'withdraw', actor: reception, reason: 'Kết thúc thử nghiệm' }] });
    await finish(t, h);
    await maybeRecordHistory(h, 'intake-supplement-withdrawn');
  });

  it('refused at reception: Form 03 with the reasons, no clock, no department', async () => {
    await monday();
    const h = await startDossier(t, '1.009994', { intake: { refusalReasons: ['Không thuộc thẩm quyền giải quyết của cấp xã'] } });
    const done = await finish(t, h);
    expect(done.status).toBe('REFUSED');
    expect(done.controlSheet).toEqual([]);
    expect(done.documents.map((d) => d.kind)).toEqual(['refusal']);
    expect(done.closure?.reason).toBe('Không thuộc thẩm quyền giải quyết của cấp xã');
    await maybeRecordHistory(h, 'intake-refusal');
  });

  it('postal intake: the post collects the dossier; transit is not counted, the clock starts on hand-over', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610', { channel: 'postal', intake: { postalPickup: true } });
    let v = await waitForView(h, (x) => !!x.postal);
    expect(v.status).toBe('REGISTERED');
    const order = t.services.postalSandbox!.orders().find((o) => o.dossierCode === h.workflowId)!;
    expect(order.kind).toBe('collect-dossier');
    const at = () => t.env.currentTimeMs().then((ms) => new Date(ms).toISOString());
    await h.signal(postalTrackingSignal, { orderId: order.orderId, status: 'picked-up', at: await at() });
    await skipTo(t, vnInstant(vnDay(mon, 1), '09:00'));
    await h.signal(postalTrackingSignal, { orderId: order.orderId, status: 'handed-to-agency', at: await at(), handoverRecordNo: 'BBGN-1' });
    v = await waitForView(h, (x) => x.status === 'PROCESSING');
    // Arrived Tuesday 09:00: 3 working days → Friday 17:00.
    expect(minute(v.receivedAt)).toBe(minute(vnInstant(vnDay(mon, 1), '09:00')));
    expect(minute(v.dueAt)).toBe(minute(vnInstant(vnDay(mon, 4), '17:00')));
    await h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'withdraw', actor: reception, reason: 'Kết thúc thử nghiệm' }] });
    await finish(t, h);
    await maybeRecordHistory(h, 'postal-intake');
  });

  it('handlers: claim, manual escalation, an extension with its written notice, hand-over at the counter', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610', { returnMethod: 'counter' });
    let v = await h.executeUpdate(claimStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', actor: officerOf('PHONG-DKKD') }] });
    expect(v.activeSteps[0].officer).toBe('cb-phong-dkkd');
    await h.executeUpdate(supervisorActionUpdate, { args: [{ action: 'escalate', stepId: 'tham-dinh-dkkd', actor: supervisor, note: 'Đề nghị xử lý sớm' }] });
    // A head of a department with nothing to do with the dossier may not extend it (defect 2).
    await expect(
      h.executeUpdate(supervisorActionUpdate, { args: [{ action: 'extend', hours: 8, actor: headOf('CONG-AN-XA'), note: 'Không liên quan' }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    v = await h.executeUpdate(supervisorActionUpdate, { args: [{ action: 'extend', hours: 8, actor: headOf('PHONG-DKKD'), note: 'Cần xác minh với cơ quan thuế' }] });
    // 3 working days → Thursday 17:00; one more working day → Friday 17:00, with a written notice and a message.
    expect(minute(v.dueAt)).toBe(minute(vnInstant(vnDay(mon, 4), '17:00')));
    v = await waitForView(h, (x) => x.documents.some((d) => d.kind === 'apology'));
    const sms = await t.database.sql<{ body: string }[]>`select body from notification_outbox where dossier_code = ${h.workflowId} and template = 'deadline-extended'`;
    expect(sms[0]?.body).toContain('Cần xác minh với cơ quan thuế');
    await skipTo(t, vnInstant(vnDay(mon, 1), '10:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await payFees(h);
    await waitForView(h, (x) => x.status === 'RESULT_READY');
    await h.executeUpdate(handOverResultUpdate, { args: [{ actor: reception, note: 'Công dân nhận tại quầy' }] });
    const done = await finish(t, h);
    expect(done.status).toBe('RETURNED');
    await maybeRecordHistory(h, 'claim-escalate-extend-handover');
  });

  it('stop: the head of the unit holding the dossier stops it; the 2025 stop notice is issued', async () => {
    await monday();
    const h = await startDossier(t, '2.000986');
    await expect(
      h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'stop', actor: headOf('PHONG-DKKD'), reason: 'Không liên quan' }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    await h.executeUpdate(closeDossierUpdate, { args: [{ kind: 'stop', actor: headOf('UBND-XA-HO-TICH'), reason: 'Công dân đề nghị dừng giải quyết' }] });
    const done = await finish(t, h);
    expect(done.status).toBe('STOPPED');
    expect(done.documents.map((d) => d.kind)).toContain('stop-notice');
    await maybeRecordHistory(h, 'stop');
  });

  it('supplement received as a signal (online): handling resumes', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610');
    await h.executeUpdate(decideStepUpdate, {
      args: [{ stepId: 'tham-dinh-dkkd', decision: 'request-supplement', actor: officerOf('PHONG-DKKD'), reason: 'Thiếu giấy tờ', missingItems: ['Bản sao CCCD'] }],
    });
    await skipTo(t, vnInstant(vnDay(mon, 1), '09:00'));
    await h.signal(supplementReceivedSignal, { receivedBy: 'portal', note: 'Bổ sung trực tuyến' });
    const v = await waitForView(h, (x) => x.status === 'PROCESSING');
    expect(minute(v.dueAt)).toBe(minute(vnInstant(vnDay(mon, 4), '17:00')));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await payFees(h);
    expect((await finish(t, h)).status).toBe('RETURNED');
    await maybeRecordHistory(h, 'supplement-signal');
  });

  it('postal delivery fails: the result comes back and is handed over at the counter', async () => {
    const mon = await monday();
    const h = await startDossier(t, '2.001610', { returnMethod: 'postal' });
    await skipTo(t, vnInstant(vnDay(mon), '11:00'));
    await h.executeUpdate(decideStepUpdate, { args: [{ stepId: 'tham-dinh-dkkd', decision: 'approve', actor: officerOf('PHONG-DKKD') }] });
    await payFees(h);
    const v = await waitForView(h, (x) => !!x.postal);
    const at = () => t.env.currentTimeMs().then((ms) => new Date(ms).toISOString());
    await h.signal(postalTrackingSignal, { orderId: v.postal!.orderId, status: 'picked-up', at: await at() });
    await h.signal(postalTrackingSignal, { orderId: v.postal!.orderId, status: 'delivery-failed', at: await at(), note: 'Không có người nhận' });
    const back = await waitForView(h, (x) => x.returnMethod === 'counter');
    expect(back.status).toBe('RESULT_READY');
    await h.executeUpdate(handOverResultUpdate, { args: [{ actor: reception }] });
    expect((await finish(t, h)).status).toBe('RETURNED');
    await maybeRecordHistory(h, 'postal-undelivered');
  });
});
