/**
 * Audit log and auditor tools: refused actions are recorded, a tampered row breaks the chain at its seq, the
 * timeline merges Temporal history with the read model, and replay detects incompatible workflow code.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyChain } from '../db/repositories/audit';
import { replayHistory } from '../api/routes/auditor';
import { call, startTestStack, type TestStack } from './harness';
import { receiveCertifiedCopy, roleTokens, waitFor, waitForStatus, type RoleTokens } from './api-fixtures';

let stack: TestStack;
let tokens: RoleTokens;
let outsider: string;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
  outsider = await stack.token({ id: 'xd01', roles: ['officer'], departments: ['SO-XAY-DUNG'] });
});
afterAll(async () => stack?.stop());

const auditRows = (code: string) =>
  stack.database.sql<Array<{ seq: number; actor_id: string | null; action: string; outcome: string; detail: any }>>`
    select seq, actor_id, action, outcome, detail from audit_log where dossier_code = ${code} order by seq`;

describe('audit log', () => {
  it('records refused and allowed actions and personal-data reads', async () => {
    const code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const refused = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/decision`, { token: outsider, body: { decision: 'approve' } });
    expect(refused.status).toBe(403);
    const invalid = await call(stack, 'POST', `/api/dossiers/${code}/withdraw`, { token: tokens.reception, body: {} });
    expect(invalid.status).toBe(400);
    const anonymous = await call(stack, 'POST', `/api/dossiers/${code}/stop`, { body: { reason: 'x' } });
    expect(anonymous.status).toBe(401);

    const rows = await waitFor(async () => {
      const r = await auditRows(code);
      return r.some((x) => x.detail.status === 401) ? r : undefined;
    });
    const summary = rows.map((r) => [r.action, r.outcome, r.detail.status, r.actor_id]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['POST /api/dossiers', 'allowed', 201, 'tn01'],
        ['GET /api/dossiers/:code', 'allowed', 200, 'tp01'],
        ['POST /api/dossiers/:code/steps/chung-thuc/decision', 'refused', 403, 'xd01'],
        ['POST /api/dossiers/:code/withdraw', 'refused', 400, 'tn01'],
        ['POST /api/dossiers/:code/stop', 'refused', 401, null],
      ]),
    );
    const forbidden = rows.find((r) => r.detail.status === 403)!;
    expect(forbidden.detail).toMatchObject({ kind: 'write', problem: '/problems/forbidden', departments: ['SO-XAY-DUNG'] });

    // The auditor sees the same through the API, filtered by dossier.
    const listed = await call(stack, 'GET', `/api/audit-log?dossierCode=${code}&outcome=refused`, { token: tokens.auditor });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { detail: { status: number } }) => i.detail.status)).toEqual(expect.arrayContaining([400, 401, 403]));
    expect(listed.body.items.every((i: { outcome: string }) => i.outcome === 'refused')).toBe(true);
  });

  it('detects a tampered row and reports its seq; restoring it heals the chain', async () => {
    const a = await appendAudit(stack.database.db, { action: 'TEST tamper', outcome: 'allowed', detail: { n: 1, nested: { b: 2, a: 'á' } } });
    await appendAudit(stack.database.db, { action: 'TEST after', outcome: 'refused', detail: { n: 2 } });
    const before = await call(stack, 'GET', '/api/audit-log/verify', { token: tokens.auditor });
    expect(before.body).toMatchObject({ ok: true });

    const [original] = await stack.database.sql`select detail from audit_log where seq = ${a.seq}`;
    await stack.database.db.execute(sql`update audit_log set detail = jsonb_set(detail, '{n}', '99') where seq = ${a.seq}`);
    const broken = await call(stack, 'GET', '/api/audit-log/verify', { token: tokens.auditor });
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ ok: false, firstBrokenSeq: a.seq });
    expect(broken.body.reason).toMatch(/hash/);

    await stack.database.sql`update audit_log set detail = ${JSON.stringify(original!.detail)}::jsonb where seq = ${a.seq}`;
    expect((await verifyChain(stack.database.db)).ok).toBe(true);

    // Deleting a row in the middle is caught too (its seq is missing); deleting the newest ones, by the anchor (below).
    const c = await appendAudit(stack.database.db, { action: 'TEST delete', outcome: 'allowed', detail: {} });
    await appendAudit(stack.database.db, { action: 'TEST after delete', outcome: 'allowed', detail: {} });
    await stack.database.sql`create table audit_deleted_row as select * from audit_log where seq = ${c.seq}`;
    await stack.database.sql`delete from audit_log where seq = ${c.seq}`;
    const gap = await verifyChain(stack.database.db);
    expect(gap).toMatchObject({ ok: false, firstBrokenSeq: c.seq });
    // Put the row back so later tests see a whole chain.
    await stack.database.sql`insert into audit_log select * from audit_deleted_row`;
    await stack.database.sql`drop table audit_deleted_row`;
    expect((await verifyChain(stack.database.db)).ok).toBe(true);
  });

  it('detects deleted newest rows against the head anchored in Temporal; restoring them heals the chain', async () => {
    await call(stack, 'GET', '/api/audit-log?limit=1', { token: tokens.auditor });
    await call(stack, 'GET', '/api/audit-log?limit=1', { token: tokens.auditor });
    await stack.flushAudit();
    const [{ max }] = await stack.database.sql`select max(seq)::int as max from audit_log`;
    const head: number = max;
    const whole = await call(stack, 'GET', '/api/audit-log/verify', { token: tokens.auditor });
    expect(whole.body).toMatchObject({ ok: true, anchor: { status: 'anchored', seq: head } });
    await stack.flushAudit();

    // Someone with database access removes the two newest rows: the rest is still a valid chain.
    await stack.database.sql`create table audit_deleted_tail as select * from audit_log where seq >= ${head - 1}`;
    await stack.database.sql`delete from audit_log where seq >= ${head - 1}`;
    expect((await verifyChain(stack.database.db)).ok).toBe(true);
    const truncated = await call(stack, 'GET', '/api/audit-log/verify', { token: tokens.auditor });
    expect(truncated.status).toBe(200);
    expect(truncated.body).toMatchObject({ ok: false, firstBrokenSeq: head - 1, anchor: { status: 'anchored', seq: head } });
    expect(truncated.body.reason).toMatch(/xoá/);
    await stack.flushAudit();

    // Put the deleted rows back (dropping what was appended meanwhile) so later tests see the anchored chain.
    await stack.database.sql`delete from audit_log where seq >= ${head - 1}`;
    await stack.database.sql`insert into audit_log select * from audit_deleted_tail`;
    await stack.database.sql`drop table audit_deleted_tail`;
    const healed = await call(stack, 'GET', '/api/audit-log/verify', { token: tokens.auditor });
    expect(healed.body).toMatchObject({ ok: true, anchor: { status: 'anchored', seq: head } });
  });

  it('serializes concurrent appends into one chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(stack.database.db, { action: 'TEST concurrent', outcome: 'allowed', detail: { i } })));
    expect(await verifyChain(stack.database.db)).toMatchObject({ ok: true });
  });
});

describe('auditor', () => {
  let code: string;

  beforeAll(async () => {
    code = await receiveCertifiedCopy(stack, tokens.reception, tokens.officer);
    const claimed = await call(stack, 'POST', `/api/dossiers/${code}/steps/chung-thuc/claim`, { token: tokens.officer, body: {} });
    expect(claimed.status).toBe(200);
    const withdrawn = await call(stack, 'POST', `/api/dossiers/${code}/withdraw`, { token: tokens.reception, body: { reason: 'Công dân xin rút hồ sơ' } });
    expect(withdrawn.status).toBe(200);
    await waitForStatus(stack, code, tokens.auditor, 'WITHDRAWN');
    // Finished: the workflow has completed.
    await waitFor(async () => ((await stack.client.workflow.getHandle(code).describe()).status.name === 'COMPLETED' ? true : undefined));
  });

  it('shows a timeline merging Temporal history and dossier events', async () => {
    const res = await call(stack, 'GET', `/api/dossiers/${code}/timeline`, { token: tokens.auditor });
    expect(res.status).toBe(200);
    const entries: Array<{ source: string; kind: string; summary: string; actor?: string; at: string }> = res.body.entries;
    expect(entries[0]).toMatchObject({ source: 'temporal', kind: 'workflow-started', actor: 'tn01' });
    const updates = entries.filter((e) => e.kind === 'update-accepted');
    expect(updates.map((e) => [e.summary.match(/«(\w+)»/)?.[1], e.actor])).toEqual([
      // Reception's update-with-start: the dossier answers once it is in the read model (no actor: the API sent it).
      ['openDossier', undefined],
      ['claimStep', 'tp01'],
      ['closeDossier', 'tn01'],
    ]);
    expect(entries.some((e) => e.kind === 'activity-scheduled')).toBe(true);
    expect(entries.some((e) => e.kind === 'workflow-completed')).toBe(true);
    const fromReadModel = entries.filter((e) => e.source === 'read-model').map((e) => e.kind);
    expect(fromReadModel).toEqual(expect.arrayContaining(['RECEIVED', 'STEP_STARTED', 'WITHDRAWN']));
    expect([...entries].sort((a, b) => a.at.localeCompare(b.at)).map((e) => e.at)).toEqual(entries.map((e) => e.at));
    // Reading the timeline is itself audited.
    await waitFor(async () => ((await auditRows(code)).some((r) => r.action === 'GET /api/dossiers/:code/timeline') ? true : undefined));
  });

  it('shows the control sheet', async () => {
    const res = await call(stack, 'GET', `/api/dossiers/${code}/control-sheet`, { token: tokens.auditor });
    expect(res.status).toBe(200);
    expect(res.body.rows[0]).toMatchObject({ rowNo: 1, fromUnit: 'MOT-CUA', toUnit: 'UBND-XA-TU-PHAP', fromName: 'Bộ phận Một cửa' });
    expect(res.body.rows[0].handedOverAtText).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
  });

  it('replays a finished dossier against today’s workflow code', async () => {
    const res = await call(stack, 'POST', `/api/dossiers/${code}/replay`, { token: tokens.auditor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: true, code });
    expect(res.body.events).toBeGreaterThan(10);
  });

  it('reports a determinism failure when the workflow code changed incompatibly', async () => {
    // Same workflow type name, but it schedules a different activity first.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'altered-wf-'));
    try {
      const file = path.join(dir, 'workflows.js');
      writeFileSync(
        file,
        `import { proxyActivities } from '@temporalio/workflow';
const { alteredFirstActivity } = proxyActivities({ startToCloseTimeout: '1 minute' });
export async function dossier(input) { await alteredFirstActivity(input.code); }
`,
      );
      const repoModules = fileURLToPath(new URL('../node_modules', import.meta.url));
      const altered = await bundleWorkflowCode({
        workflowsPath: file,
        webpackConfigHook: (config) => {
          config.resolve = { ...config.resolve, modules: [repoModules, 'node_modules'] };
          return config;
        },
        logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
      });
      const history = await stack.client.workflow.getHandle(code).fetchHistory();
      const result = await replayHistory(code, history, altered);
      expect(result.replayed).toBe(false);
      if (!result.replayed) expect(result.error.message).toMatch(/nondetermin|alteredFirstActivity|mismatch/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 404 for an unknown dossier', async () => {
    const res = await call(stack, 'POST', '/api/dossiers/TEST.H26-990101-0002/replay', { token: tokens.auditor });
    expect(res.status).toBe(404);
    expect(res.body.type).toBe('/problems/not-found');
  });
});
