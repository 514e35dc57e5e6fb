import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_DIR, catalogFiles, renderCatalogIndex } from '../../scripts/procedure-catalog';
import { catalog } from './catalog';
import { computeFees, FeeFactsError, perPageAmount } from './fees';
import { ProcedureRegistry, procedures } from './registry';
import { procedureSchema, type FeeRule, type ProcedureInput } from './schema';

const minimal: ProcedureInput = {
  code: '9.999999',
  name: 'Thử',
  version: 1,
  effectiveFrom: '2026-01-01',
  rulePack: '2025',
  level: 'commune',
  sector: 'Thử nghiệm',
  onlineLevel: 'mot-phan',
  leadAgency: 'MOT-CUA',
  legalBasis: [{ document: 'Nghị định 61/2018/NĐ-CP' }],
  channels: ['counter'],
  duration: { unit: 'working-days', amount: 2 },
  stages: [{ steps: [{ id: 'a', name: 'A', department: 'UBND-XA-TU-PHAP', shareHours: 16 }] }],
};

describe('the procedure catalogue', () => {
  it('every shipped version is valid', () => {
    expect(() => procedures.validateAll()).not.toThrow();
    expect(procedures.all().length).toBe(catalog.length);
  });

  it('the generated index lists exactly the files of the folder (run `npm run -s procedures -- index` when it does not)', () => {
    expect(readFileSync(path.join(CATALOG_DIR, 'index.ts'), 'utf8')).toBe(renderCatalogIndex());
    expect(catalogFiles().map((f) => `${f.code}@${f.version}`)).toEqual(catalog.map((p) => `${p.code}@${p.version}`));
  });

  it('file names match the code and version inside', () => {
    for (const f of catalogFiles()) {
      const p = procedures.version(f.code, f.version);
      expect(p, f.file).toBeDefined();
    }
  });

  it('the two codes corrected: 1.001193 (plain birth registration) is gone, 1.012783 is exchanging a land certificate', () => {
    expect(procedures.latest('1.001193')).toBeUndefined();
    expect(procedures.latest('2.000986')?.name).toMatch(/^Liên thông đăng ký khai sinh/);
    expect(procedures.latest('1.012783')?.name).toMatch(/^Cấp đổi Giấy chứng nhận/);
  });

  it('new dossiers take the version in force on their day; old versions stay for the dossiers using them', () => {
    expect(procedures.current('1.009994', '2026-06-30')?.version).toBe(1);
    expect(procedures.current('1.009994', '2026-07-01')?.version).toBe(2);
    expect(procedures.version('1.009994', 1)?.duration).toEqual({ unit: 'working-days', amount: 15 });
    expect(procedures.current('1.009994', '2025-01-01')).toBeUndefined();
  });

  it('refuses unknown departments, shares beyond the statutory time and duplicate versions, naming the field', () => {
    const bad = new ProcedureRegistry([{ ...minimal, stages: [{ steps: [{ id: 'a', name: 'A', department: 'PHONG-MA', shareHours: 17 }] }] }]);
    expect(() => bad.validateAll()).toThrow(/9\.999999@1[\s\S]*stages\.0\.steps\.0\.department: đơn vị "PHONG-MA" không có trong danh mục/);
    expect(() => bad.validateAll()).toThrow(/tổng thời gian các bước 17 giờ vượt thời hạn luật định 16 giờ/);
    expect(() => new ProcedureRegistry([minimal, minimal])).toThrow(/9\.999999@1/);
    const noBasis = procedureSchema.safeParse({ ...minimal, legalBasis: [] });
    expect(noBasis.success).toBe(false);
  });

  it('a case with a shorter duration must still hold the whole process', () => {
    const r = procedureSchema.safeParse({ ...minimal, cases: [{ id: 'gap', name: 'Gấp', duration: { unit: 'working-days', amount: 1 } }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('cases.0.duration');
  });
});

describe('fee rules', () => {
  const certified = procedures.version('2.000815', 1)!;
  const rule = certified.fees[0] as Extract<FeeRule, { kind: 'per-page' }>;

  it('certified copy (Circular 226/2016/TT-BTC art. 4.1): 2.000 đ for pages 1–2, 1.000 đ from page 3, at most 200.000 đ a copy', () => {
    expect(perPageAmount(rule, 1)).toBe(2_000);
    expect(perPageAmount(rule, 2)).toBe(4_000);
    expect(perPageAmount(rule, 3)).toBe(5_000);
    expect(perPageAmount(rule, 10)).toBe(12_000);
    expect(perPageAmount(rule, 198)).toBe(200_000);
    expect(perPageAmount(rule, 500)).toBe(200_000);
  });

  it('property: the per-copy price is monotone in pages, capped, and matches the closed form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 50 }), (pages, copies) => {
        const one = perPageAmount(rule, pages);
        const closed = Math.min(200_000, 2_000 * Math.min(pages, 2) + 1_000 * Math.max(0, pages - 2));
        expect(one).toBe(closed);
        expect(perPageAmount(rule, pages + 1)).toBeGreaterThanOrEqual(one);
        const [line] = computeFees(certified, { pages, copies });
        expect(line.amountVnd).toBe(one * copies);
        expect(line.amountVnd).toBeLessThanOrEqual(200_000 * copies);
      }),
    );
  });

  it('property: any tier table is monotone and never exceeds its cap', () => {
    const tiers = fc
      .uniqueArray(fc.integer({ min: 2, max: 200 }), { maxLength: 4 })
      .chain((starts) => fc.tuple(fc.constant([1, ...starts.sort((a, b) => a - b)]), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: starts.length + 1, maxLength: starts.length + 1 })));
    fc.assert(
      fc.property(tiers, fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }), fc.integer({ min: 1, max: 1_000 }), ([starts, prices], cap, pages) => {
        const r = { ...rule, tiers: starts.map((fromPage, i) => ({ fromPage, vndPerPage: prices[i] })), capPerCopyVnd: cap };
        const a = perPageAmount(r, pages);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(perPageAmount(r, pages + 1)).toBeGreaterThanOrEqual(a);
        if (cap !== undefined) expect(a).toBeLessThanOrEqual(cap);
      }),
    );
  });

  it('per-page fees need the page count; an exemption zeroes the fees it names', () => {
    expect(() => computeFees(certified, {})).toThrow(FeeFactsError);
    const withExemption = { ...certified, exemptions: [{ code: 'HO-NGHEO', name: 'Hộ nghèo', basis: { document: 'Thông tư 226/2016/TT-BTC', article: 'Điều 5' } }] };
    expect(computeFees(withExemption, { pages: 4, exemption: 'HO-NGHEO' })[0]).toMatchObject({ amountVnd: 0, exemptedBy: 'HO-NGHEO' });
    expect(() => computeFees(withExemption, { pages: 4, exemption: 'KHAC' })).toThrow(FeeFactsError);
  });
});
