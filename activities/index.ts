/**
 * Every side effect of the dossier workflows, as Temporal activities bound to their dependencies.
 * Workflows import only the type `DossierActivities`.
 */
import type { Db } from '../db/client';
import type { Notifier, NotificationRequest } from './notifications';
import { requestPayment, type PaymentGatewayPort, type PaymentRequest } from './payments';
import { createPostalOrder, type PostalAddressee, type PostalPort } from './postal';
import { projectTransition, type TransitionRecord } from './projection';

export interface ActivityDeps {
  db: Db;
  notifier: Notifier;
  payments: PaymentGatewayPort;
  postal: PostalPort;
}

export function createActivities(deps: ActivityDeps) {
  return {
    async recordDossierTransition(record: TransitionRecord): Promise<void> {
      await projectTransition(deps.db, record);
    },
    async notify(req: NotificationRequest) {
      return deps.notifier.notify(req);
    },
    async requestPayment(req: PaymentRequest) {
      return requestPayment(deps.db, deps.payments, req);
    },
    async createPostalOrder(req: { dossierCode: string; kind: 'collect-dossier' | 'deliver-result'; recipient: PostalAddressee }) {
      return createPostalOrder(deps.db, deps.postal, req);
    },
  };
}

export type DossierActivities = ReturnType<typeof createActivities>;
