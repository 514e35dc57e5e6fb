/**
 * Every procedure version the centre runs. New dossiers take the newest version in force on their reception day; a
 * dossier keeps the version it started on until it ends (`procedureCode@procedureVersion` in its input and in the
 * ProcedureVersion search attribute). Versions come from `catalog/` (one file per version, listed by the generated
 * catalog/index.ts); a version stays there while any open dossier uses it.
 *
 * The catalogue is plain data; a version is validated (and its defaults applied) when first asked for, so a workflow
 * parses only its own procedure, however many the centre has. `validateAll()` checks every file at start-up.
 */
import { catalog } from './catalog';
import { ProcedureDefinitionError, procedureRef, procedureSchema, type Procedure, type ProcedureInput } from './schema';

function parse(input: ProcedureInput): Procedure {
  const parsed = procedureSchema.safeParse(input);
  if (!parsed.success) {
    throw new ProcedureDefinitionError(
      procedureRef(input),
      parsed.error.issues.map((i) => `${i.path.join('.') || '(gốc)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** A registry over a list of versions (the shipped catalogue, or a test's). */
export class ProcedureRegistry {
  private readonly byCode = new Map<string, ProcedureInput[]>();
  private readonly parsed = new Map<ProcedureInput, Procedure>();

  constructor(versions: readonly ProcedureInput[]) {
    for (const p of versions) {
      const list = this.byCode.get(p.code) ?? [];
      if (list.some((v) => v.version === p.version)) throw new ProcedureDefinitionError(procedureRef(p), ['version: hai tệp cùng định nghĩa phiên bản này']);
      list.push(p);
      this.byCode.set(p.code, list);
    }
    for (const list of this.byCode.values()) {
      list.sort((a, b) => a.version - b.version);
      list.forEach((v, i) => {
        if (i > 0 && v.effectiveFrom < list[i - 1].effectiveFrom) {
          throw new ProcedureDefinitionError(procedureRef(v), [`effectiveFrom: không thể có hiệu lực trước phiên bản ${list[i - 1].version}`]);
        }
      });
    }
  }

  private get(input: ProcedureInput): Procedure {
    let p = this.parsed.get(input);
    if (!p) this.parsed.set(input, (p = parse(input)));
    return p;
  }

  /** Exactly `code@version`, as a running dossier asks for it. */
  version(code: string, version: number): Procedure | undefined {
    const input = this.byCode.get(code)?.find((p) => p.version === version);
    return input && this.get(input);
  }

  /** The newest version in force on `isoDate` (a Vietnam date), for a new dossier. */
  current(code: string, isoDate: string): Procedure | undefined {
    const list = this.byCode.get(code) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].effectiveFrom <= isoDate) return this.get(list[i]);
    return undefined;
  }

  /** The newest version whatever its date (names and labels of a code). */
  latest(code: string): Procedure | undefined {
    const list = this.byCode.get(code);
    return list && this.get(list[list.length - 1]);
  }

  /** Every procedure's version in force on `isoDate`. */
  currentAll(isoDate: string): Procedure[] {
    return [...this.byCode.keys()].sort().flatMap((code) => this.current(code, isoDate) ?? []);
  }

  /** Every version of every procedure, oldest first. */
  all(): Procedure[] {
    return [...this.byCode.keys()].sort().flatMap((code) => this.byCode.get(code)!.map((p) => this.get(p)));
  }

  /** Validates every version; the error lists each broken file's fields. */
  validateAll(): void {
    const problems: string[] = [];
    for (const list of this.byCode.values()) {
      for (const p of list) {
        try {
          this.get(p);
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
    }
    if (problems.length) throw new Error(problems.join('\n'));
  }
}

export const procedures = new ProcedureRegistry(catalog);
