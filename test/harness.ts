/**
 * An in-process stack for HTTP tests: a worker (shared workflow bundle, own task queue) and the API on a free port,
 * against the dev server and PostgreSQL started by the global setup.
 */
import { staticDirectory } from '../api/directory';
import { seedUsers } from '../scripts/seed';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { databaseProbe, temporalProbe, workerProbe } from '../api/health';
import pino from 'pino';
import { createLogger } from '../api/logging';
import { apiClient, apiGrpcInterceptors } from '../scripts/temporal-connection';
import { connectDatabase, type Database } from '../db/client';
import { DEV_JWT_SECRET } from '../scripts/config';
import { createDossierWorker } from '../scripts/worker';
import { createExternalServices, type ExternalServices } from '../scripts/services';
import { activityDeps, TEST_CENTRE } from '../scripts/activity-deps';
import { loadConfig } from '../scripts/config';
import type { Role } from '../workflows/shared/dossier';

let runtimeInstalled = false;

export interface TestStack {
  apiUrl: string;
  database: Database;
  client: Client;
  taskQueue: string;
  services: ExternalServices;
  /** Waits for audit entries being written and sends the chain's head to the anchor workflow. */
  flushAudit(): Promise<void>;
  /** Parsed JSON log lines (info and above) written by the API, the worker's activities and the notifier. */
  logLines: Array<Record<string, unknown>>;
  token(user: { id: string; roles: Role[]; departments?: string[]; name?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const database = connectDatabase(inject('databaseUrl'));
  const taskQueue = `test-${randomUUID()}`;
  const config = loadConfig({});
  let apiUrl = '';
  const services = createExternalServices(config, () => apiUrl);
  // Warnings go to the console; everything from info up is kept in memory for tests that read the logs.
  const logLines: Array<Record<string, unknown>> = [];
  const memory = { write: (line: string) => void logLines.push(JSON.parse(line)) };
  const log = createLogger('info', pino.multistream([{ level: 'warn', stream: process.stdout }, { level: 'info', stream: memory }]));
  const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker = await createDossierWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    log,
    deps: activityDeps({ database, log, payments: services.payments, postal: services.postal, centre: TEST_CENTRE }),
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: inject('temporalAddress'), interceptors: apiGrpcInterceptors() });
  const client = apiClient(connection, 'default');
  const app = createApp({
    database,
    client,
    log,
    taskQueue,
    agencyCode: 'TEST.H26',
    jwtSecret: DEV_JWT_SECRET,
    probes: [databaseProbe(database), temporalProbe(client), workerProbe(() => worker.getState())],
    payment: { hashSecret: config.payment.hashSecret, tmnCode: config.payment.tmnCode },
    postalWebhookSecret: config.postal.webhookSecret,
    mounts: services.mounts,
    // The dev server is shared by every test file: each stack anchors its audit head in a workflow of its own.
    auditAnchor: { workflowId: `audit-anchor-${taskQueue}` },
    directory: staticDirectory(seedUsers),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  apiUrl = `http://127.0.0.1:${port}`;
  return {
    apiUrl,
    services,
    logLines,
    flushAudit: () => app.flushAudit(),
    database,
    client,
    taskQueue,
    token: (u) => issueToken(DEV_JWT_SECRET, { id: u.id, name: u.name, roles: u.roles, departments: u.departments ?? [] }),
    async stop() {
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
      await app.flushAudit();
      app.stopAuditAnchor();
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await database.close();
    },
  };
}

/** fetch + JSON with a bearer token. */
export async function call(
  stack: TestStack,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, body: json };
}
