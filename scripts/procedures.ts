/**
 * Procedure catalogue tool for admins:
 *   npm run -s procedures -- index                       regenerate catalog/index.ts from the files in catalog/
 *   npm run -s procedures -- import <file.json|file.csv> [--process <process.json>] [--effective-from YYYY-MM-DD]
 *   npm run -s procedures -- check                       re-validate drafts; complete ones move into the catalogue
 *   npm run -s procedures -- list                        every version, with the one in force today
 * Exit code 1 when something needs completing (the report names the file and field), 2 on bad usage.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { procedures } from '../workflows/procedures/registry';
import { vietnamDate } from '../workflows/shared/format';
import { writeCatalogIndex } from './procedure-catalog';
import { ImportError, importProcedures, parseCsvExport, parseJsonExport, promoteDrafts, type ImportOutcome, type ProcessFile } from './procedure-import';

function report(out: ImportOutcome[]): number {
  for (const o of out) {
    process.stdout.write(`${o.status === 'catalog' ? 'OK     ' : 'CẦN SỬA'} ${o.ref}  ${o.file}\n`);
    for (const p of o.problems) process.stdout.write(`          - ${p}\n`);
  }
  return out.some((o) => o.status === 'draft') ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { process: { type: 'string' }, 'effective-from': { type: 'string' } } });
  const [command, file] = positionals;
  switch (command) {
    case 'index':
      process.stdout.write(writeCatalogIndex() ? 'Đã cập nhật catalog/index.ts\n' : 'catalog/index.ts đã đúng\n');
      return 0;
    case 'import': {
      if (!file) throw new ImportError('thiếu tệp: npm run -s procedures -- import <tệp.json|tệp.csv>');
      const text = readFileSync(file, 'utf8');
      const list = file.endsWith('.csv') ? parseCsvExport(text) : parseJsonExport(text);
      const processFile = values.process ? (JSON.parse(readFileSync(values.process, 'utf8')) as ProcessFile) : undefined;
      const effectiveFrom = values['effective-from'] ?? vietnamDate(Date.now());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) throw new ImportError('--effective-from: dạng YYYY-MM-DD');
      return report(importProcedures(list, { effectiveFrom, source: file, process: processFile }));
    }
    case 'check':
      return report(await promoteDrafts());
    case 'list': {
      const today = vietnamDate(Date.now());
      for (const p of procedures.all()) {
        const inForce = procedures.current(p.code, today)?.version === p.version;
        process.stdout.write(`${`${p.code}@${p.version}`.padEnd(14)} ${p.effectiveFrom} ${inForce ? '(đang áp dụng)' : '              '} ${p.name}\n`);
      }
      return 0;
    }
    default:
      throw new ImportError('lệnh: index | import <tệp> | check | list');
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const known = err instanceof ImportError || err instanceof SyntaxError;
    process.stderr.write(`Lỗi: ${(err as Error).message}\n`);
    process.exit(known ? 2 : 1);
  },
);
