/** Liveness of each part: database, Temporal, worker. 503 while any is down. */
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { pingDatabase } from '../db/client';

export interface HealthProbe {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

export function databaseProbe(database: Database): HealthProbe {
  return { name: 'database', check: async () => ({ ok: await pingDatabase(database) }) };
}

export function temporalProbe(client: Client): HealthProbe {
  return {
    name: 'temporal',
    check: async () => {
      try {
        await client.connection.workflowService.getSystemInfo({}, );
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      }
    },
  };
}

/** The worker reports RUNNING while it polls; anything else (or no worker in this process) is named. */
export function workerProbe(state: () => string | undefined): HealthProbe {
  return {
    name: 'worker',
    check: async () => {
      const s = state();
      return s === 'RUNNING' ? { ok: true } : { ok: false, detail: s ?? 'not started' };
    },
  };
}

export async function runProbes(probes: HealthProbe[], timeoutMs = 3000) {
  const results = await Promise.all(
    probes.map(async (p) => {
      const timeout = new Promise<{ ok: boolean; detail?: string }>((r) =>
        setTimeout(() => r({ ok: false, detail: 'timeout' }), timeoutMs).unref(),
      );
      const result = await Promise.race([p.check().catch((e) => ({ ok: false, detail: String(e) })), timeout]);
      return [p.name, result] as const;
    }),
  );
  const parts = Object.fromEntries(results);
  return { ok: results.every(([, r]) => r.ok), parts };
}
