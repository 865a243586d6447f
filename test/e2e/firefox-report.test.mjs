// The repair loop of issue 20 in Firefox ESR (WebDriver BiDi, the real dist/firefox), as chromium-report.test.mjs runs
// it in Chromium: a Webex meeting whose recording indicator the built-in tables do not know reads recording unknown;
// the person reports it from the popup; the snapshot at the collector (PGlite behind TLS) holds the indicator and
// none of the page's chat, caption or participant-name text; the admin publishes a rule through the collector's API;
// the extension fetches the signed rules (options page 「今すぐ取得」) and the same open page warns "recording".
// Then the picker, and its proposal in policies.json's selectorOverrides.
//
// Harness limit: Firefox maps host names (network.dns.forceResolve), not ports, and port 443 is the fixture
// server's, so the policy names the collector with its port (https://guard.city-example.jp:<port>/…). The policy
// check takes any https URL; the extension's requests are the same plain CORS fetches as without a port.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  bannerText,
  launchFirefox,
  openMeeting,
  openPopup,
  popupWhen,
  startFixtureServer,
  waitFor,
} from './harness-firefox.mjs';
import { COLLECTOR_HOST, PRIVATE, publishRuleFromReport, startCollector, WEBEX_ROOM } from './report-collector.mjs';

const text = (page, selector) => page.$eval(selector, (element) => element.textContent);
const attribute = (page, selector, name) => page.$eval(selector, (element, n) => element.getAttribute(n), name);

let server;
let collector;
before(async () => {
  server = await startFixtureServer();
  collector = await startCollector();
});
after(async () => {
  await collector?.close();
  await server?.close();
});

describe('Firefox: report → review → publish → the same open page', () => {
  let run;
  let origin;
  before(async () => {
    origin = `https://${COLLECTOR_HOST}:${collector.port}`;
    run = await launchFirefox(server, {
      policy: {
        // Firefox ESR's UI here is English: the policy gives the Japanese a city's staff see.
        locale: 'ja',
        reportEndpoint: `${origin}/records`,
        rulesUrl: `${origin}/rules.json`,
        rulesPublicKey: collector.publicKey,
      },
    });
  });
  after(async () => {
    await run?.close();
  });

  it('reports, publishes and warns without a restart or a policy change', async () => {
    const { page, tabId } = await openMeeting(run, server, WEBEX_ROOM, 'webex/shell.en', 'webex/report-meeting.en');
    const { popup, state } = await popupWhen(run, tabId);
    assert.ok(!state.warnings.includes('recording'), 'the built-in tables do not know the indicator');
    assert.equal(state.checks['21-no-e2e-breaking'], 'unknown');

    // The person reports it: the popup shows what goes, and sends it.
    await popup.click('[data-action="report"]');
    await popup.waitForSelector('[data-report="form"]');
    const preview = await text(popup, '.preview');
    assert.match(preview, /recording-status-indicator/);
    for (const word of PRIVATE) assert.ok(!preview.includes(word), `the preview holds no "${word}"`);
    await popup.select('select[name="report-signal"]', 'recording');
    await popup.click('[data-action="send"]');
    await popup.waitForSelector('[data-report="sent"]', { timeout: 15_000 });
    const recordId = await attribute(popup, '[data-report="sent"]', 'data-record-id');
    await popup.close();

    // It reaches the collector; the admin finds the indicator in it, nothing private, and publishes a rule from it.
    await publishRuleFromReport(collector, recordId);

    // The extension fetches the signed rules on demand (options page), no restart, no policy change.
    const options = await run.extensionPage('options/index.html');
    await options.waitForSelector('section.rules', { timeout: 10_000 });
    await options.click('[data-action="refresh-rules"]');
    await options.waitForSelector('section.rules[data-version="1"]', { timeout: 15_000 });
    assert.equal(await attribute(options, 'section.rules', 'data-source'), `${origin}/rules.json`);
    await options.close();

    // The same open page now warns "recording".
    const after = await popupWhen(run, tabId, (s) => s.warnings.includes('recording'));
    assert.equal(after.state.checks['21-no-e2e-breaking'], 'ng');
    assert.match(await waitFor(() => bannerText(run, tabId), { message: 'banner' }), /録画されています/);
    for (const p of [after.popup, page]) await p.close();
  });
});

describe('Firefox: the picker', () => {
  let entry;

  it('proposes an entry for the indicator pointed at', async () => {
    const run = await launchFirefox(server);
    try {
      const { page, tabId } = await openMeeting(run, server, WEBEX_ROOM, 'webex/shell.en', 'webex/report-meeting.en');
      // The fixture's meeting iframe has the default 300×150 size, in which the picker's panel (fixed at the
      // frame's bottom right, up to 420 px wide; wider in Firefox's English than in Chromium's Japanese) covers
      // the indicator and takes the click. Webex's meeting frame fills the window: the test gives it that size.
      await page.evaluate(() => {
        Object.assign(document.querySelector('iframe#unified-webclient-iframe').style, {
          width: '760px',
          height: '520px',
        });
      });
      const popup = await openPopup(run, tabId);
      await popup.click('[data-action="report"]');
      await popup.waitForSelector('[data-action="pick"]');
      await popup.click('[data-action="pick"]');
      const frame = await waitFor(
        () => page.frames().find((candidate) => candidate.url().includes('mg-fixture=webex%2Freport-meeting')),
        { message: 'the meeting iframe' },
      );
      // The picker is in place once its host element is in the frame.
      await waitFor(() => frame.$('meeting-guard-picker'), { message: 'picker' });
      // The popup, opened as a tab, took the foreground: pointing happens in the meeting's tab.
      await page.bringToFront();
      await frame.click('.rec-dot');
      await page.keyboard.press('Escape');
      // Escape closes the picker with its proposal, which background attaches to the tab's next report.
      const suggestion = await waitFor(
        async () => {
          const again = await openPopup(run, tabId);
          try {
            await again.click('[data-action="report"]');
            await again.waitForSelector('[data-report="form"]');
            return await again
              .waitForSelector('[data-suggestion]', { timeout: 1_000 })
              .then((element) => element.evaluate((e) => e.dataset.suggestion))
              .catch(() => null);
          } finally {
            await again.close();
          }
        },
        { timeout: 20_000, message: 'the proposal attached to the report' },
      );
      assert.equal(suggestion, 'recordingOn=[role="status"][aria-label="Recording"]');
      entry = { webex: { recordingOn: { add: [suggestion.slice('recordingOn='.length)] } } };
      await popup.close();
      await page.close();
    } finally {
      await run.close();
    }
  });

  it("makes the page warn once the entry is in policies.json's selectorOverrides", async () => {
    assert.ok(entry, 'the picker proposed an entry');
    const run = await launchFirefox(server, { policy: { selectorOverrides: entry } });
    try {
      const { page, tabId } = await openMeeting(run, server, WEBEX_ROOM, 'webex/shell.en', 'webex/report-meeting.en');
      const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes('recording'));
      assert.ok(state.warnings.includes('recording'));
      for (const p of [popup, page]) await p.close();
    } finally {
      await run.close();
    }
  });
});
