/**
 * The full path of a liaison dossier (2.000986: birth registration → permanent residence + health-insurance card)
 * driven only through the HTTP API by the right users, with every wrong user refused at each step:
 * reception receives; the civil-status officer claims and approves; police and social insurance find their steps in
 * their inboxes, claim and approve in parallel; a supervisor notes; reception hands the result over at the counter;
 * the citizen looks it up and answers the survey; the auditor reads the timeline and control sheet and replays it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestStack, type TestStack } from './harness';
import { freshIp, waitFor, waitForStatus } from './api-fixtures';

let stack: TestStack;
const tokens = {} as Record<'reception' | 'hoTich' | 'hoTich2' | 'police' | 'bhxh' | 'supervisor' | 'auditor', string>;

beforeAll(async () => {
  stack = await startTestStack();
  Object.assign(tokens, {
    reception: await stack.token({ id: 'tn01', roles: ['reception'], departments: ['MOT-CUA'] }),
    hoTich: await stack.token({ id: 'ht01', name: 'Lê Thị Hộ Tịch', roles: ['officer'], departments: ['UBND-XA-HO-TICH'] }),
    hoTich2: await stack.token({ id: 'ht02', roles: ['officer'], departments: ['UBND-XA-HO-TICH'] }),
    police: await stack.token({ id: 'ca01', roles: ['officer'], departments: ['CONG-AN-XA'] }),
    bhxh: await stack.token({ id: 'bh01', roles: ['officer'], departments: ['BHXH-KHU-VUC'] }),
    supervisor: await stack.token({ id: 'gs01', roles: ['supervisor'] }),
    auditor: await stack.token({ id: 'tt01', roles: ['auditor'] }),
  });
});
afterAll(async () => stack?.stop());

const applicant = { fullName: 'Phạm Thị Mai', phone: '0903123789', idNumber: '001195012345', address: 'Thôn Đông, xã Thử' };
const SECRET = '3789';

type Res = Awaited<ReturnType<typeof call>>;

/** A refusal is problem+json with the given status (and, when given, a problem type). */
function expectProblem(res: Res, status: number, type?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  if (type) expect(res.body.type).toBe(type);
  expect(typeof res.body.detail === 'string' || typeof res.body.title === 'string').toBe(true);
}

