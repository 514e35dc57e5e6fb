/** The minimal procedure end to end over HTTP: receive → officer approves (Workflow Update) → read model. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './api-fixtures';
import { call, startTestStack, type TestStack } from './harness';

let stack: TestStack;
let reception: string;
let officer: string;
let outsider: string;

beforeAll(async () => {
  stack = await startTestStack();
  reception = await stack.token({ id: 'tn01', roles: ['reception'], departments: ['MOT-CUA'] });
  officer = await stack.token({ id: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] });
  outsider = await stack.token({ id: 'xd01', roles: ['officer'], departments: ['SO-XAY-DUNG'] });
});
afterAll(async () => stack?.stop());

const applicant = { fullName: 'Nguyễn Thị Hương', phone: '0912345678', idNumber: '001190012345' };


describe('minimal dossier over HTTP', () => {
  it('receives, approves and shows the dossier from the database', async () => {
    const created = await call(stack, 'POST', '/api/dossiers', {
      token: reception,
      body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant },
    });
    expect(created.status).toBe(201);
    const code: string = created.body.code;
    expect(code).toMatch(/^TEST\.H26-\d{6}-\d{4}$/);

    const before = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: officer });
      return r.status === 200 ? r : undefined;
    });
    expect(before.body.status).toBe('PROCESSING');
    expect(before.body.activeSteps).toHaveLength(1);
    expect(before.body.activeSteps[0]).toMatchObject({ stepId: 'chung-thuc', department: 'UBND-XA-TU-PHAP' });
    expect(before.body.events.map((e: { type: string }) => e.type).slice(0, 2)).toEqual(['RECEIVED', 'STEP_STARTED']);

    // Form 01 (receipt and appointment) is issued and stored with its content hash.
    const docs = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}/documents`, { token: reception });
      return r.body?.items?.length ? r : undefined;
    });
    expect(docs.body.items[0]).toMatchObject({ kind: 'receipt', fileName: expect.stringContaining('mau-01') });
    const pdf = await fetch(`${stack.apiUrl}/api/dossiers/${code}/documents/${docs.body.items[0].id}`, {
      headers: { authorization: `Bearer ${reception}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdf.headers.get('x-content-sha256'));
    expect(pdf.headers.get('x-content-sha256')).toBe(docs.body.items[0].sha256);
    // The citizen downloads the same receipt with the code and the last 4 digits of the phone; a wrong secret is 404.
    const mine = await fetch(`${stack.apiUrl}/api/public/dossiers/${code}/documents/${docs.body.items[0].id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: '5678' }),
    });
    expect(mine.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await mine.arrayBuffer())).digest('hex')).toBe(docs.body.items[0].sha256);
    const notMine = await call(stack, 'POST', `/api/public/dossiers/${code}/documents/${docs.body.items[0].id}`, { body: { secret: '0000' } });
    expect(notMine.status).toBe(404);

    const wrong = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, {
      token: outsider,
      body: { decision: 'approve' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body.detail).toContain('xd01');

    const approved = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, {
      token: officer,
      body: { decision: 'approve' },
      headers: { 'Idempotency-Key': 'click-1' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.controlSheet[0]).toMatchObject({ from: 'MOT-CUA', to: 'UBND-XA-TU-PHAP', stepId: 'chung-thuc' });
    expect(['early', 'on-time']).toContain(approved.body.controlSheet[0].result);

    // The same click again (same Idempotency-Key) is answered once, not applied twice.
    const again = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, {
      token: officer,
      body: { decision: 'approve' },
      headers: { 'Idempotency-Key': 'click-1' },
    });
    expect(again.status).toBe(200);
    expect(again.body.lastEventSeq).toBe(approved.body.lastEventSeq);

    // Fees: the workflow asks for payment; the citizen pays on the sandbox gateway, whose IPN signals the dossier.
    const awaiting = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: officer });
      return r.body?.status === 'AWAITING_PAYMENT' ? r : undefined;
    });
    expect(awaiting.body.fees.totalVnd).toBe(2000);
    const gateway = stack.services.paymentSandbox!;
    const txn = gateway.open(awaiting.body.fees.paymentUrl);
    expect(txn.amount).toBe('200000');
    const paid = await gateway.pay(txn.txnRef);
    expect(paid.delivery.answer).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    // A replayed IPN is answered "already confirmed" and charges nothing twice.
    const replay = await gateway.replayIpn(txn.txnRef);
    expect(replay.answer?.RspCode).toBe('02');

    const ready = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: officer });
      return r.body?.status === 'RESULT_READY' ? r : undefined;
    });
    expect(ready.body.events.map((e: { type: string }) => e.type)).toContain('FEES_PAID');

    const handedOver = await call(stack, 'POST', `/api/dossiers/${code}/hand-over`, { token: reception, body: {} });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.status).toBe('RETURNED');

    const after = await waitFor(async () => {
      const r = await call(stack, 'GET', `/api/dossiers/${code}`, { token: officer });
      return r.body?.events?.some((e: { type: string }) => e.type === 'SURVEY_INVITED') ? r : undefined;
    });
    expect(after.body.events.map((e: { type: string }) => e.type)).toEqual([
      'RECEIVED',
      'STEP_STARTED',
      // The per-page fee is due at filing: its link goes out with the receipt.
      'PAYMENT_REQUESTED',
      'DOCUMENT_ISSUED',
      'STEP_APPROVED',
      'PAYMENT_AWAITED',
      'FEES_PAID',
      'RESULT_READY',
      'RETURNED',
      'SURVEY_INVITED',
    ]);
    expect(after.body.controlSheet).toHaveLength(2);
    const sheet = await fetch(`${stack.apiUrl}/api/dossiers/${code}/control-sheet.pdf`, { headers: { authorization: `Bearer ${reception}` } });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await sheet.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(after.body.controlSheet[1]).toMatchObject({ fromUnit: 'UBND-XA-TU-PHAP', toUnit: 'MOT-CUA' });

    // Temporal UI/CLI users find the dossier by its search attributes (visibility is eventually consistent).
    const listed = await waitFor(async () => {
      const found: string[] = [];
      for await (const w of stack.client.workflow.list({
        query: `DossierStatus = 'RETURNED' AND ProcedureCode = '2.000815' AND WorkflowId = '${code}'`,
      })) {
        found.push(w.workflowId);
      }
      return found.length ? found : undefined;
    });
    expect(listed).toEqual([code]);

    // A stale step: approving again without the key is a state conflict.
    const stale = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, {
      token: officer,
      body: { decision: 'approve' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/state-conflict');
  });

  it('replays the first answer for a repeated Idempotency-Key instead of receiving twice', async () => {
    const body = { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant };
    const headers = { 'Idempotency-Key': 'quay-3-lan-bam-1' };
    const [a, b] = await Promise.all([
      call(stack, 'POST', '/api/dossiers', { token: reception, body, headers }),
      call(stack, 'POST', '/api/dossiers', { token: reception, body, headers }),
    ]);
    // One wins; the other either replays it or is told the first is still running.
    const statuses = [a.status, b.status].sort();
    expect([[201, 201], [201, 409]]).toContainEqual(statuses);
    const first = a.status === 201 ? a : b;
    const again = await call(stack, 'POST', '/api/dossiers', { token: reception, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const rows = await stack.database.sql`select count(*)::int as n from dossiers where applicant_name = ${applicant.fullName} and code = ${first.body.code}`;
    expect(rows[0].n).toBeLessThanOrEqual(1);
    const codes = new Set([a, b, again].filter((r) => r.status === 201).map((r) => r.body.code));
    expect(codes.size).toBe(1);
  });

  it('allocates distinct dossier codes under concurrent receptions', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call(stack, 'POST', '/api/dossiers', { token: reception, body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'online', applicant } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const codes = results.map((r) => r.body.code as string);
    expect(new Set(codes).size).toBe(8);
    const seqs = codes.map((c) => Number(c.split('-').pop())).sort((x, y) => x - y);
    expect(seqs[7] - seqs[0]).toBe(7); // one daily sequence, no gaps between concurrent requests
  });

  it('answers bad input with problem details, never a stack trace', async () => {
    const bad = await call(stack, 'POST', '/api/dossiers', {
      token: reception,
      body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'fax', applicant: { fullName: 'A', phone: '123' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe('/problems/validation-error');
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.channel', 'body.applicant.fullName', 'body.applicant.phone']));

    const malformed = await call(stack, 'POST', '/api/dossiers', { token: reception, body: '{"procedureCode":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('/problems/malformed-json');

    const unknown = await call(stack, 'GET', '/api/dossiers/TEST.H26-990101-0001', { token: officer });
    expect(unknown.status).toBe(404);

    const noToken = await call(stack, 'GET', '/api/dossiers/TEST.H26-990101-0001');
    expect(noToken.status).toBe(401);

    const officerReceiving = await call(stack, 'POST', '/api/dossiers', {
      token: officer,
      body: { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant },
    });
    expect(officerReceiving.status).toBe(403);
  });

  it('reports health of database, Temporal and worker', async () => {
    const res = await call(stack, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body.parts).toMatchObject({ database: { ok: true }, temporal: { ok: true }, worker: { ok: true } });
  });
});
