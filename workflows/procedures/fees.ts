/**
 * Fee rules (phí, lệ phí) of a procedure evaluated for one dossier. Pure: the workflow computes the amounts once, at
 * reception, from the facts reception recorded (pages, copies, an exemption), so the amount is in the history.
 */
import type { FeeRule, LegalBasis, Procedure } from './schema';

/** What reception records for fee purposes. */
export interface FeeFacts {
  /** Pages of one copy (per-page fees). */
  pages?: number;
  /** Number of copies (per-page fees are per copy). */
  copies?: number;
  /** Code of an exemption the applicant qualifies for. */
  exemption?: string;
}

export interface FeeLine {
  code: string;
  name: string;
  type: 'phi' | 'le-phi';
  due: 'filing' | 'result';
  amountVnd: number;
  basis: LegalBasis;
  /** How the amount was reached, for the receipt ("3 trang × 2 bản"). */
  detail?: string;
  /** Exemption applied (amount 0). */
  exemptedBy?: string;
}

/** Price of one copy of `pages` pages under tiered per-page prices, capped. */
export function perPageAmount(rule: Extract<FeeRule, { kind: 'per-page' }>, pages: number): number {
  let total = 0;
  for (let i = 0; i < rule.tiers.length; i++) {
    const from = rule.tiers[i].fromPage;
    const to = i + 1 < rule.tiers.length ? rule.tiers[i + 1].fromPage - 1 : Infinity;
    const inTier = Math.max(0, Math.min(pages, to) - from + 1);
    total += inTier * rule.tiers[i].vndPerPage;
  }
  return rule.capPerCopyVnd !== undefined ? Math.min(total, rule.capPerCopyVnd) : total;
}

export class FeeFactsError extends Error {
  constructor(readonly field: keyof FeeFacts, message: string) {
    super(message);
    this.name = 'FeeFactsError';
  }
}

/** The fee lines a dossier owes. Throws FeeFactsError when a per-page fee lacks its page count. */
export function computeFees(def: Pick<Procedure, 'fees' | 'exemptions'>, facts: FeeFacts = {}): FeeLine[] {
  const exemption = facts.exemption ? def.exemptions.find((e) => e.code === facts.exemption) : undefined;
  if (facts.exemption && !exemption) throw new FeeFactsError('exemption', `không có trường hợp miễn "${facts.exemption}"`);
  return def.fees.map((rule): FeeLine => {
    const base = { code: rule.code, name: rule.name, type: rule.type, due: rule.due, basis: rule.basis };
    if (exemption && (!exemption.feeCodes || exemption.feeCodes.includes(rule.code))) {
      return { ...base, amountVnd: 0, exemptedBy: exemption.code };
    }
    if (rule.kind === 'fixed') return { ...base, amountVnd: rule.amountVnd };
    const pages = facts.pages;
    if (!pages || !Number.isInteger(pages) || pages < 1) throw new FeeFactsError('pages', `khoản "${rule.name}" tính theo trang: cần số trang`);
    const copies = facts.copies ?? 1;
    if (!Number.isInteger(copies) || copies < 1) throw new FeeFactsError('copies', 'số bản phải là số nguyên dương');
    return { ...base, amountVnd: perPageAmount(rule, pages) * copies, detail: `${pages} trang × ${copies} bản` };
  });
}

export const totalVnd = (lines: readonly FeeLine[], due?: FeeLine['due']) =>
  lines.filter((l) => !due || l.due === due).reduce((s, l) => s + l.amountVnd, 0);
