/**
 * Citizen routes over HTTP: lookup by code + last 4 phone digits (same 404 for unknown code and wrong secret),
 * rate limits per code and per IP, the documents issued to the citizen (listed in the lookup, downloaded with the
 * secret, never another dossier's), online supplementation (signal), and the once-only satisfaction survey.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestStack, type TestStack } from './harness';
import { applicant, freshIp, issueApologyLetter, receiveCertifiedCopy, roleTokens, waitFor, waitForStatus, type RoleTokens } from './api-fixtures';

let stack: TestStack;
let tokens: RoleTokens;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

const SECRET = applicant.phone.slice(-4);
const VN_TIME = /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/;

describe('citizen lookup', () => {
  let code: string;
  beforeAll(async () => {
    code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
  });

  it('answers status, department and appointment in plain Vietnamese', async () => {
    const res = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: SECRET }, headers: freshIp() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code,
      status: 'PROCESSING',
      statusLabel: 'Đang xử lý',
      currentDepartment: 'UBND xã — bộ phận Tư pháp',
      apologies: [],
      supplement: null,
      postal: null,
    });
    expect(res.body.appointment).toMatch(VN_TIME);
    expect(res.body.receivedAt).toMatch(VN_TIME);
    expect(res.body.message).toContain('đang được xử lý tại UBND xã — bộ phận Tư pháp');
    expect(res.body.message).toContain(res.body.appointment);
    // Nothing personal beyond what the citizen already knows.
    expect(JSON.stringify(res.body)).not.toContain(applicant.idNumber);
    expect(JSON.stringify(res.body)).not.toContain(applicant.phone);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('gives the same 404 for a wrong secret and an unknown code', async () => {
    const wrong = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: '0000' }, headers: freshIp() });
    const unknown = await call(stack, 'POST', '/api/public/lookup', { body: { code: 'TEST.H26-990101-0042', secret: SECRET }, headers: freshIp() });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.type).toBe('/problems/not-found');
  });

  it('records lookups in the audit log under the dossier code', async () => {
    await waitFor(async () => {
      const rows = await stack.database.sql`select outcome from audit_log where dossier_code = ${code} and action = 'POST /api/public/lookup'`;
      return rows.some((r) => r.outcome === 'allowed') && rows.some((r) => r.outcome === 'refused') ? true : undefined;
    });
  });

  it('limits attempts per dossier code (10 per 15 minutes) with Retry-After', async () => {
    const target = 'TEST.H26-990101-0077';
    for (let i = 0; i < 10; i++) {
      const r = await call(stack, 'POST', '/api/public/lookup', { body: { code: target, secret: String(1000 + i) }, headers: freshIp() });
      expect(r.status).toBe(404);
    }
    const limited = await call(stack, 'POST', '/api/public/lookup', { body: { code: target, secret: '1234' }, headers: freshIp() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(limited.body.type).toBe('/problems/too-many-requests');
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
  });

  it('limits attempts per IP across codes', async () => {
    const ip = { 'X-Forwarded-For': '203.0.113.9' };
    for (let i = 0; i < 10; i++) {
      const r = await call(stack, 'POST', '/api/public/lookup', { body: { code: `TEST.H26-990102-${2000 + i}`, secret: '1234' }, headers: ip });
      expect(r.status).toBe(404);
    }
    const limited = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: SECRET }, headers: ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // Another address is unaffected.
    const other = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: SECRET }, headers: freshIp() });
    expect(other.status).toBe(200);
  });
});

describe('documents issued to the citizen', () => {
  const other = { fullName: 'Lê Thị Mai', phone: '0911222333', idNumber: '001190099999' };
  const OTHER_SECRET = other.phone.slice(-4);
  let code: string;
  let otherCode: string;
  beforeAll(async () => {
    [code, otherCode] = await Promise.all([
      receiveCertifiedCopy(stack, tokens.reception, tokens.officer),
      receiveCertifiedCopy(stack, tokens.reception, tokens.officer, other),
    ]);
  });

  const lookup = (c: string, secret: string) => call(stack, 'POST', '/api/public/lookup', { body: { code: c, secret }, headers: freshIp() });
  const download = (c: string, id: number, secret: string) =>
    fetch(`${stack.apiUrl}/api/public/dossiers/${c}/documents/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...freshIp() },
      body: JSON.stringify({ secret }),
    });
  const sha256 = (b: ArrayBuffer) => createHash('sha256').update(Buffer.from(b)).digest('hex');

  it('lists the receipt with its Vietnamese title, file name, issue time and hash; the download matches the hash', async () => {
    const res = await lookup(code, SECRET);
    expect(res.status).toBe(200);
    expect(res.body.documents).toHaveLength(1);
    const [receipt] = res.body.documents;
    expect(receipt).toEqual({
      id: expect.any(Number),
      kind: 'receipt',
      title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      fileName: expect.stringMatching(/^mau-01-giay-tiep-nhan-hen-tra-.+\.pdf$/),
      issuedAt: expect.stringMatching(VN_TIME),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The same document staff see.
    const staff = await call(stack, 'GET', `/api/dossiers/${code}/documents`, { token: tokens.reception });
    expect(staff.body.items.find((d: { kind: string }) => d.kind === 'receipt')).toMatchObject({ id: receipt.id, sha256: receipt.sha256, fileName: receipt.fileName });

    const pdf = await download(code, receipt.id, SECRET);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    const bytes = await pdf.arrayBuffer();
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(bytes)).toBe(receipt.sha256);
    expect(pdf.headers.get('x-content-sha256')).toBe(receipt.sha256);
  });

  it('lists the apology letter but not internal papers such as the control sheet', async () => {
    const apology = await issueApologyLetter(stack, code, tokens.reception);
    const [sheet] = await stack.database.sql`
      insert into documents (key, dossier_code, kind, file_name, sha256, pdf, issued_at)
      values (${`${code}:test:control-sheet`}, ${code}, 'control-sheet', 'phieu-kiem-soat.pdf', ${'0'.repeat(64)}, ${Buffer.from('%PDF-1.4')}, now())
      returning id`;
    const rulePack = (await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.reception })).body.rulePack;

    const res = await lookup(code, SECRET);
    expect(res.status).toBe(200);
    expect(res.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['receipt', 'apology']);
    expect(res.body.documents[1]).toMatchObject({
      id: apology.documentId,
      kind: 'apology',
      title: rulePack === '2025' ? 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết' : 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      fileName: apology.fileName,
      sha256: apology.sha256,
    });
    const letter = await download(code, apology.documentId, SECRET);
    expect(letter.status).toBe(200);
    expect(sha256(await letter.arrayBuffer())).toBe(apology.sha256);
    // The control sheet is the centre's own paper: neither listed nor served to the citizen.
    expect((await download(code, Number(sheet.id), SECRET)).status).toBe(404);
  });

  it("never lists nor serves another dossier's documents, and nothing without the right secret", async () => {
    const mine = (await lookup(code, SECRET)).body.documents as Array<{ id: number }>;
    const theirs = (await lookup(otherCode, OTHER_SECRET)).body.documents as Array<{ id: number; kind: string }>;
    expect(theirs.map((d) => d.kind)).toEqual(['receipt']);
    expect(theirs.map((d) => d.id).filter((id) => mine.some((m) => m.id === id))).toEqual([]);

    const wrong = await lookup(code, OTHER_SECRET);
    expect(wrong.status).toBe(404);
    expect(JSON.stringify(wrong.body)).not.toMatch(/documents|sha256|\.pdf/);

    const receiptId = mine[0].id;
    // Another dossier's code and secret do not open this dossier's receipt…
    const viaOther = await download(otherCode, receiptId, OTHER_SECRET);
    expect(viaOther.status).toBe(404);
    // …nor does this dossier's code with a wrong secret; both answer the lookup's 404, no PDF.
    const wrongSecret = await download(code, receiptId, OTHER_SECRET);
    expect(wrongSecret.status).toBe(404);
    expect(wrongSecret.headers.get('content-type')).toContain('application/problem+json');
    expect(((await viaOther.json()) as { detail: string }).detail).toBe(((await wrongSecret.json()) as { detail: string }).detail);
  });
});

describe('online supplementation', () => {
  it('signals the workflow when the citizen supplements, only while a supplement is awaited', async () => {
    const dkkd = await stack.token({ id: 'dkkd01', roles: ['officer'], departments: ['PHONG-DKKD'] });
    const created = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.reception,
      body: { procedureCode: '2.001610', channel: 'online', applicant },
    });
    expect(created.status).toBe(201);
    const code: string = created.body.code;
    await waitForStatus(stack, code, dkkd, 'PROCESSING');

    const early = await call(stack, 'POST', `/api/public/dossiers/${code}/supplement`, { body: { secret: SECRET, note: 'Bổ sung' }, headers: freshIp() });
    expect(early.status).toBe(409);

    const asked = await call(stack, 'POST', `/api/dossiers/${code}/steps/tham-dinh-dkkd/decision`, {
      token: dkkd,
      body: { decision: 'request-supplement', reason: 'Thiếu giấy tờ', missingItems: ['Bản sao CCCD của chủ doanh nghiệp'] },
    });
    expect(asked.status).toBe(200);
    await waitForStatus(stack, code, dkkd, 'SUPPLEMENT_REQUESTED');

    const seen = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: SECRET }, headers: freshIp() });
    expect(seen.body.status).toBe('SUPPLEMENT_REQUESTED');
    expect(seen.body.supplement.items).toEqual(['Bản sao CCCD của chủ doanh nghiệp']);
    // No time limit for the citizen unless the procedure's rules set one (2.001610 sets none).
    expect(seen.body.supplement.deadline).toBe('');
    expect(seen.body.message).toContain('Bản sao CCCD của chủ doanh nghiệp');

    const wrong = await call(stack, 'POST', `/api/public/dossiers/${code}/supplement`, { body: { secret: '0000', note: 'Bổ sung' }, headers: freshIp() });
    expect(wrong.status).toBe(404);
    const ok = await call(stack, 'POST', `/api/public/dossiers/${code}/supplement`, {
      body: { secret: SECRET, note: 'Đã nộp bản sao CCCD qua cổng dịch vụ công' },
      headers: freshIp(),
    });
    expect(ok.status).toBe(202);
    const resumed = await waitForStatus(stack, code, dkkd, 'PROCESSING');
    expect(resumed.body.supplementRequests[0].receivedAt).toBeTruthy();
  });
});

describe('satisfaction survey', () => {
  it('accepts one answer per dossier after the result is returned', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const tooEarly = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, { body: { secret: SECRET, score: 5 }, headers: freshIp() });
    expect(tooEarly.status).toBe(409);

    const approved = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, { token: tokens.officer, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    const awaiting = await waitForStatus(stack, code, tokens.officer, 'AWAITING_PAYMENT');
    const gateway = stack.services.paymentSandbox!;
    const txn = gateway.open(awaiting.body.fees.paymentUrl);
    await gateway.pay(txn.txnRef);
    await waitForStatus(stack, code, tokens.officer, 'RESULT_READY');
    const handed = await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, { token: tokens.reception, body: {} });
    expect(handed.status).toBe(200);
    await waitForStatus(stack, code, tokens.officer, 'RETURNED');

    const bad = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, { body: { secret: SECRET, score: 0 }, headers: freshIp() });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.score');

    const first = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, {
      body: { secret: SECRET, score: 4, comment: 'Cán bộ nhiệt tình' },
      headers: freshIp(),
    });
    expect(first.status).toBe(201);
    const again = await call(stack, 'POST', `/api/public/dossiers/${code}/survey`, { body: { secret: SECRET, score: 1 }, headers: freshIp() });
    expect(again.status).toBe(409);
    const [row] = await stack.database.sql`select score, comment from survey_responses where dossier_code = ${code}`;
    expect(row).toMatchObject({ score: 4, comment: 'Cán bộ nhiệt tình' });
  });

  it('serves the lookup page the QR codes point to, self-contained and in Vietnamese', async () => {
    const res = await fetch(`${stack.apiUrl}/tra-cuu?ma=TEST.H26-990101-0001`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Tra cứu tình trạng hồ sơ');
    expect(html).toContain("fetch('/api/public/lookup'");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/); // no CDN
  });
});
