/**
 * Starts the whole system in one process from the validated config: PostgreSQL (embedded unless DATABASE_URL),
 * migrations, Temporal (dev server unless TEMPORAL_ADDRESS), the worker and the API. Returns a stop function that
 * takes everything down in reverse order.
 */
import { staticDirectory } from '../api/directory';
import { seedUsers } from './seed';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import { createApp } from '../api/app';
import { databaseProbe, temporalProbe, workerProbe, type HealthProbe } from '../api/health';
import { createLogger } from '../api/logging';
import { connectDatabase, migrateDatabase, type Database } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded';
import { dossierSearchAttributes } from '../workflows/shared/search-attributes';
import type { AppConfig } from './config';
import { startDevServer } from './dev-server';
import { resolveTemporalBinary, TEMPORAL_CLI } from './temporal-binaries';
import { connectClient, connectWorkerConnection } from './temporal-connection';
import { createDossierWorker } from './worker';
import { activityDeps, createNotifier } from './activity-deps';
import { startNotificationDispatcher } from '../activities/notifications';
import { createExternalServices } from './services';
import { startPaymentReconciliation } from './payment-reconciliation';
import type { Logger } from 'pino';

export interface RunningSystem {
  apiUrl: string | null;
  temporalUiUrl: string | null;
  stop(): Promise<void>;
}

