/**
 * Workflow entry points (exported names are Temporal workflow types):
 * - `dossier`: every dossier, running the procedure version named in its input (workflows/dossier/);
 * - `procedure_<code>`: dossiers received before versioned procedures, kept until none is open (workflows/legacy/);
 * - `auditAnchor`: infrastructure, holds the audit log's anchored head.
 */
export { dossier } from './dossier/workflow';
export { procedure_1_001193, procedure_1_009994, procedure_1_012783, procedure_2_000815, procedure_2_001610 } from './legacy';
export { auditAnchor } from './audit-anchor';
