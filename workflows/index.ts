/**
 * Workflow entry points: one Temporal workflow type per procedure, named `procedure_<code>`
 * (see workflowTypeFor). Exported names are the workflow type names.
 */
import { createProcedureWorkflow } from './dossier-workflow';
import certifiedCopy from './procedures/certified-copy';

export const procedure_2_000815 = createProcedureWorkflow(certifiedCopy);
