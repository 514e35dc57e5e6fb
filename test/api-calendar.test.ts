/**
 * Admin management of the local calendar: validation, revisions, and the overlay reaching the next dossier's
 * workflow (its appointment is computed on the national calendar plus the overlay) while earlier dossiers keep
 * the calendar they were received under.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendar, defaultCalendar, type LocalCalendarOverlay } from '../holidays/index';
import { StatutoryTime, nationalTime } from '../workflows/statutory-clock';
import { applicant, roleTokens, waitFor, type RoleTokens } from './api-fixtures';
import { call, startTestStack, type TestStack } from './harness';

let stack: TestStack;
let tokens: RoleTokens;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => {
  // Leave the shared database on the national calendar for the tests that follow.
  if (stack) await call(stack, 'PUT', '/api/admin/calendar/local', { token: tokens.admin, body: { overlay: null, reason: 'Trả lại lịch quốc gia sau kiểm thử' } });
  await stack?.stop();
});

/** Receives a liaison dossier (3 working days) and returns its read-model snapshot. */
async function receive() {
  const created = await call(stack, 'POST', '/api/dossiers', {
    token: tokens.reception,
    body: { procedureCode: '2.000986', channel: 'counter', applicant },
  });
  expect(created.status).toBe(201);
  return waitFor(async () => {
    const r = await call(stack, 'GET', `/api/dossiers/${created.body.code}`, { token: tokens.reception });
    return r.status === 200 && r.body.dueAt ? r.body : undefined;
  });
}

const liaisonClock = (receivedAt: string) => ({ receivedAt, duration: { unit: 'working-days' as const, amount: 3 }, pauses: [], extensions: [] });

describe('local calendar management', () => {
  it('refuses an invalid overlay with every field path and keeps the calendar in force', async () => {
    const before = await call(stack, 'GET', '/api/admin/calendar', { token: tokens.admin });
    expect(before.status).toBe(200);
    const bad = await call(stack, 'PUT', '/api/admin/calendar/local', {
      token: tokens.admin,
      body: {
        overlay: { id: 'x', name: 'Tỉnh X', extraDaysOff: [{ date: '2026-02-30', reason: 'ngày không tồn tại' }], officeHours: [['17:00', '07:30']] },
        reason: 'ok',
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.overlay.extraDaysOff.0.date', 'body.overlay.officeHours.0', 'body.reason']));
    const after = await call(stack, 'GET', '/api/admin/calendar', { token: tokens.admin });
    expect(after.body.version).toBe(before.body.version);
  });

  it('applies a new overlay to the next dossier only, and records every revision', async () => {
    const national = await receive();
    expect(national.calendarVersion).toBe(defaultCalendar.version);

    // Declare the next three national working days local days off: the appointment must move.
    const today = national.receivedAt.slice(0, 10);
    const d1 = defaultCalendar.nextWorkingDay(today);
    const d2 = defaultCalendar.nextWorkingDay(d1);
    const d3 = defaultCalendar.nextWorkingDay(d2);
    const overlay: LocalCalendarOverlay = {
      id: 'tinh-thu',
      name: 'Trung tâm PVHCC tỉnh thử',
      source: 'Quyết định thử nghiệm',
      extraDaysOff: [d1, d2, d3].map((date) => ({ date, reason: 'Nghỉ theo quyết định của tỉnh (thử)' })),
    };
    const put = await call(stack, 'PUT', '/api/admin/calendar/local', {
      token: tokens.admin,
      body: { overlay, reason: 'Quyết định số 01/QĐ-UBND (thử nghiệm)' },
    });
    expect(put.status).toBe(200);
    const localCalendar = buildCalendar(overlay);
    expect(put.body.version).toBe(localCalendar.version);
    expect(put.body.local).toMatchObject({ changedBy: 'qt01', reason: 'Quyết định số 01/QĐ-UBND (thử nghiệm)', overlay: { id: 'tinh-thu' } });
    expect(put.body.localDays.map((d: { date: string }) => d.date)).toEqual([d1, d2, d3].filter((d) => d >= `${today.slice(0, 4)}-01-01`));

    const local = await receive();
    expect(local.calendarVersion).toBe(localCalendar.version);
    const expected = new StatutoryTime(localCalendar).computeDueAt(liaisonClock(local.receivedAt));
    expect(local.dueAt).toBe(expected);
    expect(local.dueAt).not.toBe(nationalTime.computeDueAt(liaisonClock(local.receivedAt)));

    // The dossier received before the change keeps its calendar and appointment.
    const again = await call(stack, 'GET', `/api/dossiers/${national.code}`, { token: tokens.reception });
    expect(again.body.calendarVersion).toBe(defaultCalendar.version);
    expect(again.body.dueAt).toBe(national.dueAt);

    // Applied to open dossiers on request: the earlier one recomputes its appointment on the new calendar.
    const applied = await call(stack, 'POST', '/api/admin/calendar/apply-to-running', { token: tokens.admin, body: { reason: 'Quyết định số 01/QĐ-UBND' } });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ calendarVersion: localCalendar.version });
    // Other test files leave read-model rows without workflows in the shared database: those are reported as failed.
    const failedCodes = applied.body.failed.map((f: { code: string }) => f.code);
    expect(failedCodes).not.toContain(national.code);
    expect(failedCodes).not.toContain(local.code);
    expect(applied.body.signalled).toBeGreaterThanOrEqual(2);
    const moved = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${national.code}`, { token: tokens.reception });
      return r.body.calendarVersion === localCalendar.version ? r.body : undefined;
    });
    expect(moved.dueAt).toBe(new StatutoryTime(localCalendar).computeDueAt(liaisonClock(national.receivedAt)));
    expect(moved.dueAt).not.toBe(national.dueAt);
    expect(moved.events.map((e: { type: string }) => e.type)).toContain('CALENDAR_CHANGED');

    const cleared = await call(stack, 'PUT', '/api/admin/calendar/local', { token: tokens.admin, body: { overlay: null, reason: 'Hết hiệu lực quyết định' } });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ version: defaultCalendar.version, local: null, localDays: [] });
    expect((await receive()).calendarVersion).toBe(defaultCalendar.version);

    const revisions = await call(stack, 'GET', '/api/admin/calendar/revisions', { token: tokens.admin });
    expect(revisions.status).toBe(200);
    const [newest, previous] = revisions.body.items;
    expect(newest).toMatchObject({ overlay: null, reason: 'Hết hiệu lực quyết định', calendarVersion: defaultCalendar.version });
    expect(previous).toMatchObject({ overlay: { id: 'tinh-thu' }, calendarVersion: localCalendar.version });
    expect(newest.revision).toBeGreaterThan(previous.revision);
  });
});
