/** The express application: routes grouped by user, auth, problem+json errors, health. */
import { rejectUnstorableText } from './validate';
import type { StaffDirectory } from './directory';
import type { Client } from '@temporalio/client';
import express from 'express';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { authenticate } from './auth';
import { runProbes, type HealthProbe } from './health';
import { requestLogging } from './logging';
import { problemHandler, problems } from './problem';
import { auditTrail } from './audit';
import { LocalCalendarStore } from './local-calendar';
import { AuditAnchor } from './audit-anchor';
import { publicRoutes, staffRoutes } from './routes/index';
import { dossierRoutes } from './routes/dossiers';
import { paymentRoutes } from './routes/payments';
import { postalRoutes } from './routes/postal';
import type { Router } from 'express';

export interface AppDeps {
  database: Database;
  client: Client;
  log: Logger;
  taskQueue: string;
  agencyCode: string;
  jwtSecret: string;
  probes: HealthProbe[];
  payment: { hashSecret: string; tmnCode: string };
  postalWebhookSecret: string;
  letterhead?: { agency: { name: string; place: string }; lookupUrl: string };
  /** Local sandboxes of external services (payment gateway, postal carrier). */
  mounts?: Array<{ path: string; router: Router }>;
  /** Anchor workflow ID and interval (defaults: `audit-anchor`, 5 s); tests give each stack its own workflow. */
  auditAnchor?: { workflowId?: string; intervalMs?: number };
  /** Staff directory (reassigning a step checks the new officer's department); none: reassign to an officer is refused. */
  directory?: StaffDirectory;
}

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogging(deps.log));
  for (const m of deps.mounts ?? []) app.use(m.path, express.urlencoded({ extended: false }), express.json(), m.router);

  // Callbacks from external services authenticate by signature, not by bearer token.
  const db = deps.database.db;
  const auditAnchor = new AuditAnchor({ client: deps.client, taskQueue: deps.taskQueue, log: deps.log, ...deps.auditAnchor });
  const audit = auditTrail({ db, log: deps.log, onAppended: (r) => auditAnchor.note(r) });
  app.use('/api', audit);
  app.use('/api', postalRoutes({ db, client: deps.client, webhookSecret: deps.postalWebhookSecret }));
  app.use('/api', paymentRoutes({ db, client: deps.client, log: deps.log, ...deps.payment }));

  app.use(express.json({ limit: '1mb' }));
  app.use(rejectUnstorableText);

  app.get('/healthz', async (_req, res) => {
    const health = await runProbes(deps.probes);
    res.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'degraded', ...health });
  });

  const calendars = new LocalCalendarStore(db);
  app.use(publicRoutes({ db, client: deps.client, taskQueue: deps.taskQueue, calendars }));
  const api = express.Router();
  api.use(authenticate(deps.jwtSecret));
  api.use(dossierRoutes({ db: deps.database.db, client: deps.client, taskQueue: deps.taskQueue, agencyCode: deps.agencyCode, calendars, directory: deps.directory }));
  api.use(staffRoutes({ db, client: deps.client, taskQueue: deps.taskQueue, letterhead: deps.letterhead, calendars, auditAnchor }));
  app.use('/api', api);

  app.use((req, _res, next) => next(problems.notFound(`Không có đường dẫn ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  // Shutdown waits for audit entries still being written, so no allowed or refused action goes unrecorded.
  // The anchor goes last, so the head it records includes those entries.
  const flushAudit = async () => {
    await audit.flush();
    await auditAnchor.flush();
  };
  return Object.assign(app, { flushAudit, stopAuditAnchor: () => auditAnchor.stop() });
}
