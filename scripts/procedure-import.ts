/**
 * Imports procedures from an export of the national procedure database (JSON as the portal's procedure services
 * answer it — MATTHC, TENTTHC, LINHVUCTHUCHIEN, CAPTHUCHIEN, COQUANTHUCHIEN, THOIGIAN, THANHPHANHOSO, CANCUPHAPLY —
 * or a flat CSV with the same facts) into procedure files.
 *
 * What an export decides (code, name, sector, level, agency, duration, fees, papers, legal basis) is written as is.
 * What it cannot (the internal process: stages, steps, shares) comes from the previous version of the procedure, or
 * from a process file (`--process`); without either the file goes to `drafts/` and validation names the field to
 * complete. Only valid files enter `catalog/`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { departmentCatalogue, listDepartmentCatalogue } from '../workflows/procedures/departments';
import { ProcedureRegistry, procedures } from '../workflows/procedures/registry';
import { procedureSchema, type ProcedureInput } from '../workflows/procedures/schema';
import { CATALOG_DIR, writeCatalogIndex } from './procedure-catalog';

export const DRAFTS_DIR = path.join(CATALOG_DIR, '..', 'drafts');

/** One procedure as the export states it. */
export interface ExportedProcedure {
  code: string;
  name: string;
  sector: string;
  level: 'province' | 'commune';
  agencyName: string;
  duration: { amount: number; unit: 'working-days' | 'calendar-days' | 'working-hours' | 'same-day' };
  fees: Array<{ code: string; name: string; amountVnd: number }>;
  papers: Array<{ code: string; name: string; copies: number }>;
  legalBasis: Array<{ document: string; article?: string }>;
  onlineLevel: 'toan-trinh' | 'mot-phan';
  channels: Array<'counter' | 'online' | 'postal'>;
}

export class ImportError extends Error {}

const UNIT: Record<string, ExportedProcedure['duration']['unit']> = {
  'ngày làm việc': 'working-days',
  'ngay lam viec': 'working-days',
  ngày: 'calendar-days',
  'giờ làm việc': 'working-hours',
  'trong ngày': 'same-day',
};
const LEVEL: Record<string, 'province' | 'commune'> = { 'cấp tỉnh': 'province', tỉnh: 'province', 'cấp xã': 'commune', xã: 'commune' };
const KENH: Record<string, 'counter' | 'online' | 'postal'> = { '1': 'counter', '2': 'online', '3': 'postal' };

function unitOf(text: string, where: string): ExportedProcedure['duration']['unit'] {
  const u = UNIT[text.trim().toLowerCase()];
  if (!u) throw new ImportError(`${where}: đơn vị thời gian "${text}" không nhận biết (ngày làm việc, ngày, giờ làm việc, trong ngày)`);
  return u;
}

/** JSON in the portal's procedure-detail shape (an array, or `{ data: [...] }`). */
export function parseJsonExport(text: string): ExportedProcedure[] {
  const raw = JSON.parse(text);
  const list: any[] = Array.isArray(raw) ? raw : raw.data ?? raw.result ?? [];
  return list.map((p, i) => {
    const where = `[${i}] ${p.MATTHC ?? '?'}`;
    const time = (p.THOIGIAN ?? [])[0] ?? {};
    const amount = Number(time.THOIGIANGIAIQUYET);
    const unit = unitOf(String(time.DONVITINH ?? ''), `${where} THOIGIAN.DONVITINH`);
    if (!(amount > 0) && unit !== 'same-day') throw new ImportError(`${where} THOIGIAN.THOIGIANGIAIQUYET: cần số dương`);
    const level = LEVEL[String(p.CAPTHUCHIEN ?? '').trim().toLowerCase()];
    if (!level) throw new ImportError(`${where} CAPTHUCHIEN: "${p.CAPTHUCHIEN}" không phải cấp tỉnh / cấp xã`);
    return {
      code: String(p.MATTHC ?? ''),
      name: String(p.TENTTHC ?? ''),
      sector: String((p.LINHVUCTHUCHIEN ?? [])[0]?.TENLINHVUC ?? ''),
      level,
      agencyName: String((p.COQUANTHUCHIEN ?? [])[0]?.TENDONVI ?? ''),
      duration: { amount: amount > 0 ? amount : 1, unit },
      fees: (time.PHILEPHI ?? []).map((f: any, j: number) => ({ code: String(f.MAPHILEPHI ?? `PHI-${j + 1}`), name: String(f.MOTA ?? f.TENPHILEPHI ?? 'Phí, lệ phí'), amountVnd: Number(f.SOTIEN ?? 0) })),
      papers: (p.THANHPHANHOSO ?? []).flatMap((t: any) => t.GIAYTO ?? []).map((g: any) => ({ code: String(g.MAGIAYTO), name: String(g.TENGIAYTO), copies: Number(g.SOBANCHINH ?? 1) || 1 })),
      legalBasis: (p.CANCUPHAPLY ?? []).map((c: any) => ({ document: `${c.TENVANBAN ?? ''} ${c.SOVANBAN ?? ''}`.trim() })),
      onlineLevel: String(p.MUCDO ?? '') === 'toan-trinh' || String(p.MUCDO) === '4' ? 'toan-trinh' : 'mot-phan',
      channels: [...new Set<string>((p.CACHTHUCTHUCHIEN ?? []).map((c: any) => KENH[String(c.KENH)]).filter(Boolean))] as ExportedProcedure['channels'],
    };
  });
}

