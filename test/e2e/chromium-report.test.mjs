// Real Chromium with the built extension and the reference collector on PGlite behind TLS (issue 20): the repair
// loop end to end. A Webex meeting whose recording indicator the built-in tables do not know reads recording
// unknown; the person reports it from the popup; the snapshot reaching the collector holds the indicator and none
// of the page's chat, caption or participant-name text; the admin makes a rule from the report and publishes it
// through the collector's API; the extension fetches the signed rules (options page 「今すぐ取得」: no restart, no
// policy change) and the same open page now warns "recording". Then the picker: pointing at the indicator proposes
// an entry that, put into a policy's selectorOverrides, makes the page warn.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  bannerText,
  extensionPage,
  launchChromium,
  openMeeting,
  openPopup,
  popupWhen,
  startFixtureServer,
  waitFor,
} from './harness.mjs';
import { COLLECTOR_HOST, PRIVATE, publishRuleFromReport, startCollector, WEBEX_ROOM } from './report-collector.mjs';

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

describe('report → review → publish → the same open page', () => {
  let run;
  before(async () => {
    run = await launchChromium(server, {
      locale: 'ja-JP',
      policy: {
        reportEndpoint: `https://${COLLECTOR_HOST}/records`,
        rulesUrl: `https://${COLLECTOR_HOST}/rules.json`,
        rulesPublicKey: collector.publicKey,
      },
      extraHosts: { [COLLECTOR_HOST]: collector.port },
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
    const preview = await popup.textContent('.preview');
    assert.match(preview, /recording-status-indicator/);
    for (const word of PRIVATE) assert.ok(!preview.includes(word), `the preview holds no "${word}"`);
    await popup.selectOption('select[name="report-signal"]', 'recording');
    await popup.click('[data-action="send"]');
    const recordId = await (await popup.waitForSelector('[data-report="sent"]')).getAttribute('data-record-id');
    await popup.close();

    // It reaches the collector; the admin finds the indicator in it, nothing private, and publishes a rule from it.
    await publishRuleFromReport(collector, recordId);

    // The extension fetches the signed rules on demand (options page), no restart, no policy change.
    const options = await extensionPage(run, 'options/index.html');
    await options.waitForSelector('section.rules');
    await options.click('[data-action="refresh-rules"]');
    await options.waitForSelector('section.rules[data-version="1"]', { timeout: 15_000 });
    assert.equal(await options.getAttribute('section.rules', 'data-source'), `https://${COLLECTOR_HOST}/rules.json`);
    await options.close();

    // The same open page now warns "recording".
    const after = await popupWhen(run, tabId, (s) => s.warnings.includes('recording'));
    assert.equal(after.state.checks['21-no-e2e-breaking'], 'ng');
    assert.match(await waitFor(() => bannerText(run, page), { message: 'banner' }), /録画されています/);
    for (const p of [after.popup, page]) await p.close();
  });
});

describe('the picker', () => {
  let entry;

  it('proposes an entry for the indicator pointed at', async () => {
    const run = await launchChromium(server, { locale: 'ja-JP' });
    try {
      const { page, tabId } = await openMeeting(run, server, WEBEX_ROOM, 'webex/shell.en', 'webex/report-meeting.en');
      const popup = await openPopup(run, tabId);
      await popup.click('[data-action="report"]');
      await popup.waitForSelector('[data-action="pick"]');
      await popup.click('[data-action="pick"]');
      const frame = page.frameLocator('iframe#unified-webclient-iframe');
      // The picker is in place once its host element is in the frame.
      await waitFor(async () => (await frame.locator('meeting-guard-picker').count()) === 1, { message: 'picker' });
      await frame.locator('.rec-dot').click();
      await frame.locator('body').press('Escape');
      // Escape closes the picker with its proposal, which background attaches to the tab's next report.
      const suggestion = await waitFor(
        async () => {
          const again = await openPopup(run, tabId);
          try {
            await again.click('[data-action="report"]');
            await again.waitForSelector('[data-report="form"]');
            return await again
              .locator('[data-suggestion]')
              .getAttribute('data-suggestion', { timeout: 1_000 })
              .catch(() => null);
          } finally {
            await again.close();
          }
        },
        { timeout: 20_000, message: 'the proposal attached to the report' },
      );
      assert.equal(suggestion, 'recordingOn=[role="status"][aria-label="Recording"]');
      entry = { webex: { recordingOn: { add: [suggestion.slice('recordingOn='.length)] } } };
      await page.close();
    } finally {
      await run.close();
    }
  });

  it("makes the page warn once the entry is in the policy's selectorOverrides", async () => {
    assert.ok(entry, 'the picker proposed an entry');
    const run = await launchChromium(server, { locale: 'ja-JP', policy: { selectorOverrides: entry } });
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
