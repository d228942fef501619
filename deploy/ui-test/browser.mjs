// Shared by the browser tests: a headless Debian chromium on a fresh profile, and the prefill step.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A 1366×768 zh-CN page in a fresh profile; close() removes the profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'datarun-ui-chromium-'));
  // launchPersistentContext is Playwright's way of passing a fresh --user-data-dir
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return { page, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/**
 * Chooses the form, types the resident ID and fetches the prefill. The serving stores answer 503
 * (store-starting, store-rebalancing) for a while after a start or a new topic: retried.
 */
export async function prefill(page, formTitle, resident, attempts = 30) {
  await page.selectOption('#form-select', { label: formTitle });
  await page.fill('#resident-id', resident);
  for (let attempt = 1; ; attempt++) {
    await page.click('#fetch-prefill');
    await page.waitForSelector('#filled-form, #prefill-out .alert');
    if (await page.$('#filled-form')) return;
    const text = await page.textContent('#prefill-out .alert');
    if (attempt >= attempts || !/503/.test(text)) assert.fail('prefill refused: ' + text);
    await page.waitForTimeout(3000);
  }
}

/** Saves a full-page screenshot under target/shots (for a look at what the test saw). */
export async function shot(page, name) {
  const dir = new URL('./target/shots/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: new URL(name + '.png', dir).pathname, fullPage: true });
}

/** True when the page is no wider than the window (no horizontal scroll bar). */
export const fitsWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The claims of a JWT (no verification: the test minted or received it). */
export const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
