/** Every procedure the centre handles. Adding a procedure = one file in this folder + one line here. */
import type { ProcedureDefinition } from '../shared/procedure-definition';
import certifiedCopy from './certified-copy';

export const procedures: readonly ProcedureDefinition[] = [certifiedCopy];

export function findProcedure(code: string): ProcedureDefinition | undefined {
  return procedures.find((p) => p.code === code);
}