/** A flat CSV: code,name,sector,level,agency,duration,unit,online,channels,fees,papers,legalBasis (lists with |, parts with :). */
export function parseCsvExport(text: string): ExportedProcedure[] {
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new ImportError(`CSV: thiếu cột "${name}"`);
    return i;
  };
  const c = Object.fromEntries(['code', 'name', 'sector', 'level', 'agency', 'duration', 'unit', 'online', 'channels', 'fees', 'papers', 'legalBasis'].map((n) => [n, col(n)]));
  const list = (v: string) => (v ? v.split('|').map((x) => x.split(':').map((y) => y.trim())) : []);
  return body.map((r, i) => {
    const where = `dòng ${i + 2}`;
    const level = LEVEL[r[c.level].trim().toLowerCase()];
    if (!level) throw new ImportError(`${where} level: "${r[c.level]}" không phải cấp tỉnh / cấp xã`);
    return {
      code: r[c.code],
      name: r[c.name],
      sector: r[c.sector],
      level,
      agencyName: r[c.agency],
      duration: { amount: Number(r[c.duration]) || 1, unit: unitOf(r[c.unit], `${where} unit`) },
      fees: list(r[c.fees]).map(([code, name, amount]) => ({ code, name, amountVnd: Number(amount) })),
      papers: list(r[c.papers]).map(([code, name, copies]) => ({ code, name, copies: Number(copies ?? 1) || 1 })),
      legalBasis: list(r[c.legalBasis]).map(([document, article]) => ({ document, ...(article ? { article } : {}) })),
      onlineLevel: r[c.online] === 'toan-trinh' ? 'toan-trinh' : 'mot-phan',
      channels: r[c.channels].split('|').filter(Boolean) as ExportedProcedure['channels'],
    };
  });
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), (cell = '');
      if (row.some((x) => x !== '')) rows.push(row);
      row = [];
    } else cell += ch;
  }
  row.push(cell);
  if (row.some((x) => x !== '')) rows.push(row);
  return rows;
}

/** The centre's internal process for a code, which no export carries. */
export type ProcessFile = Record<string, Pick<ProcedureInput, 'stages'> & Partial<Pick<ProcedureInput, 'receptionUnit' | 'leadAgency' | 'supplement' | 'cases'>>>;

