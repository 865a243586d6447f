// The admin's console in a real browser (system Chromium) against the real collector (`npm start
// --workspace collector`, which builds the console first when needed) on embedded PGlite and on a
// real PostgreSQL: sign-in, the overview's figures against records this test posts, the records
// table's filter and its export, a detection report, the monthly report printed to PDF, an
// organisation-limited token, and axe-core on every page. The records are dated March 2031 (JST);
// nothing here depends on the day the test runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { startPostgres } from '../../collector/test/postgres.js';
import {
  ADMIN,
  AUDITOR,
  CITY_A,
  fixtureRecords,
  post,
  SNAPSHOT_MARK,
  SUGGESTED_VALUE,
  startCollector,
} from './console-harness.mjs';
import { CHROMIUM } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const WRONG = 'wrong-token-that-must-never-be-logged';

async function axeViolations(page) {
  // Evaluated through the DevTools protocol: the page's own Content-Security-Policy (no inline scripts) stays on.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const figure = (page, name) => page.locator(`[data-figure="${name}"] dd`).textContent();
const MARCH = 'from=2031-03-01&to=2031-03-31';
const MARCH_FIGURES = '[data-period="2031-03-01..2031-03-31"]';

function consoleSuite(name, options) {
  describe(`console on ${name}`, () => {
    let collector;
    let browser;
    let page;
    let cleanup;
    const downloads = mkdtempSync(join(tmpdir(), 'mg-console-'));
    before(async () => {
      const env = await options.env();
      cleanup = env.cleanup;
      collector = await startCollector(env.vars);
      await post(collector.base, fixtureRecords());
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu'],
      });
      const context = await browser.newContext({
        locale: 'ja-JP',
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
      });
      page = await context.newPage();
    });
    after(async () => {
      await browser?.close();
      await collector?.stop();
      await cleanup?.();
      rmSync(downloads, { recursive: true, force: true });
    });

    it('refuses a wrong token (slowly, never logging it), then signs in with a session cookie', async () => {
      await page.goto(`${collector.base}/console/`);
      // The sign-in form, not the "loading" the app shows while it asks whether a session exists.
      await page.locator('#token').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'sign-in page');
      await page.fill('#token', WRONG);
      const started = Date.now();
      await page.click('button[type=submit]');
      await page.getByRole('alert').waitFor();
      assert.ok(Date.now() - started >= 300, 'a wrong token is answered slowly');
      assert.ok(!collector.output().includes(WRONG), 'the wrong token is not in the log');
      await page.fill('#token', ADMIN);
      await page.click('button[type=submit]');
      await page.locator('[data-role="admin"]').waitFor();
      const [cookie] = await page.context().cookies();
      assert.equal(cookie.name, 'mg_console');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      // A change with the cookie but without the session's CSRF token is refused.
      const forged = await page.evaluate(async () => {
        const response = await fetch(`/console/api/reports/${crypto.randomUUID()}/publish`, { method: 'POST' });
        return [response.status, (await response.json()).error];
      });
      assert.deepEqual(forged, [403, 'CSRF check failed']);
    });

    it('shows the overview figures of the records posted', async () => {
      await page.goto(`${collector.base}/console/#/overview?${MARCH}`);
      // The figures of March, not of the period shown before the address changed (the default: the last 30 days).
      await page.locator(`${MARCH_FIGURES} [data-figure="warningsClass2"]`).waitFor();
      assert.equal(await figure(page, 'warningsClass2'), '7');
      assert.equal(await figure(page, 'classifiedMeetings'), '7');
      assert.equal(await figure(page, 'confirmations'), '1');
      assert.equal(await figure(page, 'outsideMeetings'), '3');
      assert.match(await figure(page, 'installations'), /\/ 3$/);
      assert.equal(await page.locator('[data-table="department"] [data-row="総務課"] td').first().textContent(), '4');
      assert.equal(await page.locator('[data-table="service"] [data-row="meet"] td').first().textContent(), '3');
      await page.locator('details summary').first().click();
      assert.equal(await page.locator('td[data-day="2031-03-04"][data-kind="recording"]').textContent(), '1');
      assert.equal(await page.locator('canvas[role="img"]').count(), 1, 'the chart is drawn');
      assert.deepEqual(await axeViolations(page), [], 'overview');
    });

    it('filters the records table and exports the filtered set as CSV (BOM) and JSONL', async () => {
      await page.goto(`${collector.base}/console/#/records?${MARCH}`);
      await page.locator('[data-table="records"]').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'records');
      await page.getByLabel('所属').fill('総務課');
      await page.getByLabel('警告').selectOption('recording');
      await page.getByLabel('機密性').selectOption('2+');
      await page.getByRole('button', { name: '表示' }).click();
      await page.waitForFunction(() => location.hash.includes('warning=recording'));
      await page.waitForFunction(() => document.querySelectorAll('[data-table="records"] tbody tr').length === 2);
      const titles = await page.locator('[data-table="records"] tbody tr td:nth-child(7)').allInnerTexts();
      assert.deepEqual(titles.sort(), ['予算調整 機密性2', '課内会議【機密性2】']);

      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
      const csvPath = join(downloads, 'records.csv');
      await csv.saveAs(csvPath);
      const text = readFileSync(csvPath, 'utf8');
      assert.ok(text.startsWith('\uFEFFid,at,event'), 'CSV with a byte-order mark');
      const lines = text.trim().split('\r\n');
      assert.equal(lines.length, 3, 'header and the two filtered records');
      assert.ok(lines.some((line) => line.includes('課内会議【機密性2】')));

      const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="jsonl"]')]);
      const jsonlPath = join(downloads, 'records.jsonl');
      await jsonl.saveAs(jsonlPath);
      const exported = readFileSync(jsonlPath, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(exported.map((r) => r.meetingId).sort(), ['81234567890', 'aaa-bbbb-ccc']);

      await page.locator('[data-table="records"] tbody tr button').first().click();
      await page.locator('[data-detail] dl').waitFor();
      assert.match(await page.locator('[data-detail]').textContent(), /department\s*総務課/);
    });

    it('lists outside meetings with and without an approval number (21-4)', async () => {
      await page.goto(`${collector.base}/console/#/external?${MARCH}`);
      await page.locator('[data-table="external"]').waitFor();
      assert.equal(await figure(page, 'withApproval'), '1');
      assert.equal(await figure(page, 'withoutApproval'), '2');
      assert.match(await page.locator('[data-approval="yes"]').textContent(), /AP-2031-001/);
      assert.deepEqual(await axeViolations(page), [], 'external');
    });

    it('marks a policy value the browser runs on its default although the organisation sets it', async () => {
      await page.goto(`${collector.base}/console/#/fleet`);
      await page.locator('[data-table="fleet"]').waitFor();
      assert.equal(await page.locator('[data-table="fleet"] tbody tr').count(), 3);
      assert.equal(
        await page.locator('[data-installation="inst-a2"] [data-dropped]').getAttribute('data-dropped'),
        'permittedServices',
      );
      assert.equal(await page.locator('[data-installation="inst-a1"] [data-dropped]').count(), 0);
      assert.match(await page.locator('[data-installation="inst-a2"]').textContent(), /edge 140/);
      assert.deepEqual(await axeViolations(page), [], 'fleet');
    });

    it('opens a detection report with its snapshot, and publishes its entry as a rule where the collector signs rules', async () => {
      await page.goto(`${collector.base}/console/#/reports?${MARCH}`);
      await page.locator('[data-table="records"]').waitFor();
      await page.locator('[data-table="records"] tbody tr button').first().click();
      await page.locator('[data-report]').waitFor();
      assert.match(await page.locator('[data-report]').textContent(), new RegExp(SNAPSHOT_MARK));
      assert.deepEqual(await axeViolations(page), [], 'reports');
      const { publishing } = await page.evaluate(async () => (await fetch('/console/api/reports')).json());
      if (!publishing) {
        // A collector without issue 20's signed rules says so instead of offering the button.
        await page.locator('[data-publish="unavailable"]').waitFor();
        return;
      }
      await page.getByRole('button', { name: 'ルールとして公開' }).click();
      await page.locator('[data-publish="done"]').waitFor();
      const rules = await (await fetch(`${collector.base}/rules.json`)).json();
      assert.ok(JSON.stringify(rules).includes(SUGGESTED_VALUE), 'the signed rules carry the suggested entry');
    });

    it("prints the monthly report; the PDF has the month's figures clause by clause", async () => {
      await page.goto(`${collector.base}/console/#/monthly?month=2031-03`);
      await page.locator('[data-table="clauses"]').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'monthly');
      const pdfPath = join(downloads, 'monthly.pdf');
      writeFileSync(pdfPath, await page.pdf({ format: 'A4', printBackground: true }));
      const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      assert.match(text, /月次自己点検レポート2031-03/);
      // Table cells wrap and pdftotext interleaves neighbouring cells' lines: each figure is checked on its own.
      for (const figure of [
        '記録:13',
        '機密性2以上での警告:7',
        '外部の会議:3件',
        '承認番号あり1件',
        'のべ5件',
        'recording3',
      ])
        assert.ok(text.includes(figure), `the PDF says ${figure}`);
      assert.match(text, /手動での確認:1回/);
      assert.match(text, /21-no-e2e-breaking/);
      assert.ok(!text.includes('サインアウト'), 'print CSS leaves out the navigation');
    });

    it('an organisation-limited token sees only its organisation', async () => {
      await page.goto(`${collector.base}/console/#/overview?${MARCH}`);
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await page.fill('#token', CITY_A);
      await page.click('button[type=submit]');
      await page.locator('[data-organization="city-a"]').waitFor();
      await page.locator(`${MARCH_FIGURES} [data-figure="warningsClass2"]`).waitFor();
      assert.equal(await figure(page, 'warningsClass2'), '5');
      assert.equal(await figure(page, 'outsideMeetings'), '2');
      assert.match(await figure(page, 'installations'), /\/ 2$/);
      // Asking for the other organisation by name gives nothing (the limit is in SQL, not in the page).
      const other = await page.evaluate(async (query) => {
        const response = await fetch(`/console/api/records?${query}&organization=city-b`);
        return (await response.json()).records.length;
      }, MARCH);
      assert.equal(other, 0);
      await page.goto(`${collector.base}/console/#/records?${MARCH}`);
      await page.locator('[data-table="records"]').waitFor();
      assert.ok(!(await page.locator('[data-table="records"]').textContent()).includes('B市'));
      await page.goto(`${collector.base}/console/#/fleet`);
      await page.locator('[data-table="fleet"]').waitFor();
      assert.equal(await page.locator('[data-installation="inst-b1"]').count(), 0);
      const monthly = await page.evaluate(
        async () => (await (await fetch('/console/api/monthly?month=2031-03')).json()).outside,
      );
      assert.deepEqual(monthly, { total: 2, withApproval: 1, withoutApproval: 1 });
    });

    it('the auditor reads but cannot publish; Bearer tokens still work for scripts', async () => {
      const read = await fetch(`${collector.base}/console/api/overview?${MARCH}`, {
        headers: { authorization: `Bearer ${AUDITOR}` },
      });
      assert.equal(read.status, 200);
      assert.equal((await read.json()).figures.warningsClass2, 7);
      const reports = await (
        await fetch(`${collector.base}/console/api/reports?${MARCH}`, {
          headers: { authorization: `Bearer ${AUDITOR}` },
        })
      ).json();
      const publish = await fetch(`${collector.base}/console/api/reports/${reports.records[0].id}/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AUDITOR}` },
      });
      assert.equal(publish.status, 403);
      const none = await fetch(`${collector.base}/console/api/overview`);
      assert.equal(none.status, 401);
    });
  });
}

consoleSuite('PGlite', {
  async env() {
    const dir = mkdtempSync(join(tmpdir(), 'mg-console-pglite-'));
    return { vars: { COLLECTOR_DATA_DIR: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
});

consoleSuite('PostgreSQL', {
  async env() {
    const postgres = await startPostgres();
    return { vars: { DATABASE_URL: postgres.url }, cleanup: () => postgres.stop() };
  },
});
