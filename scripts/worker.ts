/**
 * The dossier worker: all procedure workflows + activities on one task queue. Run more of these processes
 * (`tsx scripts/worker.ts`) against the same Temporal and Postgres to scale out.
 */
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../activities';
import { procedures } from '../workflows/procedures';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

const bundlerOptions = {
  // Lets `.js` specifiers in TS sources resolve to the .ts files.
  webpackConfigHook: (config: any) => {
    config.resolve = config.resolve ?? {};
    config.resolve.extensionAlias = { '.js': ['.ts', '.js'] };
    return config;
  },
};

/** Builds the workflow bundle once (about a second); tests share one bundle across workers. */
export async function bundleWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
};

export async function createDossierWorker(opts: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowBundle?: WorkflowBundleOption;
}): Promise<Worker> {
  // Procedure definitions were validated when their modules loaded; touching them here makes a broken one stop start-up.
  if (procedures.length === 0) throw new Error('Không có thủ tục nào được định nghĩa (no procedures defined)');
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath, bundlerOptions: { ...bundlerOptions } }),
  });
}
