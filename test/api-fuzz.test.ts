/**
 * Bad input never gets a 500 or a stack trace: every operation of the OpenAPI document, called by a role allowed to
 * use it, with malformed path parameters, query strings and bodies, answers a 4xx problem+json (or, for the
 * payment gateway callbacks, the gateway's own error codes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../api/openapi';
import { freshIp, receiveCertifiedCopy, roleTokens, type RoleTokens } from './api-fixtures';
import { startTestStack, type TestStack } from './harness';

let stack: TestStack;
let tokens: RoleTokens;
let realCode: string;

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await roleTokens(stack);
  realCode = await receiveCertifiedCopy(stack, tokens.reception, tokens.reception);
});
afterAll(async () => stack?.stop());

const BAD_SEGMENTS = ['%00', '..%2F..%2Fetc', 'A'.repeat(600), '%F0%9F%92%A9', '-1', '1e309', "'; drop table dossiers; --"];
const BAD_QUERIES = [
  '?limit=-1&cursor=%25%25%25&from=abc&to=2024-13-45',
  '?status=KHONG_CO&overdue=maybe&dueBefore=yesterday&receivedFrom=2024-02-30',
  '?limit=99999999999999999999&from=2025-01-31&to=2025-01-01',
  '?from[]=1&to[a]=2&procedure=&department=',
];
const BAD_BODIES: Array<string | undefined> = [
  'null',
  '[]',
  '"chuỗi"',
  '12345',
  '{"a":',
  '{}',
  JSON.stringify({ code: 1, secret: {}, decision: 'xoá', overlay: [1, 2], reason: null, applicant: 'x', channel: 42, score: 'năm', note: ['a'] }),
  JSON.stringify({ overlay: { id: '', name: 'x', extraDaysOff: [{ date: '2025-02-29', reason: '' }] }, reason: 'x'.repeat(10_000) }),
  JSON.stringify(JSON.parse('['.repeat(500) + ']'.repeat(500))),
];

function tokenFor(roles: string[] | 'public'): string | undefined {
  if (roles === 'public') return undefined;
  return tokens[roles[0] as keyof RoleTokens];
}

function fill(path: string, segment: string | null): string {
  return path
    .replace('{code}', segment ?? encodeURIComponent(realCode))
    .replace('{stepId}', segment ?? 'chung-thuc')
    .replace('{id}', segment ?? '999999');
}

async function send(method: string, url: string, token: string | undefined, body?: string) {
  const res = await fetch(`${stack.apiUrl}${url}`, {
    method: method.toUpperCase(),
    headers: {
      ...freshIp(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

const GATEWAY_CALLBACKS = new Set(['/api/payments/vnpay/ipn', '/api/payments/vnpay/return']);
const PAGES = new Set(['/openapi.json', '/docs', '/tra-cuu', '/healthz']);

describe('malformed input', () => {
  const ops = OPERATIONS.filter((op) => !PAGES.has(op.path));

  it.each(ops.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', async (_name, op) => {
    const token = tokenFor(op.roles as string[] | 'public');
    const requests: Array<{ url: string; body?: string }> = [];
    if (op.path.includes('{')) for (const seg of BAD_SEGMENTS) requests.push({ url: fill(op.path, seg) });
    for (const q of BAD_QUERIES) requests.push({ url: fill(op.path, null) + q });
    if (op.method !== 'get') for (const body of BAD_BODIES) requests.push({ url: fill(op.path, null), body });

    for (const r of requests) {
      const res = await send(op.method, r.url, token, r.body);
      const where = `${op.method.toUpperCase()} ${r.url.slice(0, 120)} ${r.body?.slice(0, 80) ?? ''} → ${res.status} ${res.text.slice(0, 200)}`;
      expect(res.status, where).toBeLessThan(500);
      expect(res.text, where).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      if (res.status >= 400 && !GATEWAY_CALLBACKS.has(op.path)) {
        expect(res.type, where).toContain('application/problem+json');
        const problem = JSON.parse(res.text);
        expect(problem, where).toMatchObject({ type: expect.stringMatching(/^\/problems\/[a-z-]+$/), title: expect.any(String), status: res.status });
        if (problem.type === '/problems/validation-error') {
          expect(problem.errors.length, where).toBeGreaterThan(0);
          for (const e of problem.errors) expect(e, where).toMatchObject({ path: expect.any(String), message: expect.any(String) });
        }
      }
    }
  });
});
