/**
 * Who may call what: a table of route × role → expected status for every API route, validation error shapes,
 * and the OpenAPI document (every route present, every referenced component defined, docs page renders).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../api/openapi';
import { call, startTestStack, type TestStack } from './harness';
import { freshIp, roleTokens, type RoleTokens } from './api-fixtures';

let stack: TestStack;
let tokens: RoleTokens;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
});
afterAll(async () => stack?.stop());

const UNKNOWN = 'TEST.H26-990101-0001';
type Who = keyof RoleTokens | 'anonymous';
const ROLES: Who[] = ['anonymous', 'reception', 'officer', 'head', 'supervisor', 'auditor', 'admin'];

interface Row {
  method: string;
  /** OpenAPI path (with {code}); the request path fills in an unknown dossier code. */
  path: string;
  query?: string;
  body?: unknown | ((code: string) => unknown);
  /** Public routes: each call names a different unknown dossier, so the per-code limiter stays out of the way. */
  freshCode?: boolean;
  /** Status for each role; a role not listed gets `otherwise`. */
  expect: Partial<Record<Who, number>>;
  otherwise: number;
}

const staff = (status: number, roles: Array<keyof RoleTokens>): Partial<Record<Who, number>> =>
  Object.fromEntries([['anonymous', 401], ...roles.map((r) => [r, status])]);

