/**
 * The dossier register (sổ theo dõi hồ sơ, Form 07 of 2025 / 06 of 2018) over HTTP: dossiers received through the
 * API appear as lines of the PDF, read back with pdfjs (codes, names with their diacritics, agencies, times);
 * filters by department and period; bad queries are problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { fmtDateTime } from '../activities/documents';
import { call, startTestStack, type TestStack } from './harness';
import { receiveCertifiedCopy, roleTokens, waitFor, waitForStatus, type RoleTokens } from './api-fixtures';
import { pdfText } from './pdf-text';

let stack: TestStack;
let tokens: RoleTokens;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

const today = () => DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;

async function download(query: string, token: string) {
  const res = await fetch(`${stack.apiUrl}/api/register.pdf${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('register PDF', () => {
  const huong = { fullName: 'Nguyễn Thị Hương', phone: '0912345678', idNumber: '001190012345' };
  const duong = { fullName: 'Lê Thị Thuỳ Dương', phone: '0987654321', idNumber: '079195001122' };
  const company = { fullName: 'Công ty TNHH Đầu tư Phước Lộc', phone: '0243123456' };
  let returned: string;
  let processing: string;
  let business: string;

  beforeAll(async () => {
    returned = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer, huong);
    processing = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer, duong);
    const created = await call(stack, 'POST', '/api/dossiers', {
      token: tokens.reception,
      body: { procedureCode: '2.001610', channel: 'counter', applicant: company },
    });
    expect(created.status).toBe(201);
    business = created.body.code;
    await waitForStatus(stack, business, tokens.supervisor, 'PROCESSING');

    // One dossier goes all the way: approved, fee paid on the sandbox gateway, result handed over at the counter.
    const approved = await call(stack, 'POST', `/api/dossiers/${returned}/steps/chung-thuc/decision`, { token: tokens.officer, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    const awaiting = await waitForStatus(stack, returned, tokens.reception, 'AWAITING_PAYMENT');
    const gateway = stack.services.paymentSandbox!;
    const paid = await gateway.pay(gateway.open(awaiting.body.fees.paymentUrl).txnRef);
    expect(paid.delivery.answer?.RspCode).toBe('00');
    await waitForStatus(stack, returned, tokens.reception, 'RESULT_READY');
    expect((await call(stack, 'POST', `/api/dossiers/${returned}/hand-over`, { token: tokens.reception, body: {} })).status).toBe(200);
    await waitForStatus(stack, returned, tokens.reception, 'RETURNED');
  });

  it('lists the dossiers received in the period with codes, names, agencies and times', async () => {
    const { res, bytes } = await download(`?from=${today()}&to=${today()}`, tokens.supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`filename="mau-07-so-theo-doi-${today()}_${today()}\\.pdf"`));
    expect(Number(res.headers.get('x-register-entries'))).toBeGreaterThanOrEqual(3);
    const { text } = await pdfText(bytes);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)');
    for (const code of [returned, processing, business]) expect(text).toContain(code);
    for (const name of [huong.fullName, duong.fullName, company.fullName]) expect(text).toContain(name);
    expect(text).toContain('UBND xã — bộ phận Tư pháp');
    expect(text).toContain('Phòng Đăng ký kinh doanh');
    expect(text).toContain('Đăng ký thành lập doanh nghiệp tư nhân');

    // The returned dossier's line carries its reception, hand-off and return times, as the read model has them.
    const dossier = (await call(stack, 'GET', `/api/dossiers/${returned}`, { token: tokens.auditor })).body;
    const returnedAt = dossier.events.find((e: { type: string }) => e.type === 'RETURNED').at;
    for (const at of [dossier.receivedAt, dossier.controlSheet[0].handedOverAt, dossier.finishedAt, returnedAt]) {
      expect(text).toContain(fmtDateTime(new Date(at)));
    }
    expect(text).toContain('Đã trả kết quả');
    expect(text).toContain('Đang xử lý');
  });

  it('filters by department; reception and auditors may read it, the 2018 form on request', async () => {
    const { res, bytes } = await download(`?from=${today()}&to=${today()}&department=PHONG-DKKD&rulePack=2018`, tokens.reception);
    expect(res.status).toBe(200);
    const { text } = await pdfText(bytes);
    expect(text).toContain('Mẫu số 06 (Thông tư số 01/2018/TT-VPCP)');
    expect(text).toContain(business);
    expect(text).toContain(company.fullName);
    expect(text).not.toContain(returned);
    expect(text).not.toContain(huong.fullName);
    expect((await download(`?from=${today()}&to=${today()}`, tokens.auditor)).res.status).toBe(200);
  });

  it('is empty for a period without dossiers', async () => {
    const { res, bytes } = await download('?from=2019-02-04&to=2019-02-10', tokens.supervisor);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-register-entries')).toBe('0');
    const { text } = await pdfText(bytes);
    expect(text).toContain('Mẫu số 06'); // before 1 July 2025: Circular 01/2018
    expect(text).toContain('Không có hồ sơ trong kỳ');
    expect(text).toContain('00:00 04/02/2019');
    expect(text).toContain('23:59 10/02/2019');
    expect(text).not.toContain('TEST.H26-');
  });

  it('refuses bad periods with problem details naming the fields', async () => {
    const bad = await call(stack, 'GET', '/api/register.pdf?from=2025-13-01&to=yesterday&rulePack=2030', { token: tokens.supervisor });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ type: '/problems/validation-error', title: 'Dữ liệu không hợp lệ' });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.from', 'query.rulePack', 'query.to']);
    const reversed = await call(stack, 'GET', '/api/register.pdf?from=2025-02-01&to=2025-01-01', { token: tokens.supervisor });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ path: 'query.to', message: 'ngày cuối kỳ phải từ ngày đầu kỳ trở đi' }]);
    const tooLong = await call(stack, 'GET', '/api/register.pdf?from=2024-01-01&to=2025-06-30', { token: tokens.supervisor });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].message).toContain('366 ngày');
    const missing = await call(stack, 'GET', '/api/register.pdf', { token: tokens.supervisor });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.from', 'query.to']);
  });
});
