/**
 * Finds Chromium for the browser tests the way scripts/temporal-binaries.ts finds Temporal: CHROMIUM_PATH, then
 * PATH, then (as root on Debian/Ubuntu) `apt-get install chromium`, so `npm test` works on a fresh machine.
 * Playwright's own browser download is never used.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

function onPath(): string | null {
  for (const name of NAMES) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const p = r.stdout.trim();
    if (r.status === 0 && p && existsSync(p)) return p;
  }
  return null;
}

export function resolveChromium(log: (line: string) => void = () => {}): { path: string } | { error: string } {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? { path: explicit } : { error: `CHROMIUM_PATH=${explicit} does not exist` };
  const found = onPath();
  if (found) return { path: found };
  const root = process.getuid?.() === 0;
  if (root && process.platform === 'linux' && onPathCommand('apt-get')) {
    log('Chromium not found: installing Debian package chromium (apt-get)…');
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
      const installed = onPath();
      if (installed) return { path: installed };
    } catch (err) {
      log(`apt-get install chromium failed: ${(err as Error).message}`);
    }
  }
  return {
    error:
      'Chromium not found: install it (apt-get install chromium, as .ci/run does), point CHROMIUM_PATH at a Chromium ' +
      'binary, or set SKIP_BROWSER_TESTS=1 to skip the browser tests',
  };
}

function onPathCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/**
 * Under `TEST_CLOCK_AT` (test/clock-setup.ts) the test process runs on another date than Chromium: the page's `Date`
 * is shifted by the same offset (an init script, outside the page's CSP), so token expiry and dates agree on both
 * sides. (Playwright's own clock.install misbehaves when the test process's Date is faked.)
 */
export async function alignBrowserClock(context: import('playwright-core').BrowserContext): Promise<void> {
  if (!process.env.TEST_CLOCK_AT) return;
  const { vi } = await import('vitest');
  const offset = Date.now() - vi.getRealSystemTime();
  await context.addInitScript(`(() => {
    const Real = Date, offset = ${offset};
    class Shifted extends Real {
      constructor(...a) { if (a.length) super(...a); else super(Real.now() + offset); }
      static now() { return Real.now() + offset; }
    }
    globalThis.Date = Shifted;
  })();`);
}