/** Builds the next version's definition: the export's facts, the process from `process` or the previous version. */
export function toDefinition(e: ExportedProcedure, opts: { effectiveFrom: string; registry?: ProcedureRegistry; process?: ProcessFile }): ProcedureInput {
  const registry = opts.registry ?? procedures;
  const previous = registry.latest(e.code);
  const agency = listDepartmentCatalogue().find((d) => d.name.toLowerCase() === e.agencyName.toLowerCase())?.code;
  const given = opts.process?.[e.code];
  return {
    code: e.code,
    name: e.name,
    version: (previous?.version ?? 0) + 1,
    effectiveFrom: opts.effectiveFrom,
    rulePack: '2025',
    level: e.level,
    sector: e.sector,
    onlineLevel: e.onlineLevel,
    // An unknown agency name stays visible in the draft, and validation names the field.
    leadAgency: given?.leadAgency ?? agency ?? previous?.leadAgency ?? e.agencyName,
    legalBasis: e.legalBasis,
    channels: e.channels.length ? e.channels : ['counter'],
    requiredPapers: e.papers,
    fees: e.fees.map((f) => ({ kind: 'fixed' as const, code: f.code, name: f.name, type: /^phí/i.test(f.name) ? ('phi' as const) : ('le-phi' as const), due: 'filing' as const, amountVnd: f.amountVnd, basis: e.legalBasis[0] ?? { document: '(cần căn cứ)' } })),
    duration: e.duration,
    ...(given?.cases ?? previous?.cases?.length ? { cases: given?.cases ?? previous!.cases } : {}),
    receptionUnit: given?.receptionUnit ?? previous?.receptionUnit ?? 'MOT-CUA',
    ...(given?.supplement ?? previous?.supplement ? { supplement: given?.supplement ?? previous!.supplement } : {}),
    stages: given?.stages ?? previous?.stages ?? [],
  };
}

export function renderProcedureFile(p: ProcedureInput, source: string): string {
  return [
    '/**',
    ` * ${p.name} — ${p.code}, version ${p.version} (from ${p.effectiveFrom}).`,
    ` * Imported from ${source} by \`npm run -s procedures -- import\`; the internal process (stages) is the centre's.`,
    ' */',
    "import { procedure } from '../define';",
    '',
    `export default procedure(${JSON.stringify(p, null, 2)});`,
    '',
  ].join('\n');
}

/** Validation problems of a definition, as `field: message` lines. */
export function problemsOf(p: ProcedureInput): string[] {
  const r = procedureSchema.safeParse(p);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const field = i.path.join('.') || '(gốc)';
    if (field === 'stages') return `stages: cần quy trình nội bộ (giai đoạn, bước, đơn vị, thời gian) — ${i.message}`;
    return `${field}: ${i.message}`;
  });
}

export interface ImportOutcome {
  ref: string;
  file: string;
  status: 'catalog' | 'draft';
  problems: string[];
}

/** Writes each procedure: valid ones into the catalogue, the others into drafts with their problems. */
export function importProcedures(list: ExportedProcedure[], opts: { effectiveFrom: string; source: string; process?: ProcessFile; catalogDir?: string; draftsDir?: string }): ImportOutcome[] {
  const catalogDir = opts.catalogDir ?? CATALOG_DIR;
  const draftsDir = opts.draftsDir ?? DRAFTS_DIR;
  const out: ImportOutcome[] = [];
  for (const e of list) {
    const def = toDefinition(e, opts);
    const problems = problemsOf(def);
    const name = `${def.code}.v${def.version}.ts`;
    const dir = problems.length ? draftsDir : catalogDir;
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    writeFileSync(file, renderProcedureFile(def, opts.source));
    out.push({ ref: `${def.code}@${def.version}`, file, status: problems.length ? 'draft' : 'catalog', problems });
  }
  if (out.some((o) => o.status === 'catalog')) writeCatalogIndex(catalogDir);
  return out;
}

/** Re-checks drafts after an admin completed them; valid ones move into the catalogue. */
export async function promoteDrafts(opts: { catalogDir?: string; draftsDir?: string } = {}): Promise<ImportOutcome[]> {
  const catalogDir = opts.catalogDir ?? CATALOG_DIR;
  const draftsDir = opts.draftsDir ?? DRAFTS_DIR;
  if (!existsSync(draftsDir)) return [];
  const out: ImportOutcome[] = [];
  for (const name of readdirSync(draftsDir).filter((f) => f.endsWith('.ts'))) {
    const file = path.join(draftsDir, name);
    const mod = await import(`${file}?t=${Date.now()}`);
    const def = mod.default as ProcedureInput;
    const problems = problemsOf(def);
    if (problems.length) {
      out.push({ ref: `${def.code}@${def.version}`, file, status: 'draft', problems });
      continue;
    }
    const target = path.join(catalogDir, name);
    writeFileSync(target, readFileSync(file, 'utf8'));
    unlinkSync(file);
    out.push({ ref: `${def.code}@${def.version}`, file: target, status: 'catalog', problems: [] });
  }
  writeCatalogIndex(catalogDir);
  return out;
}

export const knownDepartment = (code: string) => departmentCatalogue.has(code);
