/**
 * `npm run -s simulate`: one dossier of the real workflow code on the time-skipping server, real activities, a
 * throwaway PostgreSQL; the admin reads one JSON document.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { quietMonday, vnDay, vnInstant } from './workflow-env';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run('npx', ['tsx', 'scripts/simulate.ts', ...args], { env: { ...process.env, TEMPORAL_TEST_SERVER_PATH: inject('testServerPath') }, timeout: 240_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('simulate', () => {
  it('prints the timeline of a liaison dossier: appointment, status, events and documents', { timeout: 300_000 }, async () => {
    // A quiet Monday a few weeks ahead (the test server's clock only moves forward from now).
    const mon = quietMonday(Date.now() + 14 * 86_400_000);
    const r = await cli([
      '--procedure', '2.000986',
      '--received', mon,
      '--act', `${vnInstant(vnDay(mon), '10:00')} ht01 decide {"decision":"approve"}`,
      '--act', `${vnInstant(vnDay(mon, 1), '09:00')} ca01 decide {"decision":"approve"}`,
      '--act', `${vnInstant(vnDay(mon, 1), '09:30')} bhxh01 decide {"decision":"approve"}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ procedure: '2.000986@1', status: 'RETURNED' });
    // Received Monday 08:00, 3 working days → Thursday 17:00.
    expect(out.appointment.slice(0, 16)).toBe(vnInstant(vnDay(mon, 3), '17:00').slice(0, 16));
    expect(out.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['RECEIVED', 'STEP_STARTED', 'STEP_APPROVED', 'RESULT_READY', 'RETURNED', 'SURVEY_INVITED']),
    );
    expect(out.events.filter((e: { type: string }) => e.type === 'STEP_APPROVED')).toHaveLength(3);
    expect(out.documents.map((d: { kind: string }) => d.kind)).toEqual(['receipt']);
    for (const e of out.events) expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('refuses bad input with one line and exit code 2', async () => {
    const r = await cli(['--procedure', '2.000986', '--received', 'thứ hai']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--received');
    const unknown = await cli(['--procedure', '9.999999', '--received', '2099-01-05T08:00:00+07:00']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('không có thủ tục 9.999999');
  });
});
