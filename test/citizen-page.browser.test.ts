/**
 * The citizen lookup page `/tra-cuu` in a real Chromium (playwright-core, the system's Chromium; playwright never
 * downloads a browser): a citizen types the code and secret of a dossier received through the API and reads its
 * status; a wrong secret shows a Vietnamese error and nothing personal; the QR deep link (`?ma=`) printed on the
 * receipt PDF opens the page with the code filled in, on a phone-sized screen; the fee is paid through the page's
 * payment link on the sandbox gateway, whose return page leads back to the lookup; the documents issued to the
 * citizen are listed and download as the PDFs whose hash the API lists, an apology letter first and highlighted; the
 * survey is answered after the result is returned; the online supplement is sent while a supplement is awaited.
 * Plus the API docs page `/docs`.
 *
 * Chromium from CHROMIUM_PATH, PATH, or installed with apt-get when running as root (test/chromium.ts). Missing
 * Chromium fails these tests with a message saying so, unless SKIP_BROWSER_TESTS=1. Screenshots go to /tmp/citizen-page-*.png.
 * Code run inside the page is passed as strings: the project's TypeScript has no DOM library.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestStack, type TestStack } from './harness';
import { alignBrowserClock, resolveChromium } from './chromium';
import { applicant, freshIp, issueApologyLetter, receiveCertifiedCopy, roleTokens, waitForStatus, type RoleTokens } from './api-fixtures';

const SKIP = process.env.SKIP_BROWSER_TESTS === '1';
/** No network beyond the test stack: without these Chromium keeps trying to reach Google services. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const SECRET = applicant.phone.slice(-4);
const VN_TIME = /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/;
const DEPARTMENT = 'UBND xã — bộ phận Tư pháp';
const NOT_FOUND = 'Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập';

let stack: TestStack;
let tokens: RoleTokens;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

/** A fresh browser context with its own client address (the citizen routes limit attempts per IP). */
async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN', ...options, extraHTTPHeaders: freshIp() });
  contexts.push(context);
  await alignBrowserClock(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  return page;
}

/** The value shown under a term of the result's description list. */
const detail = (page: Page, term: string) => page.locator('#result dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

async function lookUp(page: Page, code: string, secret: string): Promise<void> {
  await page.goto(`${stack.apiUrl}/tra-cuu`);
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByLabel('4 số cuối số điện thoại đã đăng ký').fill(secret);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
}

async function pdfText(pdf: ArrayBuffer): Promise<string> {
  const task = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false });
  const doc = await task.promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('') + '\n';
  }
  await task.destroy();
  return text;
}

