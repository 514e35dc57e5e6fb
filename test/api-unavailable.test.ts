/**
 * When PostgreSQL or Temporal is down, the API answers 503 problem+json (never a 500 or a hang) and /healthz names
 * the part that is down.
 */
import { Connection, type Client } from '@temporalio/client';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { databaseProbe, temporalProbe } from '../api/health';
import { createLogger } from '../api/logging';
import { connectDatabase, type Database } from '../db/client';
import { DEV_JWT_SECRET } from '../scripts/config';
import { apiClient, apiGrpcInterceptors } from '../scripts/temporal-connection';
import { applicant } from './api-fixtures';
import { freePort } from './ports';

interface Api {
  url: string;
  close(): Promise<void>;
}

async function apiWith(database: Database, client: Client): Promise<Api> {
  const app = createApp({
    database,
    client,
    log: createLogger('silent'),
    taskQueue: 'unavailable-test',
    agencyCode: 'TEST.H26',
    jwtSecret: DEV_JWT_SECRET,
    probes: [databaseProbe(database), temporalProbe(client)],
    payment: { hashSecret: 'x'.repeat(32), tmnCode: 'TEST' },
    postalWebhookSecret: 'y'.repeat(32),
    auditAnchor: { workflowId: 'audit-anchor-unavailable-test' },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
      app.stopAuditAnchor();
    },
  };
}

let reception: string;
let supervisor: string;
let officer: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  reception = await issueToken(DEV_JWT_SECRET, { id: 'tn01', roles: ['reception'], departments: ['MOT-CUA'] });
  supervisor = await issueToken(DEV_JWT_SECRET, { id: 'gs01', roles: ['supervisor'], departments: [] });
  officer = await issueToken(DEV_JWT_SECRET, { id: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function send(api: Api, method: string, path: string, token: string, body?: unknown) {
  const started = Date.now();
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
}

function expectUnavailable(r: { status: number; type: string; body: any }) {
  expect(r.status).toBe(503);
  expect(r.type).toContain('application/problem+json');
  expect(r.body).toMatchObject({ type: '/problems/service-unavailable', title: 'Dịch vụ tạm thời không sẵn sàng' });
  expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
}

describe('dependencies down', () => {
  it('answers 503 while the database is down', async () => {
    const deadDb = connectDatabase(`postgres://postgres:postgres@127.0.0.1:${await freePort()}/motcua`, { max: 1 });
    cleanups.push(() => deadDb.close());
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    cleanups.push(() => connection.close());
    const api = await apiWith(deadDb, apiClient(connection, 'default'));
    cleanups.push(() => api.close());

    expectUnavailable(await send(api, 'POST', '/api/dossiers', reception, { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant }));
    expectUnavailable(await send(api, 'GET', '/api/supervisor/overdue', supervisor));
    expectUnavailable(await send(api, 'GET', '/api/inbox', officer));
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', parts: { database: { ok: false }, temporal: { ok: true } } });
  });

  it('answers 503 while Temporal is down', async () => {
    const db = connectDatabase(inject('databaseUrl'));
    cleanups.push(() => db.close());
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: apiGrpcInterceptors() });
    const api = await apiWith(db, apiClient(connection, 'default'));
    cleanups.push(() => api.close());

    const received = await send(api, 'POST', '/api/dossiers', reception, { procedureCode: '2.000815', feeFacts: { pages: 1 }, channel: 'counter', applicant });
    expectUnavailable(received);
    expect(received.ms).toBeLessThan(10_000);
    expectUnavailable(
      await send(api, 'POST', '/api/dossiers/TEST.H26-261122-0001/steps/chung-thuc/decision', officer, { decision: 'approve' }),
    );
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', parts: { database: { ok: true }, temporal: { ok: false } } });
  });
});
