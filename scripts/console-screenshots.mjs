// Screenshots of each page of the admin's console for the README and the admin guide (docs/console/*.png):
// the real collector on a throwaway PGlite with the console test's records (March 2031), headless Chromium.
//   node scripts/console-screenshots.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ADMIN, fixtureRecords, post, startCollector } from '../test/e2e/console-harness.mjs';
import { CHROMIUM } from '../test/e2e/harness.mjs';

const OUT = new URL('../docs/console/', import.meta.url).pathname;
const MARCH = 'from=2031-03-01&to=2031-03-31';
const PAGES = [
  ['overview', `#/overview?${MARCH}`, '[data-figure="warningsClass2"]'],
  ['records', `#/records?${MARCH}&classification=2%2B`, '[data-table="records"]'],
  ['external', `#/external?${MARCH}`, '[data-table="external"]'],
  ['fleet', '#/fleet', '[data-table="fleet"]'],
  ['reports', `#/reports?${MARCH}`, '[data-table="records"]'],
  ['monthly', '#/monthly?month=2031-03', '[data-table="clauses"]'],
];

const dir = mkdtempSync(join(tmpdir(), 'mg-shots-'));
const collector = await startCollector({ COLLECTOR_DATA_DIR: dir });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
try {
  await post(collector.base, fixtureRecords());
  const page = await browser.newPage({ locale: 'ja-JP', viewport: { width: 1280, height: 860 } });
  await page.goto(`${collector.base}/console/`);
  await page.screenshot({ path: join(OUT, 'sign-in.png') });
  await page.fill('#token', ADMIN);
  await page.click('button[type=submit]');
  await page.locator('[data-role="admin"]').waitFor();
  for (const [name, hash, ready] of PAGES) {
    await page.goto(`${collector.base}/console/${hash}`);
    await page.locator(ready).waitFor();
    if (name === 'records' || name === 'reports') {
      await page.locator('[data-table="records"] tbody tr button').first().click();
      await page.locator('[data-detail] dl').waitFor();
    }
    if (name === 'fleet') await page.locator('[data-installation="inst-a2"] summary').click();
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`docs/console/${name}.png`);
  }
} finally {
  await browser.close();
  await collector.stop();
  rmSync(dir, { recursive: true, force: true });
}