describe.skipIf(SKIP)('citizen lookup page in Chromium', () => {
  let code: string;
  let expected: { appointment: string; procedureName: string };

  beforeAll(async () => {
    const found = resolveChromium((line) => console.log(`[browser] ${line}`));
    if ('error' in found) throw new Error(found.error);
    browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
    stack = await startTestStack();
    tokens = await roleTokens(stack);
    code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const api = await call(stack, 'POST', '/api/public/lookup', { body: { code, secret: SECRET }, headers: freshIp() });
    expect(api.status).toBe(200);
    expected = api.body;
  }, 600_000); // long enough for a first-time apt-get install of Chromium
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(pageErrors.splice(0), 'JavaScript errors on the page').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows status, department and appointment in Vietnamese after typing the code and the secret', async () => {
    const page = await openPage({ viewport: { width: 1000, height: 800 } });
    await lookUp(page, code, SECRET);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Đang xử lý');
    expect(expected.appointment).toMatch(VN_TIME);
    expect(await detail(page, 'Mã hồ sơ').textContent()).toBe(code);
    expect(await detail(page, 'Thủ tục').textContent()).toBe(expected.procedureName);
    expect(await detail(page, 'Đang xử lý tại').textContent()).toBe(DEPARTMENT);
    expect(await detail(page, 'Hẹn trả kết quả').textContent()).toBe(expected.appointment);
    expect(await page.locator('#message').textContent()).toBe(
      `Hồ sơ đang được xử lý tại ${DEPARTMENT}. Hẹn trả kết quả lúc ${expected.appointment}.`,
    );
    // Not yet returned, no papers awaited: no survey, no supplement form; the fee is due at filing, so its link is there.
    expect(await page.locator('#survey, #supplement').count()).toBe(0);
    expect(await page.locator('#pay').count()).toBe(1);
    const text = (await page.locator('body').innerText()) ?? '';
    for (const personal of [applicant.fullName, applicant.phone, applicant.idNumber]) expect(text).not.toContain(personal);
    await page.screenshot({ path: '/tmp/citizen-page-result.png', fullPage: true });
  });

  it('answers a wrong secret with a Vietnamese error and no dossier data', async () => {
    const page = await openPage();
    await lookUp(page, code, '0000');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain(NOT_FOUND);
    const text = await page.locator('#result').innerText();
    for (const leak of [expected.procedureName, DEPARTMENT, expected.appointment, 'Tình trạng', applicant.fullName]) {
      expect(text).not.toContain(leak);
    }
    await page.screenshot({ path: '/tmp/citizen-page-wrong-secret.png', fullPage: true });
  });

  it('checks the fields in Vietnamese before asking the server, and tidies a hand-typed code', async () => {
    const page = await openPage();
    let requests = 0;
    page.on('request', (r) => void (r.url().endsWith('/api/public/lookup') && requests++));
    await lookUp(page, code, '12');
    const secret = page.getByLabel('4 số cuối số điện thoại đã đăng ký');
    await expect.poll(() => page.locator('#secret-error').textContent()).toBe('Vui lòng nhập đúng 4 chữ số cuối của số điện thoại.');
    expect(await secret.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.id')).toBe('secret');
    await secret.pressSequentially('3');
    expect(await page.locator('#secret-error').isHidden()).toBe(true);
    await page.getByLabel('Mã hồ sơ').fill('');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    expect(await page.locator('#code-error').textContent()).toBe('Vui lòng nhập mã hồ sơ.');
    expect(requests).toBe(0);

    // Lower case and stray spaces, as typed from the paper receipt on a phone keyboard.
    await page.getByLabel('Mã hồ sơ').fill(` ${code.toLowerCase()} `);
    await secret.fill(SECRET);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Đang xử lý');
    expect(await page.locator('#code-error').isHidden()).toBe(true);
    expect(await secret.getAttribute('aria-invalid')).toBeNull();
    expect(requests).toBe(1);
  });

  it('opens from the QR link printed on the receipt with the code filled in, on a phone', async () => {
    const docs = await call(stack, 'GET', `/api/dossiers/${code}/documents`, { token: tokens.reception });
    const receipt = docs.body.items.find((d: { kind: string }) => d.kind === 'receipt');
    expect(receipt, 'receipt issued at reception').toBeTruthy();
    const pdf = await fetch(`${stack.apiUrl}/api/dossiers/${code}/documents/${receipt.id}`, {
      headers: { authorization: `Bearer ${tokens.reception}` },
    });
    expect(pdf.status).toBe(200);
    const printed = (await pdfText(await pdf.arrayBuffer())).replace(/\s+/g, '');
    expect(printed).toContain(`/tra-cuu?ma=${code}`);

    const page = await openPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.goto(`${stack.apiUrl}/tra-cuu?ma=${encodeURIComponent(code)}`);
    expect(await page.getByLabel('Mã hồ sơ').inputValue()).toBe(code);
    // The code is there; the cursor waits in the secret field.
    expect(await page.evaluate('document.activeElement.id')).toBe('secret');
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).toContain('width=device-width');
    await page.keyboard.type(SECRET);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#status').textContent()).toBe('Đang xử lý');
    expect(await detail(page, 'Hẹn trả kết quả').textContent()).toBe(expected.appointment);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: '/tmp/citizen-page-mobile.png', fullPage: true });
  });

  it('lists the documents and downloads each as the PDF whose hash the lookup lists; an apology letter comes first', async () => {
    type Listed = { id: number; kind: string; title: string; fileName: string; issuedAt: string; sha256: string };
    const docCode = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const page = await openPage({ viewport: { width: 375, height: 740 } });
    const requests: Array<{ method: string; url: string; body: string | null }> = [];
    page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
    const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    /** Looks the dossier up in the page and returns the documents the API listed for it. */
    const listDocuments = async (): Promise<Listed[]> => {
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/public/lookup'));
      await lookUp(page, docCode, SECRET);
      const body = await (await answer).json();
      await expect.poll(() => page.locator('#status').textContent()).toBe('Đang xử lý');
      return body.documents;
    };
    /** Clicks a document's button and returns the saved file. */
    const downloadOf = async (doc: Listed) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#documents').getByRole('button', { name: `Tải về ${doc.title}` }).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
    };
    const section = page.locator('#documents');

    const [receipt] = await listDocuments();
    expect(receipt).toMatchObject({ kind: 'receipt', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
    expect(await section.locator('h2').textContent()).toBe('Văn bản của hồ sơ');
    expect(await section.locator('li .title').allTextContents()).toEqual([receipt.title]);
    expect(await section.locator('li .meta').textContent()).toBe(`Ban hành lúc ${receipt.issuedAt} · ${receipt.fileName}`);
    expect(await section.locator('.apology, .badge').count()).toBe(0);
    // Without an apology the list comes after the dossier's details.
    expect(await page.evaluate(`!!(document.querySelector('#result dl').compareDocumentPosition(document.getElementById('documents')) & Node.DOCUMENT_POSITION_FOLLOWING)`)).toBe(true);

    const saved = await downloadOf(receipt);
    expect(saved.name).toBe(receipt.fileName);
    expect(saved.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(saved.bytes)).toBe(receipt.sha256);
    await expect.poll(() => page.locator('#documents-result').textContent()).toBe(`Đã tải về: ${receipt.title}.`);
    // The secret travels in the POST body, never in an address.
    const fetched = requests.filter((r) => r.url.includes('/documents/'));
    expect(fetched).toEqual([{ method: 'POST', url: `${stack.apiUrl}/api/public/dossiers/${docCode}/documents/${receipt.id}`, body: JSON.stringify({ secret: SECRET }) }]);
    for (const r of requests) expect(r.url).not.toMatch(new RegExp(`secret|${SECRET}`));

    // Late dossier: the agency at fault sends an apology letter (stored as the workflow's activity would).
    const issued = await issueApologyLetter(stack, docCode, tokens.reception);
    const listed = await listDocuments();
    expect(listed.map((d) => d.kind)).toEqual(['receipt', 'apology']);
    const apology = listed[1];
    expect(apology).toMatchObject({ id: issued.documentId, sha256: issued.sha256, fileName: issued.fileName });
    // Shown first, highlighted, and above the details, right under the status.
    const first = section.locator('li').first();
    expect(await first.getAttribute('data-kind')).toBe('apology');
    expect(await first.getAttribute('class')).toContain('apology');
    expect(await first.locator('.badge').textContent()).toBe('Thư xin lỗi');
    expect(await first.innerText()).toContain('Cơ quan giải quyết xin lỗi ông/bà vì hồ sơ trễ hẹn và hẹn lại ngày trả kết quả.');
    expect(await section.locator('li .title').allTextContents()).toEqual([apology.title, receipt.title]);
    expect(await page.evaluate(`!!(document.getElementById('documents').compareDocumentPosition(document.querySelector('#result dl')) & Node.DOCUMENT_POSITION_FOLLOWING)`)).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: '/tmp/citizen-page-documents.png', fullPage: true });

    const letter = await downloadOf(apology);
    expect(letter.name).toBe(apology.fileName);
    expect(letter.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(letter.bytes)).toBe(apology.sha256);
    const text = (await pdfText(new Uint8Array(letter.bytes).buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('xin lỗi');
  });

  it('pays the fee through the page, then answers the satisfaction survey once the result is returned', async () => {
    const paid = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const approved = await call(stack, 'POST', `/api/dossiers/${paid}/steps/chung-thuc/decision`, { token: tokens.officer, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    await waitForStatus(stack, paid, tokens.officer, 'AWAITING_PAYMENT');

    const page = await openPage();
    await lookUp(page, paid, SECRET);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Yêu cầu thực hiện nghĩa vụ tài chính');
    expect(await detail(page, 'Phí, lệ phí').textContent()).toMatch(/^[\d.]+ đồng — chưa nộp$/);
    await page.getByRole('link', { name: 'Nộp phí, lệ phí trực tuyến' }).click();
    await page.waitForURL(/\/sandbox\/vnpay\//);
    expect(await page.locator('h1').textContent()).toContain('Thanh toán qua VNPAY');
    await page.locator('#pay').click();
    await page.waitForURL(/\/api\/payments\/vnpay\/return/);
    expect(await page.locator('h1').textContent()).toBe('Thanh toán thành công');
    // The gateway's return page fits a phone and leads back to this dossier's lookup, the code filled in.
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).toContain('width=device-width');
    const back = page.getByRole('link', { name: 'Quay lại trang tra cứu hồ sơ' });
    expect(await back.getAttribute('href')).toBe(`/tra-cuu?ma=${encodeURIComponent(paid)}`);
    await page.screenshot({ path: '/tmp/citizen-page-payment-return.png', fullPage: true });
    await back.click();
    await page.waitForURL(/\/tra-cuu\?ma=/);
    expect(await page.getByLabel('Mã hồ sơ').inputValue()).toBe(paid);

    await waitForStatus(stack, paid, tokens.officer, 'RESULT_READY');
    const handed = await call(stack, 'POST', `/api/dossiers/${paid}/hand-over`, { token: tokens.reception, body: {} });
    expect(handed.status).toBe(200);
    await waitForStatus(stack, paid, tokens.officer, 'RETURNED');

    await lookUp(page, paid, SECRET);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Đã trả kết quả');
    expect(await detail(page, 'Phí, lệ phí').textContent()).toMatch(/— đã nộp$/);
    expect(await page.locator('#pay').count()).toBe(0);
    const survey = page.locator('#survey');
    await survey.getByRole('button', { name: 'Gửi đánh giá' }).click();
    expect(await page.locator('#survey-result').textContent()).toBe('Vui lòng chọn mức độ hài lòng.');
    await survey.getByLabel('4 — Hài lòng').check();
    expect(await page.locator('#survey-result').textContent()).toBe('');
    await survey.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn');
    await page.screenshot({ path: '/tmp/citizen-page-survey.png', fullPage: true });
    await survey.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect.poll(() => page.locator('#survey-result').textContent()).toBe('Cảm ơn ông/bà đã đánh giá.');
    const [row] = await stack.database.sql`select score, comment from survey_responses where dossier_code = ${paid}`;
    expect(row).toMatchObject({ score: 4, comment: 'Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn' });

    // A second answer is refused, and the page says why.
    await lookUp(page, paid, SECRET);
    await page.locator('#survey').getByLabel('1 — Rất không hài lòng').check();
    await page.locator('#survey').getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect.poll(() => page.locator('#survey-result [role=alert]').textContent()).toContain('Hồ sơ này đã được đánh giá');
  });

  it('lists the papers to supplement and sends the online supplement', async () => {
    const dkkd = await stack.token({ id: 'dkkd01', roles: ['officer'], departments: ['PHONG-DKKD'] });
    const created = await call(stack, 'POST', '/api/dossiers', { token: tokens.reception, body: { procedureCode: '2.001610', channel: 'online', applicant } });
    expect(created.status).toBe(201);
    const asked: string = created.body.code;
    await waitForStatus(stack, asked, dkkd, 'PROCESSING');
    const decided = await call(stack, 'POST', `/api/dossiers/${asked}/steps/tham-dinh-dkkd/decision`, {
      token: dkkd,
      body: { decision: 'request-supplement', reason: 'Thiếu giấy tờ', missingItems: ['Bản sao CCCD của chủ doanh nghiệp', 'Giấy ủy quyền có công chứng'] },
    });
    expect(decided.status).toBe(200);
    await waitForStatus(stack, asked, dkkd, 'SUPPLEMENT_REQUESTED');

    const page = await openPage();
    await lookUp(page, asked, SECRET);
    await expect.poll(() => page.locator('#status').textContent()).toBe('Yêu cầu bổ sung giấy tờ');
    const form = page.locator('#supplement');
    expect(await form.locator('li').allTextContents()).toEqual(['Bản sao CCCD của chủ doanh nghiệp', 'Giấy ủy quyền có công chứng']);
    // No time limit unless the procedure's rules set one: no deadline line.
    expect(await form.innerText()).not.toContain('Hạn bổ sung');
    await form.getByRole('button', { name: 'Gửi thông báo đã bổ sung' }).click();
    expect(await page.locator('#supplement-note-error').textContent()).toBe('Vui lòng mô tả giấy tờ đã bổ sung.');
    await form.getByLabel(/Mô tả giấy tờ ông\/bà đã bổ sung/).fill('Đã nộp bản sao CCCD và giấy ủy quyền qua cổng dịch vụ công');
    await page.screenshot({ path: '/tmp/citizen-page-supplement.png', fullPage: true });
    await form.getByRole('button', { name: 'Gửi thông báo đã bổ sung' }).click();
    await expect.poll(() => page.locator('#supplement-result').textContent()).toBe('Đã ghi nhận giấy tờ bổ sung; hồ sơ sẽ được tiếp tục xử lý.');
    const resumed = await waitForStatus(stack, asked, dkkd, 'PROCESSING');
    expect(resumed.body.supplementRequests[0].receivedAt).toBeTruthy();
  });

  it('renders the API docs page /docs with the citizen routes', async () => {
    const page = await openPage();
    const res = await page.goto(`${stack.apiUrl}/docs`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    const citizen = page.locator('h2', { hasText: 'Công dân' });
    expect(await citizen.count()).toBe(1);
    expect(await page.locator('section.op h3', { hasText: '/api/public/lookup' }).count()).toBeGreaterThan(0);
    expect(await page.locator('section.op h3', { hasText: '/tra-cuu' }).count()).toBe(1);
    // Schema references are links that lead somewhere.
    const ref = page.locator('a[href^="#schema-"]').first();
    const target = (await ref.getAttribute('href'))!.slice(1);
    expect(await page.locator(`[id="${target}"]`).count()).toBe(1);
    await page.screenshot({ path: '/tmp/citizen-page-docs.png' });
  });
});
