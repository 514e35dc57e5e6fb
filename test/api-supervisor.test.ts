/**
 * Supervisor lists (near-due, overdue, stuck, filtered + cursor pagination), per-department statistics, and the
 * officer inbox. Deadline cases are read-model rows written directly (the projection's shape), so the clock cases
 * are exact; one real dossier checks the inbox end to end.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSheetRows, dossiers, paymentOrders } from '../db/schema';
import { addWorkingHours, defaultCalendar } from '../holidays/index';
import { workingInstantBefore } from '../api/working-time';
import { clock } from '../activities/clock';
import { call, startTestStack, type TestStack } from './harness';
import { receiveCertifiedCopy, roleTokens, type RoleTokens } from './api-fixtures';

let stack: TestStack;
let tokens: RoleTokens;

const tag = randomUUID().slice(0, 6).toUpperCase().replace(/[^0-9A-Z]/g, 'X');
const PROC = `9.${tag}`;
const DEPT = `TEST-DEPT-${tag}`;
const day = defaultCalendar.hoursPerWorkingDay;
const now = clock.now().toISOString();
const iso = (s: string) => new Date(s).toISOString();
const code = (n: number) => `SUP${tag}.H26-240304-${String(n).padStart(4, '0')}`;

function row(n: number, o: Partial<typeof dossiers.$inferInsert> & { dueAt: string }) {
  const activeSteps = o.currentDepartments?.length
    ? o.currentDepartments.map((d) => ({ stepId: 'buoc-1', name: 'Thẩm định', department: d, startedAt: now, dueAt: o.dueAt, reminded: false, escalated: false }))
    : [];
  return {
    code: code(n),
    procedureCode: PROC,
    procedureVersion: 1,
    rulePack: '2025',
    channel: 'counter',
    status: 'PROCESSING',
    applicantName: `Công dân ${n}`,
    applicantPhone: '0900000000',
    receivedAt: now,
    originalDueAt: o.dueAt,
    lastEventSeq: 1,
    lastActionAt: now,
    snapshot: { code: code(n), dueAt: o.dueAt, activeSteps, controlSheet: [] },
    ...o,
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
  const db = stack.database.db;
  await db.insert(dossiers).values([
    row(1, { dueAt: iso(addWorkingHours(now, 2)), currentDepartments: [DEPT] }), // near due
    row(2, { dueAt: iso(addWorkingHours(now, 5 * day)), channel: 'postal' }), // plenty of time
    row(3, { dueAt: iso(new Date(clock.now().getTime() - 2 * 86_400_000).toISOString()) }), // overdue by the clock
    row(4, { dueAt: iso(addWorkingHours(now, 3 * day)), overdue: true }), // flagged overdue by the workflow
    row(5, { dueAt: iso(addWorkingHours(now, 4 * day)), lastActionAt: workingInstantBefore(now, 2.5 * day) }), // stuck
    row(6, { dueAt: iso(new Date(clock.now().getTime() - 86_400_000).toISOString()), status: 'RETURNED', overdue: true }), // finished late
    row(7, { dueAt: iso(addWorkingHours(now, 1)), status: 'SUPPLEMENT_REQUESTED' }), // clock paused
    row(8, { dueAt: '2024-03-20T10:00:00.000Z', receivedAt: '2024-03-01T02:00:00.000Z', status: 'RETURNED',
      snapshot: {
        code: code(8),
        controlSheet: [
          { rowNo: 1, completedAt: '2024-03-05T02:00:00.000Z' },
          { rowNo: 2, completedAt: '2024-03-06T02:00:00.000Z' },
          { rowNo: 3, completedAt: '2024-03-08T02:00:00.000Z' },
        ],
      } }),
  ]);
  // Hand-offs to DEPT on Monday 4/3/2024 09:00 (Vietnam): early (1 day), on time (2 days), late (4 days), pending.
  const at = '2024-03-04T02:00:00.000Z';
  const cs = (rowNo: number, o: Partial<typeof controlSheetRows.$inferInsert>) => ({
    dossierCode: code(8), rowNo, fromUnit: 'MOT-CUA', toUnit: DEPT, handedOverAt: at, stepId: 'buoc-1', ...o,
  });
  await db.insert(controlSheetRows).values([
    cs(1, { result: 'early' }),
    cs(2, { result: 'on-time' }),
    cs(3, { result: 'late' }),
    cs(4, { result: null }),
    cs(5, { result: 'late', handedOverAt: '2024-04-02T02:00:00.000Z' }), // outside the range
    cs(6, { result: 'early', toUnit: `${DEPT}-KHAC` }),
  ]);
  // Fee receipts (amount, method, time, reference): two paid in March 2024, one in April, one never paid.
  const order = (n: number, o: Partial<typeof paymentOrders.$inferInsert>) => ({
    txnRef: `${tag}F${n}`, dossierCode: code(8), amountVnd: 50_000, feeLines: [], paymentUrl: 'http://sandbox/pay', status: 'paid', ...o,
  });
  await db.insert(paymentOrders).values([
    order(1, { paidAt: '2024-03-05T03:00:00.000Z', method: 'VNPAY/NCB' }),
    order(2, { paidAt: '2024-03-06T03:00:00.000Z', method: 'VNPAY/VNPAYQR', amountVnd: 20_000 }),
    order(3, { paidAt: '2024-04-02T03:00:00.000Z', method: 'VNPAY/NCB' }),
    order(4, { status: 'pending' }),
  ]);
});
afterAll(async () => stack?.stop());

const codesOf = (body: { items: Array<{ code: string }> }) => body.items.map((i) => i.code);
const get = (path: string, token = tokens.supervisor) => call(stack, 'GET', path, { token });

describe('supervisor lists', () => {
  it('near-due: at most one working day left, clock running', async () => {
    const res = await get(`/api/supervisor/near-due?procedure=${PROC}`);
    expect(res.status).toBe(200);
    expect(codesOf(res.body)).toEqual([code(1)]);
    const item = res.body.items[0];
    expect(item.workingHoursLeft).toBeGreaterThan(0);
    expect(item.workingHoursLeft).toBeLessThanOrEqual(day);
    expect(item.workingDaysLeft).toBeLessThanOrEqual(1);
    expect(item).toMatchObject({ applicantName: 'Công dân 1', statusLabel: 'Đang xử lý', currentDepartments: [DEPT] });
  });

  it('overdue: past due or flagged, still open', async () => {
    const res = await get(`/api/supervisor/overdue?procedure=${PROC}`);
    expect(codesOf(res.body)).toEqual([code(3), code(4)]);
    expect(res.body.items[0].workingHoursLeft).toBeLessThan(0);
  });

  it('stuck: no action for N working hours (default one working day)', async () => {
    expect(codesOf((await get(`/api/supervisor/stuck?procedure=${PROC}`)).body)).toEqual([code(5)]);
    expect(codesOf((await get(`/api/supervisor/stuck?procedure=${PROC}&hours=${2 * day}`)).body)).toEqual([code(5)]);
    expect(codesOf((await get(`/api/supervisor/stuck?procedure=${PROC}&hours=${3 * day}`)).body)).toEqual([]);
    const item = (await get(`/api/supervisor/stuck?procedure=${PROC}`)).body.items[0];
    expect(item.idleWorkingHours).toBeGreaterThanOrEqual(2.5 * day - 0.1);
  });

  it('filters by status, channel, department, overdue flag, due and received dates', async () => {
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&status=RETURNED`)).body)).toEqual([code(8), code(6)]);
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&status=RETURNED,SUPPLEMENT_REQUESTED`)).body)).toHaveLength(3);
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&channel=postal`)).body)).toEqual([code(2)]);
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&department=${DEPT}`)).body)).toEqual([code(1)]);
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&overdue=true`)).body).sort()).toEqual([code(4), code(6)]);
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&dueBefore=2024-12-31`)).body)).toEqual([code(8)]);
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&receivedFrom=2024-03-01&receivedTo=2024-03-01`)).body)).toEqual([code(8)]);
    const after = encodeURIComponent(iso(addWorkingHours(now, 3.5 * day)));
    expect(codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&dueAfter=${after}`)).body)).toEqual([code(5), code(2)]);
  });

  it('lists a dossier with dates outside the calendar range (imported data) instead of failing', async () => {
    const old = `9.${tag}OLD`;
    await stack.database.db.insert(dossiers).values({
      ...row(90, { dueAt: '2010-05-04T10:00:00.000Z', lastActionAt: '2010-05-01T02:00:00.000Z', receivedAt: '2010-04-28T02:00:00.000Z' }),
      code: `OLD${tag}.H26-100428-0001`,
      procedureCode: old,
    });
    const res = await get(`/api/supervisor/overdue?procedure=${old}`);
    expect(res.status).toBe(200);
    // Not flagged by a workflow, but its deadline has passed: overdue.
    expect(res.body.items).toEqual([expect.objectContaining({ code: `OLD${tag}.H26-100428-0001`, overdue: true })]);
    expect(res.body.items[0].workingHoursLeft).toBeLessThan(0);
  });

  it('pages with an opaque cursor in (due, code) order', async () => {
    const all = codesOf((await get(`/api/supervisor/dossiers?procedure=${PROC}&limit=200`)).body);
    expect(all).toHaveLength(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/supervisor/dossiers?procedure=${PROC}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...codesOf(res.body));
      cursor = res.body.nextCursor;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });
});

describe('reception: results waiting to be handed over', () => {
  it('lists ready results returned at the counter or online, not those leaving by post', async () => {
    const ready = `9.${tag}RDY`;
    const r = (n: number, returnMethod: string | undefined, status = 'RESULT_READY') => ({
      ...row(n, { dueAt: iso(addWorkingHours(now, n)), status }),
      code: `RDY${tag}.H26-240304-00${n}`,
      procedureCode: ready,
      snapshot: { code: `RDY${tag}.H26-240304-00${n}`, ...(returnMethod ? { returnMethod } : {}), activeSteps: [], controlSheet: [] },
    });
    await stack.database.db.insert(dossiers).values([r(51, 'counter'), r(52, 'postal'), r(53, undefined), r(54, 'online'), r(55, 'counter', 'PROCESSING')]);
    const res = await get(`/api/reception/ready?procedure=${ready}`, tokens.reception);
    expect(res.status).toBe(200);
    expect(codesOf(res.body)).toEqual([51, 53, 54].map((n) => `RDY${tag}.H26-240304-00${n}`));
    expect(res.body.items[0]).toMatchObject({ status: 'RESULT_READY', statusLabel: expect.any(String) });
    expect((await get(`/api/reception/ready?procedure=${ready}`)).status).toBe(403); // supervisors have their own lists
  });
});

describe('statistics', () => {
  it('counts early / on time / late per department with on-time rate and average working days', async () => {
    const res = await get(`/api/supervisor/stats?from=2024-03-01&to=2024-03-31&procedure=${PROC}`);
    expect(res.status).toBe(200);
    const mine = res.body.departments.find((d: { department: string }) => d.department === DEPT);
    expect(mine).toEqual({
      department: DEPT,
      name: DEPT,
      received: 4,
      handled: 3,
      early: 1,
      onTime: 1,
      late: 1,
      pending: 1,
      onTimeRate: 0.667,
      averageWorkingDays: 2.33,
    });
    expect(res.body.departments.map((d: { department: string }) => d.department)).toEqual([DEPT, `${DEPT}-KHAC`]);
    expect(res.body.totals).toMatchObject({ received: 5, handled: 4, early: 2 });

    const one = await get(`/api/supervisor/stats?from=2024-03-01&to=2024-03-31&department=${DEPT}-KHAC`);
    expect(one.body.departments).toHaveLength(1);
    expect(one.body.departments[0]).toMatchObject({ onTimeRate: 1, averageWorkingDays: null });
  });

  it('sums the fees paid in the period by payment method and by procedure', async () => {
    const res = await get(`/api/supervisor/stats?from=2024-03-01&to=2024-03-31&procedure=${PROC}`);
    expect(res.body.fees).toEqual({
      payments: 2,
      amountVnd: 70_000,
      byMethod: [
        { method: 'VNPAY/NCB', payments: 1, amountVnd: 50_000 },
        { method: 'VNPAY/VNPAYQR', payments: 1, amountVnd: 20_000 },
      ],
      byProcedure: [{ procedureCode: PROC, procedureName: PROC, payments: 2, amountVnd: 70_000 }],
    });
    const april = await get(`/api/supervisor/stats?from=2024-04-01&to=2024-04-30&procedure=${PROC}`);
    expect(april.body.fees).toMatchObject({ payments: 1, amountVnd: 50_000 });
  });
});

describe('officer inbox', () => {
  it("lists the steps at the officer's departments with time left", async () => {
    const mine = await stack.token({ id: 'td01', roles: ['officer'], departments: [DEPT] });
    const res = await get('/api/inbox', mine);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ code: code(1), stepId: 'buoc-1', department: DEPT, officer: null, overdue: false });
    expect(res.body.items[0].workingHoursLeft).toBeCloseTo(2, 0);

    const other = await stack.token({ id: 'td02', roles: ['head'], departments: ['PHONG-KHAC'] });
    expect((await get('/api/inbox', other)).body.items.map((i: { code: string }) => i.code)).not.toContain(code(1));
  });

  it('shows a dossier received through the API to its department', async () => {
    const received = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const res = await get('/api/inbox?limit=200', tokens.officer);
    const item = res.body.items.find((i: { code: string }) => i.code === received);
    expect(item).toMatchObject({ stepId: 'chung-thuc', department: 'UBND-XA-TU-PHAP', procedureCode: '2.000815' });
    expect(typeof item.workingDaysLeft).toBe('number');
    // Supervisors see it in the general list too.
    const list = await get(`/api/supervisor/dossiers?procedure=2.000815&limit=200`);
    expect(codesOf(list.body)).toContain(received);
  });
});