/** Every inbox item of the user (all pages). */
async function inbox(token: string) {
  const items: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  do {
    const r: Res = await call(stack, 'GET', `/api/inbox${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(r.status).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return items;
}

const step = (code: string, stepId: string, action: 'claim' | 'decision', token: string, body: unknown = {}) =>
  call(stack, 'POST', `/api/dossiers/${code}/steps/${stepId}/${action}`, { token, body });

const eventTypes = (r: Res) => r.body.events.map((e: { type: string }) => e.type);

describe('liaison dossier driven through the API', () => {
  it('goes from reception to survey and audit, refusing every wrong user on the way', async () => {
    // ---- reception
    const byOfficer = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.hoTich,
      body: { procedureCode: '2.000986', channel: 'counter', applicant },
    });
    expectProblem(byOfficer, 403, '/problems/forbidden');
    const byPost = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.reception,
      body: { procedureCode: '2.000986', channel: 'postal', applicant },
    });
    expect(byPost.status).toBe(422); // this procedure is not received by post

    const created = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.reception,
      body: { procedureCode: '2.000986', channel: 'counter', applicant, returnMethod: 'counter' },
    });
    expect(created.status).toBe(201);
    const code: string = created.body.code;
    expect(created.headers.get('location')).toBe(`/api/dossiers/${code}`);

    const received = await waitForStatus(stack, code, tokens.hoTich, 'PROCESSING');
    expect(received.body.activeSteps).toEqual([
      expect.objectContaining({ stepId: 'dang-ky-khai-sinh', department: 'UBND-XA-HO-TICH' }),
    ]);
    expect(received.body.fees.totalVnd).toBe(0);

    // ---- stage 1: civil status. Only the civil-status inbox shows the dossier.
    const civilInbox = (await inbox(tokens.hoTich)).filter((i) => i.code === code);
    expect(civilInbox).toEqual([
      expect.objectContaining({ stepId: 'dang-ky-khai-sinh', department: 'UBND-XA-HO-TICH', officer: null, procedureCode: '2.000986' }),
    ]);
    expect((await inbox(tokens.police)).filter((i) => i.code === code)).toEqual([]);
    expect((await inbox(tokens.bhxh)).filter((i) => i.code === code)).toEqual([]);
    expectProblem(await call(stack, 'GET', '/api/inbox', { token: tokens.reception }), 403);

    // Not yet: the citizen cannot answer the survey, reception cannot hand over, police's step is not open.
    const earlySurvey = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, {
      body: { secret: SECRET, score: 5 },
      headers: freshIp(),
    });
    expectProblem(earlySurvey, 409);
    expectProblem(await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, { token: tokens.reception, body: {} }), 409);
    expectProblem(await step(code, 'dang-ky-thuong-tru', 'claim', tokens.police), 409, '/problems/state-conflict');

    // The wrong department can neither claim nor decide the civil-status step.
    const policeClaims = await step(code, 'dang-ky-khai-sinh', 'claim', tokens.police);
    expectProblem(policeClaims, 403, '/problems/forbidden');
    const policeApproves = await step(code, 'dang-ky-khai-sinh', 'decision', tokens.police, { decision: 'approve' });
    expectProblem(policeApproves, 403, '/problems/forbidden');
    expect(policeApproves.body.detail).toContain('ca01');
    expect(policeApproves.body.detail).toContain('UBND-XA-HO-TICH');
    // Reception and the auditor are not officers at all.
    expectProblem(await step(code, 'dang-ky-khai-sinh', 'decision', tokens.reception, { decision: 'approve' }), 403);
    expectProblem(await step(code, 'dang-ky-khai-sinh', 'decision', tokens.auditor, { decision: 'approve' }), 403);

    const claimed = await step(code, 'dang-ky-khai-sinh', 'claim', tokens.hoTich);
    expect(claimed.status).toBe(200);
    expect(claimed.body.activeSteps[0]).toMatchObject({ stepId: 'dang-ky-khai-sinh', officer: 'ht01' });
    // A colleague can no longer take it, nor decide it.
    expectProblem(await step(code, 'dang-ky-khai-sinh', 'claim', tokens.hoTich2), 409);
    const colleagueApproves = await step(code, 'dang-ky-khai-sinh', 'decision', tokens.hoTich2, { decision: 'approve' });
    expectProblem(colleagueApproves, 403);
    expect(colleagueApproves.body.detail).toContain('ht01');
    // A decision the step does not allow, and a refusal without a reason, are invalid.
    expectProblem(await step(code, 'dang-ky-khai-sinh', 'decision', tokens.hoTich, { decision: 'return', reason: 'x' }), 422);
    expectProblem(await step(code, 'dang-ky-khai-sinh', 'decision', tokens.hoTich, { decision: 'refuse' }), 422);
    // The claim shows in the inbox.
    expect((await inbox(tokens.hoTich)).find((i) => i.code === code)).toMatchObject({ officer: 'ht01' });

    const civilApproved = await step(code, 'dang-ky-khai-sinh', 'decision', tokens.hoTich, { decision: 'approve' });
    expect(civilApproved.status).toBe(200);
    expect(civilApproved.body.controlSheet[0]).toMatchObject({ from: 'MOT-CUA', to: 'UBND-XA-HO-TICH', stepId: 'dang-ky-khai-sinh' });
    expect(['early', 'on-time']).toContain(civilApproved.body.controlSheet[0].result);
    const twice = await step(code, 'dang-ky-khai-sinh', 'decision', tokens.hoTich, { decision: 'approve' });
    expectProblem(twice, 409, '/problems/state-conflict');

    // ---- stage 2: police and social insurance in parallel, each in its own inbox.
    const policeItem = await waitFor(async () => (await inbox(tokens.police)).find((i) => i.code === code));
    expect(policeItem).toMatchObject({ stepId: 'dang-ky-thuong-tru', department: 'CONG-AN-XA', officer: null });
    const bhxhItems = (await inbox(tokens.bhxh)).filter((i) => i.code === code);
    expect(bhxhItems).toEqual([expect.objectContaining({ stepId: 'cap-the-bhyt', department: 'BHXH-KHU-VUC', officer: null })]);
    expect((await inbox(tokens.police)).filter((i) => i.code === code)).toHaveLength(1); // not the BHXH step
    expect((await inbox(tokens.hoTich)).filter((i) => i.code === code)).toEqual([]);

    // Crossed departments are refused.
    expectProblem(await step(code, 'cap-the-bhyt', 'claim', tokens.police), 403);
    expectProblem(await step(code, 'dang-ky-thuong-tru', 'decision', tokens.bhxh, { decision: 'approve' }), 403);
    expectProblem(await step(code, 'cap-the-bhyt', 'decision', tokens.hoTich, { decision: 'approve' }), 403);
    // Social insurance may not refuse (not among its decisions).
    expectProblem(await step(code, 'cap-the-bhyt', 'decision', tokens.bhxh, { decision: 'refuse', reason: 'Thiếu tờ khai' }), 422);

    const [policeClaim, bhxhClaim] = await Promise.all([
      step(code, 'dang-ky-thuong-tru', 'claim', tokens.police),
      step(code, 'cap-the-bhyt', 'claim', tokens.bhxh),
    ]);
    expect([policeClaim.status, bhxhClaim.status]).toEqual([200, 200]);
    // The police decide first: their step leaves their inbox and the dossier's active steps, the other stays.
    const policeOk = await step(code, 'dang-ky-thuong-tru', 'decision', tokens.police, { decision: 'approve' });
    expect(policeOk.status).toBe(200);
    expect(policeOk.body.activeSteps.map((s: { stepId: string }) => s.stepId)).toEqual(['cap-the-bhyt']);
    await waitFor(async () => ((await inbox(tokens.police)).some((i) => i.code === code) ? undefined : true));
    expect((await inbox(tokens.bhxh)).filter((i) => i.code === code)).toHaveLength(1);
    const bhxhOk = await step(code, 'cap-the-bhyt', 'decision', tokens.bhxh, { decision: 'approve', reason: 'Đã cấp thẻ BHYT' });
    expect(bhxhOk.status).toBe(200);
    expectProblem(await step(code, 'dang-ky-thuong-tru', 'decision', tokens.police, { decision: 'approve' }), 409);
    expectProblem(await step(code, 'cap-the-bhyt', 'decision', tokens.bhxh, { decision: 'approve' }), 409);

    // No fees for this procedure: straight to the result, waiting at the counter.
    const ready = await waitForStatus(stack, code, tokens.supervisor, 'RESULT_READY');
    expect(ready.body.activeSteps).toEqual([]);
    expect(eventTypes(ready)).not.toContain('PAYMENT_REQUESTED');
    expect((await inbox(tokens.police)).filter((i) => i.code === code)).toEqual([]);

    // ---- supervisor note (officers may not; the note must say something)
    expectProblem(
      await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, { token: tokens.police, body: { action: 'note', note: 'x' } }),
      403,
    );
    expectProblem(
      await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, { token: tokens.supervisor, body: { action: 'note', note: '  ' } }),
      400,
    );
    // Escalating a step of a dossier whose steps are all done is a state conflict.
    expectProblem(
      await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, {
        token: tokens.supervisor,
        body: { action: 'escalate', stepId: 'dang-ky-thuong-tru', note: 'Đôn đốc' },
      }),
      409,
    );
    const noted = await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, {
      token: tokens.supervisor,
      body: { action: 'note', note: 'Liên thông đúng hạn, đã kiểm tra' },
    });
    expect(noted.status).toBe(200);
    expect(noted.body.notes).toEqual([expect.objectContaining({ by: 'gs01', text: 'Liên thông đúng hạn, đã kiểm tra' })]);

    // ---- hand-over at the counter: only reception
    expectProblem(await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, { token: tokens.hoTich, body: {} }), 403);
    expectProblem(await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, { token: tokens.supervisor, body: {} }), 403);
    const handedOver = await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, {
      token: tokens.reception,
      body: { note: 'Công dân nhận bản chính' },
    });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.status).toBe('RETURNED');
    expectProblem(await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, { token: tokens.reception, body: {} }), 409);

    const done = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.auditor });
      return r.body?.events?.some((e: { type: string }) => e.type === 'SURVEY_INVITED') ? r : undefined;
    });
    expect(done.body.status).toBe('RETURNED');
    const types = eventTypes(done).filter((t: string) => t !== 'DOCUMENT_ISSUED');
    expect(types).toEqual([
      'RECEIVED',
      'STEP_STARTED',
      'STEP_CLAIMED',
      'STEP_APPROVED',
      'STEP_STARTED',
      'STEP_STARTED',
      'STEP_CLAIMED',
      'STEP_CLAIMED',
      'STEP_APPROVED',
      'STEP_APPROVED',
      'RESULT_READY',
      'NOTE_ADDED',
      'RETURNED',
      'SURVEY_INVITED',
    ]);
    // Each decision is attributed to the officer who made it.
    const approvals = done.body.events.filter((e: { type: string }) => e.type === 'STEP_APPROVED');
    expect(approvals.map((e: { actor: string; department: string }) => `${e.department}:${e.actor}`).sort()).toEqual([
      'BHXH-KHU-VUC:bh01',
      'CONG-AN-XA:ca01',
      'UBND-XA-HO-TICH:ht01',
    ]);

    // ---- the citizen: lookup with the code + last 4 digits of the phone, then the survey (once)
    const wrongSecret = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: '0000' }, headers: freshIp() });
    expectProblem(wrongSecret, 404);
    const lookup = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: SECRET }, headers: freshIp() });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({
      code,
      status: 'RETURNED',
      currentDepartment: null,
      fees: { totalVnd: 0, paid: false, paymentUrl: null },
      apologies: [],
      supplement: null,
    });
    expect(lookup.body.message).toContain('đánh giá');
    expect(JSON.stringify(lookup.body)).not.toContain(applicant.idNumber); // no personal data to the public

    const wrongSurvey = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, {
      body: { secret: '1111', score: 5 },
      headers: freshIp(),
    });
    expectProblem(wrongSurvey, 404);
    const survey = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, {
      body: { secret: SECRET, score: 5, comment: 'Nhanh, một lần đến là xong' },
      headers: freshIp(),
    });
    expect(survey.status).toBe(201);
    const surveyAgain = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, {
      body: { secret: SECRET, score: 1 },
      headers: freshIp(),
    });
    expectProblem(surveyAgain, 409);
    const stored = await stack.database.sql<Array<{ score: number }>>`select score from survey_responses where dossier_code = ${code}`;
    expect(stored.map((r) => r.score)).toEqual([5]);

    // ---- the auditor (and only the auditor)
    for (const t of [tokens.supervisor, tokens.police, tokens.reception]) {
      expectProblem(await call(stack, 'GET', `/api/dossiers/${code}/timeline`, { token: t }), 403);
    }
    expectProblem(await call(stack, 'POST', `/api/dossiers/${code}/replay`, { token: tokens.supervisor }), 403);

    const timeline = await call(stack, 'GET', `/api/dossiers/${code}/timeline`, { token: tokens.auditor });
    expect(timeline.status).toBe(200);
    const entries: Array<{ source: string; kind: string; actor?: string }> = timeline.body.entries;
    expect(entries.some((e) => e.source === 'temporal')).toBe(true);
    const readModel = entries.filter((e) => e.source === 'read-model');
    expect(readModel.filter((e) => e.kind !== 'DOCUMENT_ISSUED').map((e) => e.kind)).toEqual(types);
    expect(readModel.find((e) => e.kind === 'NOTE_ADDED')?.actor).toBe('gs01');

    const sheet = await call(stack, 'GET', `/api/dossiers/${code}/control-sheet`, { token: tokens.auditor });
    expect(sheet.status).toBe(200);
    expect(sheet.body.form).toContain('Mẫu số 06');
    const rows: Array<{ fromUnit: string; toUnit: string; stepId: string | null; result: string | null }> = sheet.body.rows;
    expect(rows.map((r) => `${r.fromUnit}→${r.toUnit}:${r.stepId ?? '-'}`)).toEqual([
      'MOT-CUA→UBND-XA-HO-TICH:dang-ky-khai-sinh',
      'UBND-XA-HO-TICH→CONG-AN-XA:dang-ky-thuong-tru',
      'UBND-XA-HO-TICH→BHXH-KHU-VUC:cap-the-bhyt',
      'CONG-AN-XA, BHXH-KHU-VUC→MOT-CUA:-',
    ]);
    for (const r of rows.slice(0, 3)) expect(['early', 'on-time']).toContain(r.result);

    const replay = await call(stack, 'POST', `/api/dossiers/${code}/replay`, { token: tokens.auditor });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: true, code });
    expect(replay.body.events).toBeGreaterThan(20);
  });
});
