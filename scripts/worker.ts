/**
 * The dossier worker: all procedure workflows + activities on one task queue. Run more of these processes
 * (`tsx scripts/worker.ts`) against the same Temporal and Postgres to scale out.
 */
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createActivities, type ActivityDeps } from '../activities';
import { activityLogging } from '../activities/activity-logging';
import { procedures } from '../workflows/procedures/registry';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Workflow interceptors baked into every bundle (request-ID propagation). */
export const workflowInterceptorModules = [fileURLToPath(new URL('../workflows/request-id-interceptors.ts', import.meta.url))];

const bundlerOptions = {
  // Lets `.js` specifiers in TS sources resolve to the .ts files.
  webpackConfigHook: (config: any) => {
    config.resolve = config.resolve ?? {};
    config.resolve.extensionAlias = { '.js': ['.ts', '.js'] };
    return config;
  },
};

/**
 * Builds the workflow bundle once (about a second); tests share one bundle across workers. `replaceModules` swaps
 * a module for another in the bundle (tests: other national calendar data).
 */
export async function bundleWorkflows(opts: { replaceModules?: Array<{ pattern: RegExp; path: string }> } = {}): Promise<{ code: string }> {
  const replacements = opts.replaceModules ?? [];
  return bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules,
    logger: quietBundlerLogger,
    webpackConfigHook: (config: any) => {
      const c = bundlerOptions.webpackConfigHook(config);
      if (replacements.length === 0) return c;
      const { NormalModuleReplacementPlugin } = requireWebpack();
      c.plugins = [...(c.plugins ?? []), ...replacements.map((r) => new NormalModuleReplacementPlugin(r.pattern, r.path))];
      return c;
    },
  });
}

/** The bundler's own webpack (a dependency of @temporalio/worker), loaded only when a test swaps modules. */
const requireWebpack = () => createRequire(createRequire(import.meta.url).resolve('@temporalio/worker'))('webpack');

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
  /** Activity log lines (one per attempt, with the request ID); none when omitted. */
  log?: Logger;
}): Promise<Worker> {
  // A broken procedure file stops start-up here, naming the file's fields, rather than failing a dossier later.
  procedures.validateAll();
  if (procedures.all().length === 0) throw new Error('Không có thủ tục nào được định nghĩa (no procedures defined)');
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    interceptors: {
      activity: opts.log ? [activityLogging(opts.log)] : [],
      ...(opts.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }),
    },
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath, bundlerOptions: { ...bundlerOptions } }),
  });
}
