/**
 * Custom search attributes kept current by every dossier workflow, so Temporal UI/CLI users can filter
 * dossiers (e.g. `DossierStatus = 'PROCESSING' AND DossierDueAt < '2026-01-01T00:00:00Z'`).
 */
import { defineSearchAttributeKey } from '@temporalio/common';

export const DossierStatusKey = defineSearchAttributeKey('DossierStatus', 'KEYWORD');
export const ProcedureCodeKey = defineSearchAttributeKey('ProcedureCode', 'KEYWORD');
/** The procedure version a dossier runs (set at start with ProcedureCode; never changes). */
export const ProcedureVersionKey = defineSearchAttributeKey('ProcedureVersion', 'INT');
export const CurrentDepartmentKey = defineSearchAttributeKey('CurrentDepartment', 'KEYWORD');
export const DossierDueAtKey = defineSearchAttributeKey('DossierDueAt', 'DATETIME');
export const DossierOverdueKey = defineSearchAttributeKey('DossierOverdue', 'BOOL');

export const dossierSearchAttributes = [
  DossierStatusKey,
  ProcedureCodeKey,
  ProcedureVersionKey,
  CurrentDepartmentKey,
  DossierDueAtKey,
  DossierOverdueKey,
] as const;

const cliTypeName: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `Name=Type` pairs for `temporal server start-dev --search-attribute`. */
export function searchAttributeCliArgs(): string[] {
  return dossierSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${cliTypeName[k.type]}`]);
}
