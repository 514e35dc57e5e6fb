import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { procedureSchema } from '../workflows/procedures/schema';
import { ImportError, importProcedures, parseCsvExport, parseJsonExport, promoteDrafts } from './procedure-import';

const SAMPLE = fileURLToPath(new URL('../workflows/procedures/samples/national-export.json', import.meta.url));
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'procedures-'));
  dirs.push(d);
  // Procedure files import '../define', as in workflows/procedures/.
  copyFileSync(fileURLToPath(new URL('../workflows/procedures/define.ts', import.meta.url)), path.join(d, 'define.ts'));
  return { catalogDir: path.join(d, 'catalog'), draftsDir: path.join(d, 'drafts') };
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('importing the national procedure catalogue', () => {
  const exported = parseJsonExport(readFileSync(SAMPLE, 'utf8'));

  it('reads the portal fields: code, name, sector, level, agency, duration, fees, papers, legal basis', () => {
    expect(exported.map((p) => p.code)).toEqual(['1.001193', '1.012786', '1.012783']);
    expect(exported[0]).toMatchObject({ sector: 'Hộ tịch', level: 'commune', agencyName: 'UBND xã — bộ phận Hộ tịch', duration: { unit: 'same-day' }, onlineLevel: 'toan-trinh', channels: ['counter', 'online'] });
    expect(exported[2].fees).toEqual([{ code: 'LE-PHI-GCN', name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100_000 }]);
  });

  it('what the export cannot decide fails loudly, naming the file and the field; an amendment keeps the process', () => {
    const out = importProcedures(exported, { effectiveFrom: '2027-01-01', source: 'national-export.json', ...tmp() });
    const byRef = Object.fromEntries(out.map((o) => [o.ref, o]));
    // New procedures have no internal process yet: drafts, with the field to complete.
    for (const ref of ['1.001193@1', '1.012786@1']) {
      expect(byRef[ref].status).toBe('draft');
      expect(byRef[ref].file).toMatch(/drafts[\\/]/);
      expect(byRef[ref].problems.join('\n')).toMatch(/^stages: cần quy trình nội bộ/m);
    }
    // 1.012783 exists (v1): the next version takes its stages and is valid at once.
    expect(byRef['1.012783@2']).toMatchObject({ status: 'catalog', problems: [] });
    const written = readFileSync(byRef['1.012783@2'].file, 'utf8');
    expect(written).toContain("import { procedure } from '../define';");
    const def = JSON.parse(written.slice(written.indexOf('procedure(') + 'procedure('.length, written.lastIndexOf(');')));
    expect(procedureSchema.safeParse(def).success).toBe(true);
    expect(def).toMatchObject({ code: '1.012783', version: 2, effectiveFrom: '2027-01-01', leadAgency: 'VPDK-DAT-DAI' });
  });

  it('with the centre’s process for a code the file is complete; completed drafts are promoted by `check`', async () => {
    const dirs = tmp();
    const process = { '1.012786': { stages: [{ steps: [{ id: 'tham-tra', name: 'Thẩm tra, cấp lại', department: 'VPDK-DAT-DAI', shareHours: 80 }] }] } };
    const out = importProcedures(exported, { effectiveFrom: '2027-01-01', source: 'x', process, ...dirs });
    expect(out.find((o) => o.ref === '1.012786@1')?.status).toBe('catalog');
    // An admin completes the birth-registration draft by hand, then checks it.
    const draft = out.find((o) => o.ref === '1.001193@1')!.file;
    writeFileSync(draft, readFileSync(draft, 'utf8').replace('"stages": []', '"stages": [{ "steps": [{ "id": "dang-ky", "name": "Đăng ký khai sinh", "department": "UBND-XA-HO-TICH", "shareHours": 4 }] }]'));
    const promoted = await promoteDrafts(dirs);
    expect(promoted).toEqual([expect.objectContaining({ ref: '1.001193@1', status: 'catalog' })]);
    expect(readFileSync(path.join(dirs.catalogDir, 'index.ts'), 'utf8')).toContain("import p0 from './1.001193.v1';");
  });

  it('CSV carries the same facts', () => {
    const csv = [
      'code,name,sector,level,agency,duration,unit,online,channels,fees,papers,legalBasis',
      '1.012786,"Cấp lại Giấy chứng nhận, do bị mất",Đất đai,Cấp tỉnh,Văn phòng Đăng ký đất đai,10,Ngày làm việc,toan-trinh,counter|online,,DON:Đơn đăng ký:1,Nghị định 151/2025/NĐ-CP:Phụ lục I',
    ].join('\n');
    expect(parseCsvExport(csv)).toEqual([
      expect.objectContaining({ code: '1.012786', name: 'Cấp lại Giấy chứng nhận, do bị mất', duration: { amount: 10, unit: 'working-days' }, legalBasis: [{ document: 'Nghị định 151/2025/NĐ-CP', article: 'Phụ lục I' }] }),
    ]);
  });

  it('bad exports are refused with the record and field', () => {
    expect(() => parseJsonExport('[{"MATTHC":"1.000001","CAPTHUCHIEN":"Cấp xã","THOIGIAN":[{"THOIGIANGIAIQUYET":"5","DONVITINH":"tuần"}]}]')).toThrow(ImportError);
    expect(() => parseJsonExport('[{"MATTHC":"1.000001","CAPTHUCHIEN":"Cấp xã","THOIGIAN":[{"THOIGIANGIAIQUYET":"5","DONVITINH":"tuần"}]}]')).toThrow(/\[0\] 1\.000001 THOIGIAN\.DONVITINH/);
    expect(() => parseCsvExport('code,name\n1,2')).toThrow(/thiếu cột "sector"/);
  });
});
