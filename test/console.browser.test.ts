/**
 * The staff console `/console` in a real Chromium (playwright-core with the system's Chromium, as
 * test/citizen-page.browser.test.ts): signing in with a pasted token and out again; an officer claims and approves a
 * freshly received certified-copy dossier from the inbox, and the dossier moves on; a decision the step does not allow
 * shows the workflow's Vietnamese reason next to the form; a supervisor reads the near-due / overdue / stuck tabs and
 * the statistics with fees, notes and escalates a dossier, and both appear in its events; reception receives a
 * dossier through the form (a bad phone number is refused field by field first) and hands a result over. The dossier
 * panel shows status, appointment, steps, events, control sheet and documents, which download as the stored PDFs.
 *
 * Deadline cases for the supervisor tabs are read-model rows written directly (as test/api-supervisor.test.ts does),
 * so they do not depend on the time of day the test runs; the dossier noted and escalated is a real one whose
 * read-model due date is moved into the past.
 *
 * Chromium from CHROMIUM_PATH, PATH, or apt-get as root (test/chromium.ts); SKIP_BROWSER_TESTS=1 skips. Screenshots go
 * to /tmp/console-*.png. Code run inside the page is passed as strings: the project's TypeScript has no DOM library.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../api/auth';
import { workingInstantBefore } from '../api/working-time';
import { clock } from '../activities/clock';
import { controlSheetRows, dossiers, paymentOrders } from '../db/schema';
import { addWorkingHours, defaultCalendar } from '../holidays/index';
import { call, startTestStack, type TestStack } from './harness';
import { alignBrowserClock, resolveChromium } from './chromium';
import { receiveCertifiedCopy, roleTokens, waitFor, waitForStatus, type RoleTokens } from './api-fixtures';

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
const DEPARTMENT = 'UBND xã — bộ phận Tư pháp';
const STEP = 'Chứng thực bản sao';
const VN_TIME = /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CODE = /^TEST\.H26-\d{6}-\d{4,}$/;

let stack: TestStack;
let tokens: RoleTokens;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  await alignBrowserClock(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  // The page runs under a strict Content-Security-Policy: a blocked script or style would break it silently.
  page.on('console', (m) => void (m.type() === 'error' && /Content Security Policy/i.test(m.text()) && pageErrors.push(m.text())));
  return page;
}

/** POSTs the page sends, with their Idempotency-Key. */
function recordPosts(page: Page): Array<{ url: string; key: string | undefined; body: string | null }> {
  const posts: Array<{ url: string; key: string | undefined; body: string | null }> = [];
  page.on('request', (r) => void (r.method() === 'POST' && posts.push({ url: r.url(), key: r.headers()['idempotency-key'], body: r.postData() })));
  return posts;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${stack.apiUrl}/console`);
  await page.getByLabel('Mã đăng nhập (token)').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect.poll(() => page.locator('#who').isVisible()).toBe(true);
}

/** A list row of the dossier, clicking "Tải thêm" while it is on a later page. */
async function findRow(page: Page, list: 'inbox' | 'sup', code: string): Promise<Locator> {
  const row = page.locator(`#${list}-body tr[data-code="${code}"]`);
  await expect.poll(() => page.locator(`#${list}-status`).textContent()).not.toMatch(/^Đang tải/);
  for (let i = 0; i < 40 && (await row.count()) === 0; i++) {
    const more = page.locator(`#${list}-more`);
    if (await more.isVisible()) await more.click();
    await page.waitForTimeout(150);
  }
  expect(await row.count(), `row of ${code} in ${list}`).toBe(1);
  return row;
}

const cell = (row: Locator, label: string) => row.locator(`td[data-label="${label}"]`);
const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

