/** The express application: routes grouped by user, auth, problem+json errors, health. */
import type { Client } from '@temporalio/client';
import express from 'express';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { authenticate } from './auth';
import { runProbes, type HealthProbe } from './health';
import { requestLogging } from './logging';
import { problemHandler, problems } from './problem';
import { dossierRoutes } from './routes/dossiers';

export interface AppDeps {
  database: Database;
  client: Client;
  log: Logger;
  taskQueue: string;
  agencyCode: string;
  jwtSecret: string;
  probes: HealthProbe[];
}

export function createApp(deps: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLogging(deps.log));
  app.use(express.json({ limit: '1mb' }));

  app.get('/healthz', async (_req, res) => {
    const health = await runProbes(deps.probes);
    res.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'degraded', ...health });
  });

  const api = express.Router();
  api.use(authenticate(deps.jwtSecret));
  api.use(dossierRoutes({ db: deps.database.db, client: deps.client, taskQueue: deps.taskQueue, agencyCode: deps.agencyCode }));
  app.use('/api', api);

  app.use((req, _res, next) => next(problems.notFound(`Không có đường dẫn ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}