/** Allowed roles reach the handler (unknown dossier → 404, lists → 200); others 403; no token 401. */
const TABLE: Row[] = [
  { method: 'POST', path: '/api/dossiers', body: {}, expect: staff(400, ['reception']), otherwise: 403 },
  { method: 'GET', path: '/api/dossiers/{code}', expect: staff(404, ['reception', 'officer', 'head', 'supervisor', 'auditor', 'admin']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/steps/{stepId}/decision', body: { decision: 'approve' }, expect: staff(404, ['officer', 'head']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/steps/{stepId}/claim', body: {}, expect: staff(404, ['officer', 'head']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/supervisor-actions', body: { action: 'note', note: 'kiểm tra' }, expect: staff(404, ['supervisor', 'head']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/supplement', body: {}, expect: staff(404, ['reception']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/hand-over', body: {}, expect: staff(404, ['reception']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/withdraw', body: { reason: 'công dân rút' }, expect: staff(404, ['reception']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/stop', body: { reason: 'dừng' }, expect: staff(404, ['head', 'supervisor']), otherwise: 403 },
  { method: 'GET', path: '/api/inbox', expect: staff(200, ['officer', 'head']), otherwise: 403 },
  { method: 'GET', path: '/api/supervisor/dossiers', expect: staff(200, ['supervisor']), otherwise: 403 },
  { method: 'GET', path: '/api/supervisor/near-due', expect: staff(200, ['supervisor']), otherwise: 403 },
  { method: 'GET', path: '/api/supervisor/overdue', expect: staff(200, ['supervisor']), otherwise: 403 },
  { method: 'GET', path: '/api/supervisor/stuck', expect: staff(200, ['supervisor']), otherwise: 403 },
  { method: 'GET', path: '/api/reception/ready', expect: staff(200, ['reception']), otherwise: 403 },
  { method: 'GET', path: '/api/supervisor/stats', query: '?from=2025-01-01&to=2025-01-31', expect: staff(200, ['supervisor']), otherwise: 403 },
  { method: 'GET', path: '/api/dossiers/{code}/documents', expect: staff(200, ['reception', 'officer', 'head', 'supervisor', 'auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/dossiers/{code}/documents/{id}', expect: staff(404, ['reception', 'officer', 'head', 'supervisor', 'auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/dossiers/{code}/control-sheet.pdf', expect: staff(404, ['reception', 'supervisor', 'auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/register.pdf', query: '?from=2025-01-01&to=2025-01-31', expect: staff(200, ['reception', 'supervisor', 'auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/dossiers/{code}/timeline', expect: staff(404, ['auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/dossiers/{code}/control-sheet', expect: staff(404, ['auditor']), otherwise: 403 },
  { method: 'POST', path: '/api/dossiers/{code}/replay', expect: staff(404, ['auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/audit-log', expect: staff(200, ['auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/audit-log/verify', expect: staff(200, ['auditor']), otherwise: 403 },
  { method: 'GET', path: '/api/procedures', expect: staff(200, ['reception', 'officer', 'head', 'supervisor', 'auditor', 'admin']), otherwise: 403 },
  { method: 'GET', path: '/api/admin/procedures', expect: staff(200, ['admin']), otherwise: 403 },
  { method: 'GET', path: '/api/admin/departments', expect: staff(200, ['admin']), otherwise: 403 },
  { method: 'GET', path: '/api/admin/calendar', expect: staff(200, ['admin']), otherwise: 403 },
  // An empty body: the admin gets the validation error (so this table never changes the shared calendar).
  { method: 'PUT', path: '/api/admin/calendar/local', body: {}, expect: staff(400, ['admin']), otherwise: 403 },
  { method: 'GET', path: '/api/admin/calendar/revisions', expect: staff(200, ['admin']), otherwise: 403 },
  { method: 'POST', path: '/api/admin/calendar/apply-to-running', body: {}, expect: staff(400, ['admin']), otherwise: 403 },
  { method: 'GET', path: '/api/admin/workers', expect: staff(200, ['admin']), otherwise: 403 },
  // Public: a token changes nothing; an unknown dossier is the generic 404.
  { method: 'POST', path: '/api/public/lookup', body: (code: string) => ({ code, secret: '1234' }), freshCode: true, expect: {}, otherwise: 404 },
  { method: 'POST', path: '/api/public/dossiers/{code}/survey', body: { secret: '1234', score: 5 }, freshCode: true, expect: {}, otherwise: 404 },
  { method: 'POST', path: '/api/public/dossiers/{code}/documents/{id}', body: { secret: '1234' }, freshCode: true, expect: {}, otherwise: 404 },
  { method: 'POST', path: '/api/public/dossiers/{code}/supplement', body: { secret: '1234', note: 'đã bổ sung' }, freshCode: true, expect: {}, otherwise: 404 },
  { method: 'GET', path: '/openapi.json', expect: {}, otherwise: 200 },
  { method: 'GET', path: '/docs', expect: {}, otherwise: 200 },
  { method: 'GET', path: '/tra-cuu', expect: {}, otherwise: 200 },
  { method: 'GET', path: '/console', expect: {}, otherwise: 200 },
  { method: 'GET', path: '/healthz', expect: {}, otherwise: 200 },
];
/** Callbacks authenticated by their own signature (tested with their sandboxes elsewhere). */
const SIGNED_CALLBACKS = ['/api/payments/vnpay/ipn', '/api/payments/vnpay/return', '/api/postal/webhook'];

let codeCounter = 1000;
const concrete = (p: string, code = UNKNOWN) => p.replace('{code}', code).replace('{stepId}', 'chung-thuc').replace('{id}', '1');

describe('route × role', () => {
  it('covers every documented operation', () => {
    const documented = OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).filter((k) => !SIGNED_CALLBACKS.some((c) => k.endsWith(` ${c}`)));
    expect(TABLE.map((r) => `${r.method} ${r.path}`).sort()).toEqual(documented.sort());
  });

  for (const row of TABLE) {
    it(`${row.method} ${row.path}`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const who of ROLES) {
        const code = row.freshCode ? `TEST.H26-990101-${codeCounter++}` : UNKNOWN;
        const res = await call(stack, row.method, concrete(row.path, code) + (row.query ?? ''), {
          token: who === 'anonymous' ? undefined : tokens[who],
          body: typeof row.body === 'function' ? row.body(code) : row.body,
          headers: freshIp(),
        });
        got[who] = res.status;
        want[who] = row.expect[who] ?? row.otherwise;
        if (res.status >= 400) {
          expect(res.headers.get('content-type'), `${who}`).toContain('application/problem+json');
          expect(res.body.type).toMatch(/^\/problems\/[a-z-]+$/);
          expect(typeof res.body.title).toBe('string');
          expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.ts:\d+/); // never a stack trace
        }
      }
      expect(got).toEqual(want);
    });
  }
});

describe('validation errors', () => {
  it('lists every bad field as problem details (body, query, params)', async () => {
    const survey = await call(stack, 'POST', `/api/public/dossiers/${UNKNOWN}/survey`, {
      body: { secret: '12', score: 9 },
      headers: freshIp(),
    });
    expect(survey.status).toBe(400);
    expect(survey.body).toMatchObject({ type: '/problems/validation-error', title: 'Dữ liệu không hợp lệ', status: 400 });
    expect(survey.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.score', 'body.secret']);

    const list = await call(stack, 'GET', '/api/supervisor/dossiers?status=NOPE&limit=0&channel=fax&dueBefore=tomorrow', { token: tokens.supervisor });
    expect(list.status).toBe(400);
    expect(list.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.channel', 'query.dueBefore', 'query.limit', 'query.status.0']);

    const cursor = await call(stack, 'GET', '/api/supervisor/dossiers?cursor=not-a-cursor', { token: tokens.supervisor });
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].path).toBe('query.cursor');

    const stats = await call(stack, 'GET', '/api/supervisor/stats?from=2025-02-01&to=2025-01-01', { token: tokens.supervisor });
    expect(stats.status).toBe(400);
    expect(stats.body.errors[0].path).toBe('query.to');

    const badCode = await call(stack, 'GET', '/api/dossiers/nope/timeline', { token: tokens.auditor });
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors[0].path).toBe('params.code');

    const malformed = await call(stack, 'POST', '/api/public/lookup', { body: '{"code":', headers: freshIp() });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('/problems/malformed-json');
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route, bearer auth, problem+json errors and resolvable references', async () => {
    const res = await call(stack, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const op of OPERATIONS) {
      const o = doc.paths[op.path]?.[op.method];
      expect(o, `${op.method} ${op.path}`).toBeDefined();
      expect(o['x-roles']).toEqual(op.roles === 'public' ? ['public'] : op.roles);
      if (op.roles !== 'public') {
        expect(o.security).toEqual([{ bearerAuth: [] }]);
        expect(o.responses['403'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
    // The existing routes' bodies are components, referenced by the operations that validate with them.
    for (const name of ['ReceiveDossierBody', 'StepDecisionBody', 'SupervisorActionBody', 'ReasonBody', 'NoteBody', 'Problem']) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    expect(doc.paths['/api/dossiers'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReceiveDossierBody' });
    // Every $ref anywhere resolves.
    const refs = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === '$ref' && typeof x === 'string') refs.add(x); else walk(x);
      }
    };
    walk(doc);
    expect(refs.size).toBeGreaterThan(5);
    for (const ref of refs) {
      const target = ref.replace(/^#\//, '').split('/').reduce<any>((o, k) => o?.[k], doc);
      expect(target, ref).toBeDefined();
    }
    // Path parameters are declared.
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        for (const op of Object.values<any>(item)) {
          expect(op.parameters?.some((p: any) => p.in === 'path' && p.name === name), `${path} {${name}}`).toBe(true);
        }
      }
    }
  });

  it('serves a self-contained docs page', async () => {
    const res = await fetch(`${stack.apiUrl}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/api/public/lookup');
    expect(html).toContain('id="schema-ReceiveDossierBody"');
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
  });
});
