/**
 * Headless Chromium for tests: Debian's `chromium` package driven by playwright-core
 * (which downloads no browser of its own). A test that needs it passes
 * `{ skip: chromiumSkipReason() }`, so without the binary it is skipped with the reason
 * printed, and with it the real browser runs.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { externalBinary } from './external-binary.ts';

/** CHROMIUM_PATH first, then where Debian and Ubuntu install it. */
const CHROMIUM = externalBinary({
  name: 'Chromium', envVar: 'CHROMIUM_PATH', paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'], install: 'apt-get install chromium',
});

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');

export const findChromium = CHROMIUM.find;

/** For node:test's `skip` option: false when Chromium is installed, else why the test cannot run. */
export const chromiumSkipReason = CHROMIUM.skipReason;

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === null) throw new Error(chromiumSkipReason() || 'Chromium not found');
  return chromium.launch({
    executablePath,
    headless: true,
    // Root (CI containers) cannot use Chromium's sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Everything a page complained about: console errors, uncaught exceptions, failed or 4xx/5xx requests. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
}

export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('requestfailed', (request) => problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  return problems;
}

/** A PNG of the whole page (or only the viewport) under test-artifacts/; returns its path. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
