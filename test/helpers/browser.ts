// The one place that finds Chromium and launches it (playwright-core, headless, offline flags).
//
//   CHROMIUM_PATH=/path/to/chrome     use that binary instead of Debian's /usr/bin/chromium
//   MATDIFF_SKIP_BROWSER=1            skip the browser tests on purpose
//   MATDIFF_REQUIRE_BROWSER=1         no Chromium is a failure, not a skip (wins over SKIP)
//
// A skipped browser test is registered with uvu's `skip`, so the closing line counts it as
// skipped (a line `1 skipped` before the closing `N passed, 0 failed`), and says why on the console.
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What the browser tests do here: run with `path`, or not (skip, or fail when required). */
export type BrowserPlan = { run: true; path: string } | { run: false; fail: boolean; message: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function browserPlan(env: NodeJS.ProcessEnv = process.env): BrowserPlan {
  const path = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  const required = env.MATDIFF_REQUIRE_BROWSER === '1';
  const found = executable(path);
  const where = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${path}` : path;
  if (required && !found) return { run: false, fail: true, message: `Chromium is required (MATDIFF_REQUIRE_BROWSER=1) but none was found at ${where}: apt-get install chromium, or set CHROMIUM_PATH` };
  if (!required && env.MATDIFF_SKIP_BROWSER === '1') return { run: false, fail: false, message: 'skipped: MATDIFF_SKIP_BROWSER=1 (set MATDIFF_REQUIRE_BROWSER=1 to run it anyway)' };
  if (!found) return { run: false, fail: false, message: `skipped: no Chromium found at ${where} (apt-get install chromium, or set CHROMIUM_PATH); set MATDIFF_REQUIRE_BROWSER=1 to make this an error` };
  return { run: true, path };
}

export interface Browser {
  context: BrowserContext;
  /** a fresh temporary folder (the profile lives in `dir/profile`); removed by close() unless `keep` */
  dir: string;
  close(): Promise<void>;
}

/**
 * Launch Chromium with a fresh profile. Throws when the plan is not to run. `keep`: close()
 * removes only the profile, so files written to `dir` (a screenshot) stay for a look.
 */
export async function launchBrowser(opts: { viewport?: { width: number; height: number }; keep?: boolean } = {}): Promise<Browser> {
  const plan = browserPlan();
  if (!plan.run) throw new Error(plan.message);
  const dir = mkdtempSync(join(tmpdir(), 'matdiff-browser-'));
  // a fresh profile each run (launchPersistentContext passes it as --user-data-dir)
  const profile = join(dir, 'profile');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: plan.path, headless: true, args: CHROMIUM_ARGS, viewport: opts.viewport ?? { width: 1100, height: 900 } });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not launch Chromium (${plan.path}): ${(e as Error).message}`);
  }
  return {
    context,
    dir,
    close: async () => {
      await context.close();
      rmSync(opts.keep ? profile : dir, { recursive: true, force: true });
    },
  };
}

/**
 * A uvu test that needs Chromium: launched before `fn`, closed after. Where there is none it is
 * skipped (with a line on the console) or, under MATDIFF_REQUIRE_BROWSER=1, fails saying so.
 */
export function browserTest(suite: Test, name: string, fn: (b: Browser) => Promise<void>, opts: Parameters<typeof launchBrowser>[0] = {}): void {
  const decided = browserPlan();
  if (!decided.run && !decided.fail) {
    console.log(`\n  ${name}: ${decided.message}`);
    suite.skip(name, async () => {});
    return;
  }
  suite(name, async () => {
    const plan = browserPlan();
    if (!plan.run) assert.unreachable(plan.message);
    const b = await launchBrowser(opts);
    try {
      await fn(b);
    } finally {
      await b.close();
    }
  });
}

/** Collect a page's console errors and uncaught errors (call before navigating). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.stack ?? e.message}`));
  return errors;
}
