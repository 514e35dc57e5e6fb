/**
 * Every side effect of the dossier workflows, as Temporal activities bound to their dependencies.
 * Workflows import only the type `DossierActivities`.
 */
import type { Db } from '../db/client';
import type { Notifier, NotificationRequest } from './notifications';
import { requestPayment, type PaymentGatewayPort, type PaymentRequest } from './payments';
import { createPostalOrder, type PostalOrderRequest } from './postal';
import type { PostalAddress, PostalCarrier } from './postal/carrier';
import { projectTransition, type TransitionRecord } from './projection';
import { issueDocument, type DocumentRequest, type Letterhead } from './issue-document';

export interface ActivityDeps {
  db: Db;
  notifier: Notifier;
  payments: PaymentGatewayPort;
  postal: PostalCarrier;
  /** The one-stop unit's postal address (sender of results, receiver of collected dossiers). */
  centreAddress: PostalAddress;
  /** Letterhead of issued documents; defaults to the centre's name and province. */
  letterhead?: Letterhead;
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
    async issueDocument(req: DocumentRequest) {
      const letterhead = deps.letterhead ?? {
        agency: { name: deps.centreAddress.name.toUpperCase(), place: deps.centreAddress.province },
        lookupUrl: 'http://127.0.0.1:3000/tra-cuu',
      };
      return issueDocument(deps.db, letterhead, req);
    },
    async createPostalOrder(req: PostalOrderRequest) {
      return createPostalOrder(deps.db, deps.postal, deps.centreAddress, req);
    },
  };
}

export type DossierActivities = ReturnType<typeof createActivities>;
