/**
 * Departments as the API shows them: the catalogue (workflows/procedures/departments.ts) with, for each, the steps of
 * the procedures in force that it acts on.
 */
import { vietnamDate } from '../workflows/shared/format';
import { departmentCatalogue, departmentName, listDepartmentCatalogue } from '../workflows/procedures/departments';
import { procedures } from '../workflows/procedures/registry';

export { departmentName };

export interface DepartmentInfo {
  code: string;
  name: string;
  parent: string;
  /** Procedures (in force today) with at least one step in this department, and those steps. */
  procedures: Array<{ procedureCode: string; steps: Array<{ id: string; name: string; role: 'officer' | 'head' }> }>;
}

export function listDepartments(now = Date.now()): DepartmentInfo[] {
  const byCode = new Map<string, DepartmentInfo>(
    listDepartmentCatalogue().map((d) => [d.code, { code: d.code, name: d.name, parent: d.parent, procedures: [] }]),
  );
  for (const p of procedures.currentAll(vietnamDate(now))) {
    for (const stage of p.stages) {
      for (const step of stage.steps) {
        const d = byCode.get(step.department);
        if (!d) continue; // validation guarantees catalogue membership
        let entry = d.procedures.find((x) => x.procedureCode === p.code);
        if (!entry) d.procedures.push((entry = { procedureCode: p.code, steps: [] }));
        entry.steps.push({ id: step.id, name: step.name, role: step.role });
      }
    }
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export const isKnownDepartment = (code: string) => departmentCatalogue.has(code);
