/**
 * Starts the Temporal dev server ourselves (the SDK's built-in start gives up after 5 s, too short on a loaded
 * 2-core machine) and waits for it with a generous deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeCliArgs } from '../workflows/shared/search-attributes';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** null → headless (no Web UI). */
  uiPort: number | null;
  namespace: string;
  /** SQLite file; undefined → in-memory. */
  dbFile?: string;
  ip?: string;
  startupTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const log = opts.log ?? (() => {});
  const ip = opts.ip ?? '127.0.0.1';
  const args = [
    'server',
    'start-dev',
    '--ip', ip,
    '--port', String(opts.port),
    '--namespace', opts.namespace,
    '--log-level', 'warn',
    '--log-format', 'json',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--dynamic-config-value', 'system.forceSearchAttributesCacheRefreshOnRead=true',
    ...searchAttributeCliArgs(),
  ];
  if (opts.dbFile) {
    mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));

  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let lastOutput = '';
  const remember = (chunk: Buffer) => {
    lastOutput = (lastOutput + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const address = `${ip}:${opts.port}`;
  const deadline = Date.now() + (opts.startupTimeoutMs ?? 90_000);
  let lastError: unknown;
  for (;;) {
    if (exited) {
      throw new Error(
        `Temporal dev server thoát sớm (exited early, code ${(exited as { code: number | null }).code}):\n${lastOutput}`,
      );
    }
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await conn.workflowService.describeNamespace({ namespace: opts.namespace });
        break;
      } finally {
        await conn.close();
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Temporal dev server không sẵn sàng tại ${address} (not ready in time): ${String(lastError)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`Temporal dev server sẵn sàng tại ${address}`);

  return {
    address,
    uiUrl: opts.uiPort === null ? null : `http://${ip}:${opts.uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