describe.skipIf(SKIP)('staff console in Chromium', () => {
  beforeAll(async () => {
    const found = resolveChromium((line) => console.log(`[browser] ${line}`));
    if ('error' in found) throw new Error(found.error);
    browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
    stack = await startTestStack();
    tokens = await roleTokens(stack);
  }, 600_000); // long enough for a first-time apt-get install of Chromium
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(pageErrors.splice(0), 'JavaScript errors on the page').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in with a pasted token, shows who is signed in, keeps the token out of every address, and signs out', async () => {
    const token = await stack.token({ id: 'tp01', name: 'Nguyễn Thị Lan', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] });
    const page = await openPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${stack.apiUrl}/console`);
    expect(await page.locator('h1').textContent()).toBe('Bảng điều khiển cán bộ');
    expect(await page.locator('#nav').isHidden()).toBe(true);
    expect(await page.locator('#token-hint').innerText()).toContain('npm run -s token -- --user <mã cán bộ>');

    const field = page.getByLabel('Mã đăng nhập (token)');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await page.locator('#token-error').textContent()).toBe('Vui lòng dán mã đăng nhập.');
    await field.fill('không-phải-mã');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await page.locator('#token-error').textContent()).toMatch(/^Mã đăng nhập không đúng dạng/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.id')).toBe('token');

    // Pasted with its "Bearer " prefix and a line break, as copied from a terminal.
    await field.fill(`Bearer ${token.slice(0, 40)}\n${token.slice(40)}`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('#who-name').textContent()).toBe('Nguyễn Thị Lan');
    expect(await page.locator('#who-id').textContent()).toBe('(tp01)');
    expect(await page.locator('#who-roles').textContent()).toBe('Vai trò: Cán bộ xử lý');
    expect(await page.locator('#who-departments').textContent()).toBe(`Đơn vị: ${DEPARTMENT}`);
    expect(await page.locator('#nav button').allTextContents()).toEqual(['Hộp việc', 'Xem hồ sơ']);
    expect(await page.locator('#nav-inbox').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#view-inbox').isVisible()).toBe(true);
    expect(await page.evaluate(`sessionStorage.getItem('motcua.console.token')`)).toBe(token);
    expect(await field.inputValue()).toBe('');
    await expect.poll(() => page.locator('#inbox-status').textContent()).not.toMatch(/^Đang tải/);

    // The same tab keeps the session across a reload.
    await page.reload();
    await expect.poll(() => page.locator('#who-name').textContent()).toBe('Nguyễn Thị Lan');
    await page.screenshot({ path: '/tmp/console-signed-in.png', fullPage: true });

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    expect(await page.locator('#view-sign-in').isVisible()).toBe(true);
    expect(await page.locator('#view-inbox').isHidden()).toBe(true);
    expect(await page.locator('#who').isHidden()).toBe(true);
    expect(await page.locator('#sign-in-status').textContent()).toBe('Đã đăng xuất. Mã đăng nhập đã được xóa khỏi trình duyệt.');
    expect(await page.evaluate(`sessionStorage.getItem('motcua.console.token')`)).toBeNull();
    expect(await page.evaluate('document.activeElement.id')).toBe('token');
    await page.reload();
    expect(await page.locator('#view-sign-in').isVisible()).toBe(true);

    // A token the server refuses (another secret) ends the session with the reason, in Vietnamese.
    const forged = await issueToken('not-the-configured-secret', { id: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] });
    await field.fill(forged);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('#sign-in-status [role=alert]').textContent()).toBe(
      'Phiên đăng nhập không còn hiệu lực (Mã xác thực không hợp lệ hoặc đã hết hạn). Vui lòng dán mã mới.',
    );
    expect(await page.locator('#view-sign-in').isVisible()).toBe(true);
    expect(await page.evaluate(`sessionStorage.getItem('motcua.console.token')`)).toBeNull();

    for (const url of urls) for (const t of [token, forged]) expect(url).not.toContain(t.split('.')[1]);
    const res = await fetch(`${stack.apiUrl}/console`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    expect(await res.text()).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });

  it('an officer sees a freshly received dossier in the inbox, claims it and approves it, and the dossier moves on', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const listed = (await call(stack, 'GET', '/api/inbox?limit=200', { token: tokens.officer })).body.items.find((i: { code: string }) => i.code === code);
    expect(listed).toMatchObject({ stepId: 'chung-thuc', department: 'UBND-XA-TU-PHAP', officer: null });
    const page = await openPage();
    const posts = recordPosts(page);
    await signIn(page, tokens.officer);
    const row = await findRow(page, 'inbox', code);

    expect(await cell(row, 'Thủ tục').innerText()).toContain(listed.procedureName);
    expect(await cell(row, 'Người nộp').textContent()).toBe(listed.applicantName);
    expect(await cell(row, 'Bước').innerText()).toContain(STEP);
    expect(await cell(row, 'Phòng, cơ quan').textContent()).toBe(DEPARTMENT);
    expect(await cell(row, 'Cán bộ xử lý').textContent()).toBe('Chưa có người nhận');
    const [due, appointment] = (await cell(row, 'Hạn xử lý').innerText()).split('\n');
    expect(due).toMatch(VN_TIME);
    expect(appointment).toMatch(/^Hẹn trả hồ sơ: \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    expect(await cell(row, 'Thời gian còn lại').innerText()).toMatch(/(Còn|Quá) [\d,]+ (giờ|ngày) làm việc|Đã quá hạn/);
    // Highlighted as the API counts it: overdue, or at most one working day left.
    const expectedClass = listed.overdue ? 'overdue' : listed.workingDaysLeft <= 1 ? 'due-soon' : '';
    expect((await row.getAttribute('class')) ?? '').toBe(expectedClass);
    if (expectedClass) expect(await row.locator('.badge').textContent()).toBe(listed.overdue ? 'Quá hạn' : 'Sắp đến hạn');

    await row.getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).click();
    await expect.poll(() => cell(row, 'Cán bộ xử lý').textContent()).toBe('Bạn (tp01)');
    expect(await page.locator('#inbox-status').textContent()).toBe(`Đã nhận xử lý bước “${STEP}” của hồ sơ ${code}.`);
    expect(await row.getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).count()).toBe(0);
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Quyết định');
    await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.officer });
      return r.body.activeSteps?.[0]?.officer === 'tp01' ? r : undefined;
    });

    await row.getByRole('button', { name: `Quyết định hồ sơ ${code}` }).click();
    const form = page.locator('form.decision');
    expect(await form.locator('.hint').first().textContent()).toBe('Theo quy trình hiện hành, bước này cho phép: Phê duyệt.');
    expect(await page.evaluate('document.activeElement.value')).toBe('approve');
    await form.getByLabel('Phê duyệt').check();
    await form.getByLabel('Ý kiến (không bắt buộc)').fill('Bản sao khớp với bản chính');
    await page.screenshot({ path: '/tmp/console-inbox-decision.png', fullPage: true });
    await form.getByRole('button', { name: 'Gửi quyết định' }).click();
    await expect.poll(() => page.locator('#inbox-status').textContent()).toMatch(
      new RegExp(`^Đã gửi quyết định “Phê duyệt” cho bước “${STEP}” của hồ sơ ${code.replace(/\./g, '\\.')}\\. Tình trạng hồ sơ: .+\\.$`),
    );
    expect(await form.count()).toBe(0);
    expect(await row.getAttribute('class')).toBe('done');
    expect(await cell(row, 'Thao tác').innerText()).toMatch(/^Đã xử lý\nHồ sơ: /);
    expect(await row.getByRole('button', { name: `Quyết định hồ sơ ${code}` }).count()).toBe(0);

    // The dossier moved on: the fee is requested (2.000 đồng for the certified copy).
    const moved = await waitForStatus(stack, code, tokens.officer, 'AWAITING_PAYMENT');
    const approved = moved.body.events.find((e: { type: string }) => e.type === 'STEP_APPROVED');
    expect(approved).toMatchObject({ actor: 'tp01', data: { stepId: 'chung-thuc', note: 'Bản sao khớp với bản chính' } });
    // One fresh Idempotency-Key per click.
    expect(posts.map((p) => p.url.replace(stack.apiUrl, ''))).toEqual([
      `/api/dossiers/${code}/steps/chung-thuc/claim`,
      `/api/dossiers/${code}/steps/chung-thuc/decision`,
    ]);
    for (const p of posts) expect(p.key).toMatch(UUID);
    expect(new Set(posts.map((p) => p.key)).size).toBe(2);
    expect(JSON.parse(posts[1].body!)).toEqual({ decision: 'approve', reason: 'Bản sao khớp với bản chính' });

    // The dossier panel, opened from the row: status, appointment, events, control sheet, documents.
    await row.getByRole('button', { name: `Xem hồ sơ ${code}` }).click();
    await expect.poll(() => page.locator('#dossier-state').textContent()).toBe('Yêu cầu thực hiện nghĩa vụ tài chính');
    expect(await page.evaluate('document.activeElement.id')).toBe('dossier-heading');
    const facts = page.locator('#dossier-facts');
    const fact = (term: string) => facts.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
    expect(await fact('Hẹn trả kết quả').textContent()).toMatch(VN_TIME);
    expect(await fact('Phí, lệ phí').textContent()).toBe('2.000 đồng — chưa nộp');
    expect(await page.locator('#dossier-events li').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining(`${DEPARTMENT} hoàn thành bước "${STEP}"`), expect.stringMatching(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — Tiếp nhận hồ sơ \(kênh trực tiếp tại quầy\)/)]),
    );
    const sheet = page.locator('#dossier-control-sheet tbody tr').first();
    expect(await cell(sheet, 'Bên giao').textContent()).toBe('Bộ phận Một cửa');
    expect(await cell(sheet, 'Bên nhận').textContent()).toBe(DEPARTMENT);
    expect(await cell(sheet, 'Kết quả').textContent()).toMatch(/^(Trước hạn|Đúng hạn|Trễ hạn)$/);
    const docs = (await call(stack, 'GET', `/api/dossiers/${code}/documents`, { token: tokens.officer })).body.items;
    const receipt = docs.find((d: { kind: string }) => d.kind === 'receipt');
    const button = page.getByRole('button', { name: 'Tải về Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
    await expect.poll(() => button.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(receipt.fileName);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(receipt.sha256);
    await expect.poll(() => page.locator('#documents-result').textContent()).toBe('Đã tải về: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.');
    await page.screenshot({ path: '/tmp/console-dossier.png', fullPage: true });
  });

  it('shows the Vietnamese reason next to the form when a decision is refused, on a phone', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const page = await openPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const posts = recordPosts(page);
    await signIn(page, tokens.officer);
    const row = await findRow(page, 'inbox', code);
    // Rows are cards on a phone, each cell labelled.
    expect(await page.evaluate(`getComputedStyle(document.querySelector('#inbox-body tr')).display`)).toBe('block');
    await row.getByRole('button', { name: `Quyết định hồ sơ ${code}` }).click();
    const form = page.locator('form.decision');
    await form.getByLabel('Từ chối giải quyết').check();
    expect(await form.locator('label', { hasText: 'Lý do (bắt buộc)' }).count()).toBe(1);
    await form.getByRole('button', { name: 'Gửi quyết định' }).click();
    const reason = form.getByLabel('Lý do (bắt buộc)');
    expect(await form.locator('.field-error:visible').allTextContents()).toEqual(['Vui lòng nêu lý do.']);
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.tagName')).toBe('TEXTAREA');
    expect(posts).toEqual([]);

    await reason.fill('Bản chính có dấu hiệu tẩy xóa');
    await form.getByRole('button', { name: 'Gửi quyết định' }).click();
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('Yêu cầu không hợp lệ: Quyết định “Từ chối giải quyết” không được phép ở bước này');
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0].body!)).toEqual({ decision: 'refuse', reason: 'Bản chính có dấu hiệu tẩy xóa' });
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: '/tmp/console-decision-refused-mobile.png', fullPage: true });
    // Nothing changed: still being processed, the row still offers its actions.
    expect((await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.officer })).body.status).toBe('PROCESSING');
    expect(await row.getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).count()).toBe(1);
    // "Hủy" closes the form and gives the focus back to the button that opened it.
    await form.getByRole('button', { name: 'Hủy' }).click();
    expect(await form.count()).toBe(0);
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Quyết định');
  });

  it('a supervisor reads the near-due, overdue and stuck tabs and the statistics, and notes and escalates a dossier', async () => {
    const tag = randomUUID().slice(0, 6).toUpperCase().replace(/[^0-9A-Z]/g, 'X');
    const proc = `9.${tag}`;
    const dept = `TEST-DEPT-${tag}`;
    const day = defaultCalendar.hoursPerWorkingDay;
    const now = clock.now().toISOString();
    const iso = (s: string) => new Date(s).toISOString();
    const synthetic = (n: number) => `CON${tag}.H26-240304-${String(n).padStart(4, '0')}`;
    const row = (n: number, o: Partial<typeof dossiers.$inferInsert> & { dueAt: string }) => ({
      code: synthetic(n), procedureCode: proc, procedureVersion: 1, rulePack: '2025', channel: 'counter', status: 'PROCESSING',
      applicantName: `Công dân ${n}`, receivedAt: now, originalDueAt: o.dueAt, lastEventSeq: 1, lastActionAt: now,
      currentDepartments: [dept], snapshot: { code: synthetic(n), dueAt: o.dueAt, activeSteps: [], controlSheet: [] }, ...o,
    });
    const db = stack.database.db;
    await db.insert(dossiers).values([
      row(1, { dueAt: iso(addWorkingHours(now, 2)) }), // near due
      row(2, { dueAt: iso(new Date(clock.now().getTime() - 2 * 86_400_000).toISOString()) }), // overdue
      row(3, { dueAt: iso(addWorkingHours(now, 4 * day)), lastActionAt: workingInstantBefore(now, 2.5 * day) }), // stuck
      row(4, { dueAt: '2024-03-20T10:00:00.000Z', receivedAt: '2024-03-01T02:00:00.000Z', status: 'RETURNED', currentDepartments: [] }),
    ]);
    await db.insert(controlSheetRows).values([
      { dossierCode: synthetic(4), rowNo: 1, fromUnit: 'MOT-CUA', toUnit: dept, handedOverAt: '2024-03-04T02:00:00.000Z', stepId: 'b1', result: 'early' },
      { dossierCode: synthetic(4), rowNo: 2, fromUnit: 'MOT-CUA', toUnit: dept, handedOverAt: '2024-03-05T02:00:00.000Z', stepId: 'b2', result: 'late' },
    ]);
    await db.insert(paymentOrders).values({
      txnRef: `${tag}C1`, dossierCode: synthetic(4), amountVnd: 50_000, feeLines: [], paymentUrl: 'http://sandbox/pay', status: 'paid',
      paidAt: '2024-03-05T03:00:00.000Z', method: 'VNPAY/NCB',
    });
    // A real dossier, shown overdue by moving its read-model due date into the past.
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    await db.update(dossiers).set({ dueAt: '2015-01-05T03:00:00.000Z' }).where(eq(dossiers.code, code));

    const supervisor = await stack.token({ id: 'gs01', name: 'Phan Văn Sơn', roles: ['supervisor'] });
    const page = await openPage();
    const posts = recordPosts(page);
    await signIn(page, supervisor);
    expect(await page.locator('#nav button').allTextContents()).toEqual(['Giám sát', 'Xem hồ sơ']);
    expect(await page.getByRole('tab', { name: 'Sắp đến hạn' }).getAttribute('aria-selected')).toBe('true');
    const codes = () => page.locator('#sup-body tr[data-code]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { code: string } }).dataset.code));
    const settled = () => expect.poll(() => page.locator('#sup-status').textContent()).not.toMatch(/^Đang tải/);

    await page.getByLabel('Thủ tục', { exact: true }).fill(proc);
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect.poll(codes).toEqual([synthetic(1)]);
    const near = page.locator(`#sup-body tr[data-code="${synthetic(1)}"]`);
    expect(await near.getAttribute('class')).toBe('due-soon');
    expect(await cell(near, 'Thời gian còn lại').innerText()).toMatch(/^Sắp đến hạn\nCòn [\d,]+ giờ làm việc$/);
    expect(await cell(near, 'Đang xử lý tại').innerText()).toContain(dept);
    expect(await page.locator('#sup-status').textContent()).toBe('1 hồ sơ sắp đến hạn.');

    await page.getByRole('tab', { name: 'Quá hạn' }).click();
    await expect.poll(codes).toEqual([synthetic(2)]);
    const over = page.locator(`#sup-body tr[data-code="${synthetic(2)}"]`);
    expect(await over.getAttribute('class')).toBe('overdue');
    expect(await cell(over, 'Thời gian còn lại').innerText()).toMatch(/^Quá hạn\n(Quá [\d,]+ (ngày|giờ) làm việc|Đã quá hạn)$/);
    expect(await cell(over, 'Hẹn trả kết quả').textContent()).toMatch(VN_TIME);
    // Keyboard: the arrow keys move between the tabs.
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Không có thao tác');
    expect(await page.getByLabel('Số giờ làm việc không có thao tác').isVisible()).toBe(true);
    await expect.poll(codes).toEqual([synthetic(3)]);
    await page.screenshot({ path: '/tmp/console-supervisor-stuck.png', fullPage: true });

    await page.getByRole('tab', { name: 'Thống kê' }).click();
    expect(await page.locator('#sup-list-panel').isHidden()).toBe(true);
    await page.getByLabel('Từ ngày').fill('2024-03-01');
    await page.getByLabel('Đến ngày').fill('2024-03-31');
    await page.getByRole('button', { name: 'Xem thống kê' }).click();
    const deptRow = page.locator('#stats-table tbody tr', { hasText: dept });
    await expect.poll(() => deptRow.count()).toBe(1);
    expect(await deptRow.locator('td[data-label="Tiếp nhận"]').textContent()).toBe('2');
    expect(await deptRow.locator('td[data-label="Trước hạn"]').textContent()).toBe('1');
    expect(await deptRow.locator('td[data-label="Trễ hạn"]').textContent()).toBe('1');
    expect(await deptRow.locator('td[data-label="Tỷ lệ đúng hạn"]').textContent()).toBe('50%');
    expect(await page.locator('#stats-table caption').textContent()).toBe('Kết quả giải quyết theo phòng, cơ quan từ 01/03/2024 đến 31/03/2024');
    expect(await page.locator('#fees-total').textContent()).toBe('Tổng cộng: 50.000 đồng — 1 giao dịch.');
    expect(await page.locator('#stats-out').innerText()).toContain('VNPAY/NCB');
    await page.screenshot({ path: '/tmp/console-supervisor-stats.png', fullPage: true });
    // A period that ends before it starts: the API's field error, next to the field.
    await page.getByLabel('Đến ngày').fill('2024-02-01');
    await page.getByRole('button', { name: 'Xem thống kê' }).click();
    await expect.poll(() => page.locator('#stats-to-error').textContent()).toBe('ngày kết thúc phải sau ngày bắt đầu');
    expect(await page.locator('#stats-out [role=alert]').innerText()).toContain('Đến ngày: ngày kết thúc phải sau ngày bắt đầu');

    // The real dossier in the overdue tab: a note from its row.
    await page.getByLabel('Thủ tục', { exact: true }).fill('2.000815');
    await page.getByRole('tab', { name: 'Quá hạn' }).click();
    await settled();
    const real = await findRow(page, 'sup', code);
    expect(await real.getAttribute('class')).toBe('overdue');
    expect(await cell(real, 'Đang xử lý tại').innerText()).toContain(`${DEPARTMENT}\nBước: ${STEP}`);
    await real.getByRole('button', { name: `Ghi chú hồ sơ ${code}` }).click();
    await page.getByRole('button', { name: 'Lưu ghi chú' }).click();
    expect(await page.locator('.form-row .field-error:visible').textContent()).toBe('Vui lòng nhập nội dung ghi chú.');
    const note = `Đề nghị phòng Tư pháp ưu tiên hồ sơ này (${tag})`;
    await page.getByLabel('Nội dung ghi chú').fill(note);
    await page.getByRole('button', { name: 'Lưu ghi chú' }).click();
    await expect.poll(() => real.locator('.row-msg').textContent()).toBe(`Đã ghi chú vào hồ sơ ${code}.`);
    await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: tokens.supervisor });
      return r.body.events?.some((e: { type: string; summary: string }) => e.type === 'NOTE_ADDED' && e.summary === `Ghi chú: ${note}`) ? r : undefined;
    });

    // The dossier panel shows the note among the events; escalate the current step from there.
    await real.getByRole('button', { name: `Xem hồ sơ ${code}` }).click();
    const events = page.locator('#dossier-events li');
    await expect.poll(() => events.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(`Ghi chú: ${note}`)]));
    const noted = events.filter({ hasText: `Ghi chú: ${note}` });
    expect(await noted.innerText()).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — Ghi chú: .+\nNgười thực hiện: gs01$/);
    await page.locator('#dossier-steps').getByRole('button', { name: 'Đôn đốc' }).click();
    await page.getByLabel('Nội dung đôn đốc').fill('Hồ sơ đã quá hạn, đề nghị xử lý ngay');
    await page.getByRole('button', { name: 'Gửi đôn đốc' }).click();
    await expect.poll(() => page.locator('#dossier-status').textContent()).toBe(`Đã đôn đốc bước “${STEP}” của hồ sơ ${code}.`);
    await expect.poll(() => events.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining(`đôn đốc ${DEPARTMENT} ở bước "${STEP}": Hồ sơ đã quá hạn, đề nghị xử lý ngay`)]),
    );
    const actions = posts.filter((p) => p.url.endsWith('/supervisor-actions'));
    expect(actions.map((p) => JSON.parse(p.body!))).toEqual([
      { action: 'note', note },
      { action: 'escalate', stepId: 'chung-thuc', note: 'Hồ sơ đã quá hạn, đề nghị xử lý ngay' },
    ]);
    for (const p of actions) expect(p.key).toMatch(UUID);
    await page.screenshot({ path: '/tmp/console-supervisor-dossier.png', fullPage: true });
  });

  it('reception receives a dossier through the form and gets its code, then hands a result over', async () => {
    const page = await openPage({ viewport: { width: 1000, height: 900 } });
    const posts = recordPosts(page);
    await signIn(page, tokens.reception);
    expect(await page.locator('#nav button').allTextContents()).toEqual(['Tiếp nhận, trả kết quả', 'Xem hồ sơ']);
    const form = page.locator('#receive');
    await form.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    expect(await page.locator('#r-procedure-error').textContent()).toBe('Vui lòng chọn thủ tục.');
    expect(await page.locator('#r-fullName-error').textContent()).toBe('Vui lòng nhập họ và tên người nộp (ít nhất 2 ký tự).');
    expect(posts).toEqual([]);

    await form.getByLabel('Thủ tục hành chính').selectOption('2.000815');
    expect(await page.locator('#r-procedure-error').isHidden()).toBe(true);
    expect(await page.locator('#r-procedure-info').innerText()).toContain('Phí chứng thực bản sao từ bản chính: trang 1–2: 2.000 đồng/trang; từ trang 3: 1.000 đồng/trang; tối đa 200.000 đồng/bản');
    await form.getByLabel('Số trang mỗi bản').fill('1');
    expect(await form.getByLabel('Trực tiếp tại quầy').isChecked()).toBe(true);
    expect(await form.getByLabel('Bản chính giấy tờ, văn bản cần chứng thực').isChecked()).toBe(true);
    await form.getByLabel('Họ và tên').fill('Lê Thị Mai');
    await form.getByLabel('Số điện thoại (không bắt buộc)').fill('12345');
    await form.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    // The API's field error, next to the field.
    await expect.poll(() => page.locator('#r-phone-error').textContent()).toBe('số điện thoại Việt Nam, ví dụ 0912345678');
    expect(await form.getByLabel('Số điện thoại (không bắt buộc)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.id')).toBe('r-phone');
    expect((await page.locator('#receive-result [role=alert]').innerText()).replace(/\n+/g, '\n')).toBe(
      'Dữ liệu không hợp lệ: Kiểm tra lại các trường được liệt kê\nSố điện thoại: số điện thoại Việt Nam, ví dụ 0912345678',
    );
    await page.screenshot({ path: '/tmp/console-reception-error.png', fullPage: true });

    await form.getByLabel('Số điện thoại (không bắt buộc)').fill('0912 345 678');
    expect(await page.locator('#r-phone-error').isHidden()).toBe(true);
    await form.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click();
    const received = page.locator('#received-code');
    await expect.poll(() => received.count()).toBe(1);
    const code = (await received.textContent())!;
    expect(code).toMatch(CODE);
    expect(await page.locator('#receive-result').innerText()).toContain(`Đã tiếp nhận hồ sơ ${code}. Tình trạng: Đang xử lý.`);
    const created = await waitForStatus(stack, code, tokens.reception, 'PROCESSING');
    expect(created.body).toMatchObject({
      procedureCode: '2.000815',
      channel: 'counter',
      returnMethod: 'counter',
      applicant: { fullName: 'Lê Thị Mai', phone: '0912345678' },
    });
    expect(posts.map((p) => p.url.replace(stack.apiUrl, ''))).toEqual(['/api/dossiers', '/api/dossiers']);
    expect(JSON.parse(posts[1].body!).submittedPapers).toEqual([
      { code: 'BAN-CHINH', name: 'Bản chính giấy tờ, văn bản cần chứng thực', copies: 1 },
      { code: 'BAN-SAO', name: 'Bản sao cần chứng thực', copies: 1 },
    ]);
    for (const p of posts) expect(p.key).toMatch(UUID);
    expect(posts[0].key).not.toBe(posts[1].key);
    await page.screenshot({ path: '/tmp/console-reception.png', fullPage: true });

    // Hand-over: refused while the dossier is still being processed, done once the result is ready and paid.
    const handOver = page.locator('#hand-over');
    await handOver.getByLabel('Mã hồ sơ').fill(code.toLowerCase());
    await handOver.getByRole('button', { name: 'Trả kết quả' }).click();
    await expect.poll(() => page.locator('#hand-over-result [role=alert]').textContent()).toBe(
      'Xung đột trạng thái: Kết quả chưa sẵn sàng để trả tại quầy',
    );
    const approved = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, { token: tokens.officer, body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    const awaiting = await waitForStatus(stack, code, tokens.reception, 'AWAITING_PAYMENT');
    const gateway = stack.services.paymentSandbox!;
    await gateway.pay(gateway.open(awaiting.body.fees.paymentUrl).txnRef);
    await waitForStatus(stack, code, tokens.reception, 'RESULT_READY');
    // The ready list names it; its button fills the hand-over form.
    await page.getByRole('button', { name: 'Làm mới' }).and(page.locator('#ready-refresh')).click();
    const readyRow = page.locator(`#ready-list li[data-code="${code}"]`);
    await expect.poll(() => readyRow.count()).toBe(1);
    await readyRow.getByRole('button', { name: `Trả kết quả hồ sơ ${code}` }).click();
    expect(await handOver.getByLabel('Mã hồ sơ').inputValue()).toBe(code);
    await handOver.getByLabel('Ghi chú (không bắt buộc)').fill('Công dân nhận trực tiếp');
    await handOver.getByRole('button', { name: 'Trả kết quả' }).click();
    await expect.poll(() => page.locator('#hand-over-result').textContent()).toBe(`Đã trả kết quả hồ sơ ${code}. Tình trạng: Đã trả kết quả.`);
    await waitForStatus(stack, code, tokens.reception, 'RETURNED');
    await expect.poll(() => readyRow.count()).toBe(0);
    const handOvers = posts.filter((p) => p.url.endsWith('/hand-over'));
    expect(handOvers.map((p) => JSON.parse(p.body!))).toEqual([{}, { note: 'Công dân nhận trực tiếp' }]);
    expect(new Set(handOvers.map((p) => p.key)).size).toBe(2);
  });

  it('is linked from the API docs page', async () => {
    const page = await openPage();
    await page.goto(`${stack.apiUrl}/docs`);
    await page.getByRole('link', { name: 'Bảng điều khiển cán bộ' }).click();
    await page.waitForURL(/\/console$/);
    expect(await page.getByLabel('Mã đăng nhập (token)').isVisible()).toBe(true);
  });
});