export async function startSystem(config: AppConfig, progress: (line: string) => void): Promise<RunningSystem> {
  const log = createLogger(config.logLevel);
  const stack: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  const stopAll = async () => {
    for (const part of stack.reverse()) {
      try {
        progress(`Dừng ${part.name}…`);
        await part.stop();
      } catch (err) {
        progress(`Lỗi khi dừng ${part.name}: ${(err as Error).message}`);
      }
    }
  };

  try {
    // 1. PostgreSQL
    let databaseUrl: string;
    if (config.database.mode === 'embedded') {
      progress(`Khởi động PostgreSQL nhúng (embedded) tại ${config.database.dir}…`);
      const pg = await startEmbeddedPostgres({ dir: config.database.dir, port: config.database.port, log: progress });
      stack.push({ name: 'PostgreSQL', stop: pg.stop });
      databaseUrl = pg.url;
    } else {
      databaseUrl = config.database.url;
      progress('Dùng PostgreSQL ngoài (DATABASE_URL)');
    }
    const database: Database = connectDatabase(databaseUrl);
    stack.push({ name: 'kết nối CSDL', stop: database.close });
    await migrateDatabase(database);
    progress('Đã áp dụng migrations CSDL');

    // 2. Temporal
    let temporalUiUrl: string | null = null;
    let temporalConfig = config.temporal;
    if (config.temporal.mode === 'embedded') {
      const cli = resolveTemporalBinary(TEMPORAL_CLI, { explicitPath: config.temporal.cliPath, log: progress });
      if (cli) {
        progress(`Khởi động Temporal dev server (${cli.path}, nguồn: ${cli.source})…`);
        const server = await startDevServer({
          cliPath: cli.path,
          port: config.temporal.devServer.port,
          uiPort: config.temporal.devServer.uiPort,
          namespace: config.temporal.namespace,
          dbFile: config.temporal.devServer.dbFile,
          log: progress,
        });
        stack.push({ name: 'Temporal dev server', stop: server.stop });
        temporalUiUrl = server.uiUrl;
      } else {
        progress('Không có Temporal CLI cục bộ; tải về qua SDK (needs internet)…');
        const env = await TestWorkflowEnvironment.createLocal({
          server: {
            namespace: config.temporal.namespace,
            port: config.temporal.devServer.port,
            dbFilename: config.temporal.devServer.dbFile,
            ui: true,
            uiPort: config.temporal.devServer.uiPort,
            searchAttributes: [...dossierSearchAttributes],
          },
        });
        stack.push({ name: 'Temporal dev server (SDK)', stop: () => env.teardown() });
        temporalUiUrl = `http://127.0.0.1:${config.temporal.devServer.uiPort}`;
      }
    } else {
      progress(`Dùng Temporal ngoài tại ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    }
    temporalConfig = { ...config.temporal };

    const services = createExternalServices(config, () => config.publicBaseUrl, { autoAdvancePostalMs: 15_000 });
    stack.push({ name: 'dịch vụ ngoài (sandbox)', stop: async () => services.stop() });

    // 3. Worker
    let worker: Worker | undefined;
    if (config.runWorker) {
      progress('Đóng gói workflows và khởi động worker…');
      const connection = await connectWorkerConnection(temporalConfig);
      const notifier = createNotifier(database, log, { config: config.notifications, baseUrl: config.publicBaseUrl });
      worker = await createDossierWorker({
        connection,
        namespace: temporalConfig.namespace,
        taskQueue: temporalConfig.taskQueue,
        log,
        deps: activityDeps({
          database,
          log,
          payments: services.payments,
          postal: services.postal,
          centre: config.centre,
          letterhead: letterheadOf(config),
          notifier,
        }),
      });
      // Notifications whose first delivery failed (provider down) are retried here, off the dossier's path.
      const dispatcher = startNotificationDispatcher(notifier, { intervalMs: config.notifications.retryIntervalMs, log });
      stack.push({ name: 'gửi lại thông báo', stop: () => dispatcher.stop() });
      const running = worker.run();
      stack.push({ name: 'kết nối worker', stop: () => connection.close() });
      stack.push({
        name: 'worker',
        stop: async () => {
          if (worker!.getState() === 'RUNNING') worker!.shutdown();
          await running;
        },
      });
      running.catch((err) => progress(`Worker dừng vì lỗi: ${(err as Error).message}`));
      progress(`Worker đang nhận việc trên hàng đợi "${temporalConfig.taskQueue}"`);
    }

    // 4. API
    let apiUrl: string | null = null;
    if (config.runApi) {
      const client = await connectClient(temporalConfig);
      stack.push({ name: 'kết nối Temporal client', stop: () => client.connection.close() });
      if (config.auth.usingDevSecret) progress('CẢNH BÁO: dùng khóa JWT mặc định cho môi trường phát triển (dev JWT secret)');
      const probes: HealthProbe[] = [databaseProbe(database), temporalProbe(client)];
      if (config.runWorker) probes.push(workerProbe(() => worker?.getState()));
      const app = createApp({
        database,
        client,
        log,
        taskQueue: temporalConfig.taskQueue,
        agencyCode: config.agencyCode,
        jwtSecret: config.auth.jwtSecret,
        probes,
        payment: { hashSecret: config.payment.hashSecret, tmnCode: config.payment.tmnCode },
        postalWebhookSecret: config.postal.webhookSecret,
        mounts: services.mounts,
        letterhead: letterheadOf(config),
        directory: staticDirectory(seedUsers),
      });
      const server: Server = await new Promise((resolve, reject) => {
        const s = app.listen(config.http.port, config.http.host, () => resolve(s));
        s.once('error', reject);
      });
      stack.push({
        name: 'API',
        stop: async () => {
          await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
          await app.flushAudit();
          app.stopAuditAnchor();
        },
      });
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
      apiUrl = `http://${config.http.host}:${port}`;

      // Payments whose IPN never came: asked by querydr on a timer next to the IPN handler (see the reconciler's header).
      const reconciler = startPaymentReconciliation(
        { db: database.db, client, query: services.queryPayment, log },
        config.paymentReconciliation,
        progress,
      );
      if (reconciler) stack.push({ name: 'đối soát thanh toán', stop: () => reconciler.stop() });
    }
    return { apiUrl, temporalUiUrl, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The centre's letterhead on issued documents, and the citizen lookup link their QR codes carry. */
export function letterheadOf(config: AppConfig) {
  return {
    agency: { name: config.centre.name.toUpperCase(), place: config.centre.province.replace(/^(Tỉnh|Thành phố)\s+/i, '') },
    lookupUrl: `${config.publicBaseUrl}/tra-cuu`,
  };
}
