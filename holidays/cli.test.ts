import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/calendar.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('calendar CLI', () => {
  it('prints plain results', () => {
    expect(cli('is-working-day', '2025-01-27').stdout).toBe('false\n');
    expect(cli('add-working-days', '2025-01-24', '5').stdout).toBe('2025-02-07\n');
    expect(JSON.parse(cli('year', '2025').stdout)).toEqual({
      nonWorkingWeekdays: ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02'],
      workingWeekendDays: ['2025-04-26'],
    });
    expect(JSON.parse(cli('lunar', '2025-01-29').stdout)).toEqual({ day: 1, month: 1, year: 2025, leap: false });
    expect(cli('due', '--received', '2025-01-24T16:30:00+07:00', '--working-days', '5').stdout).toBe('2025-02-07T17:00:00+07:00\n');
    const ex = cli('due', '--received', '2025-01-24T16:30:00+07:00', '--working-days', '5', '--explain').stdout;
    expect(ex).toContain('Tết Nguyên đán');
    expect(ex).toContain('Bộ luật Dân sự 2015');
  }, 30_000);
  it('bad input: one bilingual line, exit code 2, no stack trace', () => {
    for (const args of [['is-working-day', '2025-02-30'], ['add-working-days', '2025-01-24', 'x'], ['due', '--received', '2025-01-24', '--working-days', '5'], ['nope'], ['lunar', '1800-01-01']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/\/ /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 30_000);
});
