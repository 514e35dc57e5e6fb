/**
 * Workflow types of dossiers received before versioned procedures (until 2026-11-29): one type per procedure code,
 * running the code below unchanged so their histories replay. New dossiers start the `dossier` type. Remove a type
 * once no open dossier uses it (`temporal workflow count --query "WorkflowType='procedure_2_000815' AND
 * ExecutionStatus='Running'"` answers 0).
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
