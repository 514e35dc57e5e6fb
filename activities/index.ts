/**
 * Every side effect of the dossier workflows, as Temporal activities bound to their dependencies.
 * Workflows import only the type `DossierActivities`.
 */
import type { Db } from '../db/client';
import { projectTransition, type TransitionRecord } from './projection';

export interface ActivityDeps {
  db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    async recordDossierTransition(record: TransitionRecord): Promise<void> {
      await projectTransition(deps.db, record);
    },
  };
}

export type DossierActivities = ReturnType<typeof createActivities>;
