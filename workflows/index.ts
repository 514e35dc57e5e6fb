/**
 * Workflow entry points: one Temporal workflow type per procedure, named `procedure_<code>` (see workflowTypeFor).
 * Exported names are the workflow type names; a unit test checks every procedure has its export. One more, the
 * audit anchor, is infrastructure.
 */
import { createProcedureWorkflow } from './dossier-workflow';
import birthRegistrationLiaison from './procedures/birth-registration-liaison';
import businessRegistration from './procedures/business-registration';
import certifiedCopy from './procedures/certified-copy';
import constructionPermit from './procedures/construction-permit';
import landRegistration from './procedures/land-registration';

export const procedure_2_001610 = createProcedureWorkflow(businessRegistration);
export const procedure_1_001193 = createProcedureWorkflow(birthRegistrationLiaison);
export const procedure_1_009994 = createProcedureWorkflow(constructionPermit);
export const procedure_1_012783 = createProcedureWorkflow(landRegistration);
export const procedure_2_000815 = createProcedureWorkflow(certifiedCopy);

/** Not a procedure: holds the audit log's anchored head (see audit-anchor.ts). */
export { auditAnchor } from './audit-anchor';
