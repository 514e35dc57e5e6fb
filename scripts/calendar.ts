/**
 * Calendar CLI: `npm run -s calendar -- <command> ...`
 *   is-working-day 2025-01-27              → false
 *   add-working-days 2025-01-24 5          → 2025-02-07
 *   working-days-between 2025-01-24 2025-02-07 → 5
 *   year 2025                               → {"nonWorkingWeekdays":[...],"workingWeekendDays":[...]}
 *   lunar 2025-01-29                        → {"day":1,"month":1,"year":2025,"leap":false}
 *   solar 2025 1 1 [--leap]                 → 2025-01-29
 *   due --received <ISO> --working-days N | --working-hours H | --calendar-days N | --same-day [--pause FROM/TO]... [--explain] [--overlay file.json]
 *   explain-day 2025-01-27                  → why the day is (not) a working day
 * Bad input: one bilingual line on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs';
import { buildCalendar, defaultCalendar, dueDate, fromLunar, toLunar, type Calendar, type DurationUnit } from '../holidays/index';

class UsageError extends Error {}

const USAGE = 'Cách dùng / usage: calendar is-working-day|add-working-days|working-days-between|year|lunar|solar|due|explain-day ...';

function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`Thiếu giá trị cho ${name} / missing value for ${name}`);
  args.splice(i, 2);
  return v;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

function int(s: string | undefined, what: string): number {
  if (s === undefined || !/^-?\d+$/.test(s)) throw new UsageError(`${what} phải là số nguyên: "${s ?? ''}" / ${what} must be an integer`);
  return Number(s);
}

function num(s: string | undefined, what: string): number {
  if (s === undefined || !/^\d+(\.\d+)?$/.test(s)) throw new UsageError(`${what} phải là số không âm: "${s ?? ''}" / ${what} must be a non-negative number`);
  return Number(s);
}

function calendarFrom(args: string[]): Calendar {
  const file = takeOption(args, '--overlay');
  if (!file) return defaultCalendar;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`Không đọc được tệp lịch địa phương ${file} / cannot read overlay file ${file}`);
  }
  return buildCalendar(json as Parameters<typeof buildCalendar>[0]);
}

function run(argv: string[]): string {
  const args = [...argv];
  const cmd = args.shift();
  const cal = calendarFrom(args);
  switch (cmd) {
    case 'is-working-day':
      return String(cal.isWorkingDay(need(args[0], 'date')));
    case 'add-working-days':
      return cal.addWorkingDays(need(args[0], 'date'), int(args[1], 'n'));
    case 'working-days-between':
      return String(cal.workingDaysBetween(need(args[0], 'date'), need(args[1], 'date')));
    case 'year': {
      const y = cal.year(int(args[0], 'year'));
      return JSON.stringify({ nonWorkingWeekdays: y.nonWorkingWeekdays, workingWeekendDays: y.workingWeekendDays });
    }
    case 'lunar':
      return JSON.stringify(toLunar(need(args[0], 'date')));
    case 'solar': {
      const leap = takeFlag(args, '--leap');
      return fromLunar(int(args[0], 'year'), int(args[1], 'month'), int(args[2], 'day'), leap);
    }
    case 'explain-day': {
      const info = cal.dayInfo(need(args[0], 'date'));
      const r = info.reason;
      return `${info.date}: ${info.working ? 'ngày làm việc' : 'ngày nghỉ'}${r ? ` — ${r.occasion} (${r.kind}${r.provisional ? ', dự kiến' : ''}) — ${r.source}` : ''}`;
    }
    case 'due': {
      const explain = takeFlag(args, '--explain');
      const received = takeOption(args, '--received');
      if (!received) throw new UsageError('Thiếu --received / missing --received');
      const pauses: Array<{ from: string; to: string }> = [];
      for (let p = takeOption(args, '--pause'); p !== undefined; p = takeOption(args, '--pause')) {
        const [from, to] = p.split('/');
        if (!from || !to) throw new UsageError(`--pause cần dạng FROM/TO: "${p}" / --pause expects FROM/TO`);
        pauses.push({ from, to });
      }
      let duration: { unit: DurationUnit; amount: number } | undefined;
      const wd = takeOption(args, '--working-days');
      const wh = takeOption(args, '--working-hours');
      const cd = takeOption(args, '--calendar-days');
      const sd = takeFlag(args, '--same-day');
      const given = [wd, wh, cd].filter((x) => x !== undefined).length + (sd ? 1 : 0);
      if (given !== 1) throw new UsageError('Cần đúng một thời hạn: --working-days | --working-hours | --calendar-days | --same-day / exactly one duration option required');
      if (wd !== undefined) duration = { unit: 'working-days', amount: int(wd, '--working-days') };
      else if (wh !== undefined) duration = { unit: 'working-hours', amount: num(wh, '--working-hours') };
      else if (cd !== undefined) duration = { unit: 'calendar-days', amount: int(cd, '--calendar-days') };
      else duration = { unit: 'same-day', amount: 1 };
      if (args.length > 0) throw new UsageError(`Tham số thừa: ${args.join(' ')} / unexpected arguments`);
      const r = dueDate({ receivedAt: received, duration, pauses }, cal);
      if (!explain) return r.dueAt;
      const lines = [r.dueAt, ...r.explanation.map((l) => `- ${l.text}${l.source ? ` [${l.source}]` : ''}`), `(phiên bản lịch / calendar version: ${r.calendarVersion})`];
      return lines.join('\n');
    }
    default:
      throw new UsageError(cmd ? `Lệnh không hợp lệ: ${cmd} / unknown command. ${USAGE}` : USAGE);
  }
}

function need(v: string | undefined, what: string): string {
  if (v === undefined) throw new UsageError(`Thiếu tham số ${what} / missing ${what}`);
  return v;
}

try {
  process.stdout.write(run(process.argv.slice(2)) + '\n');
} catch (e) {
  const msg = e instanceof Error ? e.message : String(e);
  const known = e instanceof UsageError || (e instanceof Error && e.name === 'CalendarInputError');
  process.stderr.write(`Lỗi / error: ${known ? msg : `lỗi nội bộ / internal error: ${msg}`}`.split('\n')[0] + '\n');
  process.exitCode = 2;
}
