/** Every procedure the centre handles. Adding a procedure = one file in this folder + one line here and in ../index.ts. */
import type { ProcedureDefinition } from '../shared/procedure-definition';
import birthRegistrationLiaison from './birth-registration-liaison';
import businessRegistration from './business-registration';
import certifiedCopy from './certified-copy';
import constructionPermit from './construction-permit';
import landRegistration from './land-registration';

export const procedures: readonly ProcedureDefinition[] = [
  businessRegistration,
  birthRegistrationLiaison,
  constructionPermit,
  landRegistration,
  certifiedCopy,
];

export function findProcedure(code: string): ProcedureDefinition | undefined {
  return procedures.find((p) => p.code === code);
}
