/**
 * The dossier core over HTTP, as each user meets it: the defects found when the first version was tried, each checked
 * the way it was measured (dev server, worker, API, PostgreSQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from '../scripts/seed';
import { call, startTestStack, type TestStack } from './harness';
import { applicant, receiveCertifiedCopy, roleTokens, waitFor, type RoleTokens } from './api-fixtures';

let stack: TestStack;
let tokens: RoleTokens;
const tokenOf = (u: (typeof seedUsers)[number]) => stack.token({ id: u.id, name: u.name, roles: u.roles, departments: u.departments });

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

const waitForFees = (code: string) =>
  waitFor(async () => {
    const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.supervisor });
    return r.body?.fees?.paymentUrl ? r : undefined;
  });

describe('dossier core over HTTP', () => {
  it('defect 5: the first department acts as soon as the 201 is out (8 concurrent receptions, each claimed at once)', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const created = await call(stack, 'POST', '/api/dossiers', {
          token: tokens.reception,
          body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant: { ...applicant, fullName: `Người nộp ${i + 1}` } },
        });
        expect(created.status).toBe(201);
        expect(created.body.status).toBe('PROCESSING');
        // Read-your-writes: the dossier is in the read model now, not in a second or two.
        const read = await call(stack, 'GET', `/api/dossiers/${created.body.code}`, { token: tokens.officer });
        const claim = await call(stack, 'POST', `/api/dossiers/${created.body.code}/steps/chung-thuc/claim`, { token: tokens.officer, body: {} });
        return { read: read.status, claim: claim.status, detail: claim.body?.detail };
      }),
    );
    expect(results).toEqual(Array.from({ length: 8 }, () => ({ read: 200, claim: 200, detail: undefined })));
  });

  it('defect 2: heads act only where their department takes part — generated over every seeded head', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.supervisor);
    const heads = seedUsers.filter((u) => u.roles.includes('head'));
    expect(heads.length).toBeGreaterThan(5);
    const grants: string[] = [];
    for (const u of heads) {
      const token = await tokenOf(u);
      const involved = u.departments.includes('UBND-XA-TU-PHAP');
      for (const [path, body] of [
        ['supervisor-actions', { action: 'note', note: 'Kiểm tra quyền' }],
        ['supervisor-actions', { action: 'extend', hours: 1, note: 'Kiểm tra quyền' }],
        ['stop', { reason: 'Kiểm tra quyền' }],
      ] as const) {
        if (involved && path === 'stop') continue; // would end the dossier; allowed, checked below
        const r = await call(stack, 'POST', `/api/dossiers/${code}/${path}`, { token, body });
        const allowed = r.status === 200;
        if (allowed !== involved) grants.push(`${u.id} ${path} ${'action' in body ? body.action : ''} → ${r.status}`);
        if (!involved) expect(r.body.detail).toMatch(/chỉ giám sát viên hoặc lãnh đạo/);
      }
    }
    expect(grants).toEqual([]);
    // The allowed actions listed for a user come from the same table.
    const stranger = await tokenOf(heads.find((u) => !u.departments.includes('UBND-XA-TU-PHAP'))!);
    expect((await call(stack, 'GET', `/api/dossiers/${code}`, { token: stranger })).body.allowedActions).toEqual([]);
    const own = (await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.head })).body.allowedActions.map((a: { action: string }) => a.action);
    expect(own).toEqual(expect.arrayContaining(['decide', 'extend', 'stop', 'note']));
    expect((await call(stack, 'POST', `/api/dossiers/${code}/stop`, { token: tokens.head, body: { reason: 'Công dân đề nghị dừng' } })).status).toBe(200);
  });

  it('defect 3: reassign only to an officer of the step’s unit', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.supervisor);
    const other = await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, {
      token: tokens.head,
      body: { action: 'reassign', stepId: 'chung-thuc', toOfficer: 'ca01', note: 'Điều chuyển' },
    });
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain('không thuộc UBND-XA-TU-PHAP');
    const unknown = await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, {
      token: tokens.head,
      body: { action: 'reassign', stepId: 'chung-thuc', toOfficer: 'khong-co', note: 'Điều chuyển' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'body.toOfficer', message: 'không có cán bộ khong-co trong danh bạ' }]);
    const ok = await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, {
      token: tokens.head,
      body: { action: 'reassign', stepId: 'chung-thuc', toOfficer: 'tp02', note: 'Điều chuyển' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.activeSteps[0].officer).toBe('tp02');
  });

  it('defect 4: an extension issues a written notice with the reason and new date, and tells the citizen', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.supervisor);
    const before = (await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.supervisor })).body;
    const r = await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, {
      token: tokens.supervisor,
      body: { action: 'extend', hours: 8, note: 'Chờ xác minh bản chính' },
    });
    expect(r.status).toBe(200);
    expect(Date.parse(r.body.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
    const docs = await waitFor(async () => {
      const d = await call(stack, 'GET', `/api/dossiers/${code}/documents`, { token: tokens.supervisor });
      return d.body.items?.some((x: { kind: string }) => x.kind === 'apology') ? d : undefined;
    });
    expect(docs.status).toBe(200);
    const sms = await waitFor(async () => {
      const rows = await stack.database.sql<{ body: string }[]>`select body from notification_outbox where dossier_code = ${code} and template = 'deadline-extended'`;
      return rows.length ? rows : undefined;
    });
    expect(sms[0].body).toContain('Chờ xác minh bản chính');
    const events = (await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.supervisor })).body.events;
    expect(events.find((e: { type: string }) => e.type === 'DEADLINE_EXTENDED').summary).toMatch(/^Gia hạn 8 giờ làm việc: Chờ xác minh bản chính; hẹn trả mới/);
  });

  it('defect 6: a NUL or an unpaired surrogate is refused with 400 and the field, before anything is stored', async () => {
    for (const [name, bad] of [['NUL', 'Nguyễn\u0000Văn'], ['surrogate', 'Nguyễn \ud800 Văn']]) {
      const r = await call(stack, 'POST', '/api/dossiers', {
        token: tokens.reception,
        body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant: { ...applicant, fullName: bad } },
      });
      expect(r.status, name).toBe(400);
      expect(r.body.errors, name).toEqual([{ path: 'body.applicant.fullName', message: expect.stringContaining('ký tự không hợp lệ') }]);
    }
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.supervisor);
    const note = await call(stack, 'POST', `/api/dossiers/${code}/supervisor-actions`, { token: tokens.supervisor, body: { action: 'note', note: 'a\u0000b' } });
    expect(note.status).toBe(400);
  });

  it('defect 8: a desk officer cannot refuse after reception; the head can, and the unit’s notice is issued', async () => {
    const created = await call(stack, 'POST', '/api/dossiers', { token: tokens.reception, body: { procedureCode: '2.001610', channel: 'counter', applicant } });
    expect(created.status).toBe(201);
    const code = created.body.code;
    const officer = await stack.token({ id: 'dkkd01', roles: ['officer'], departments: ['PHONG-DKKD'] });
    const head = await stack.token({ id: 'dkkd-lead', roles: ['head'], departments: ['PHONG-DKKD'] });
    const byOfficer = await call(stack, 'POST', `/api/dossiers/${code}/steps/tham-dinh-dkkd/decision`, { token: officer, body: { decision: 'refuse', reason: 'Tên doanh nghiệp trùng' } });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.detail).toContain('lãnh đạo đơn vị');
    const byHead = await call(stack, 'POST', `/api/dossiers/${code}/steps/tham-dinh-dkkd/decision`, { token: head, body: { decision: 'refuse', reason: 'Tên doanh nghiệp trùng' } });
    expect(byHead.status).toBe(200);
    expect(byHead.body.status).toBe('REFUSED');
    await waitFor(async () => {
      const d = await call(stack, 'GET', `/api/dossiers/${code}/documents`, { token: tokens.supervisor });
      return d.body.items?.some((x: { kind: string }) => x.kind === 'refusal-notice') ? d : undefined;
    });
  });

  it('fee facts: a per-page fee needs the page count; the amount follows Circular 226/2016', async () => {
    const missing = await call(stack, 'POST', '/api/dossiers', { token: tokens.reception, body: { procedureCode: '2.000815', channel: 'counter', applicant } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'body.feeFacts.pages', message: expect.stringContaining('cần số trang') }]);
    const created = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.reception,
      body: { procedureCode: '2.000815', feeFacts: { pages: 5, copies: 3 }, channel: 'counter', applicant },
    });
    expect(created.status).toBe(201);
    // 5 pages: 2 × 2.000 + 3 × 1.000 = 7.000 a copy; 3 copies. Due at filing: the link goes out with the receipt.
    const v = (await waitForFees(created.body.code)).body;
    expect(v.fees.totalVnd).toBe(21_000);
    expect(v.fees.paymentUrl).toMatch(/^http/);
  });
});
