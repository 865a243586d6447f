// Real Chromium with the built extension (issue 13): the vendors' own recording notices raise the recording warning.
// - Teams in Japanese: the compliance notice 「レコーディングとトランスクリプトが開始されました。」 (Microsoft's ja-JP
//   wording, docs/sources.md acs-ui-library) in the meeting page.
// - Webex: the recording indicator inside the web app's iframe#unified-webclient-iframe. Webex's wording is not
//   public, so the built-in table reads nothing there; the admin's managed policy teaches the tenant's label
//   (selectorOverrides.webex.recordingIndicatorLabel), as a city would the day it sees it. Without the policy the
//   same page stays 要確認 and the popup says the item is not read yet (never that Webex does not show it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bannerText, launchChromium, openMeeting, popupWhen, startFixtureServer, waitFor } from './harness.mjs';

const TEAMS_MEET = 'https://teams.microsoft.com/meet/233362334498301?p=Xq7Bt2Lm';
const TEAMS_JOIN =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmFrZS1tZWV0aW5nLWlk%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%2c%22Oid%22%3a%22o%22%7d';
const WEBEX_ROOM = 'https://example.webex.com/meet/taro.yamada';
/** The tenant's label of the indicator, as the admin captured it (a placeholder: the real wording is not public). */
const WEBEX_INDICATOR = '(placeholder) recording indicator';

let server;
before(async () => {
  server = await startFixtureServer();
});
after(async () => {
  await server?.close();
});

/** The popup's view of a tab once `warning` is among its warnings, and the page's banner. */
async function expectWarning(run, page, tabId, warning) {
  const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes(warning));
  assert.ok(state.warnings.includes(warning), `popup shows ${warning}`);
  assert.equal(state.classification, '2', 'the default class is 機密性2');
  assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
  assert.match(await waitFor(() => bannerText(run, page), { message: 'banner' }), /録画されています/);
  await popup.close();
  return state;
}

describe('with the admin policy that teaches the Webex tenant its indicator label', () => {
  let run;
  before(async () => {
    run = await launchChromium(server, {
      locale: 'ja-JP',
      policy: { selectorOverrides: { webex: { recordingIndicatorLabel: { add: [WEBEX_INDICATOR] } } } },
    });
  });
  after(async () => {
    await run?.close();
  });

  it('Teams, Japanese UI: the recording and transcription notice raises both warnings', async () => {
    const { page, tabId } = await openMeeting(run, server, TEAMS_MEET, 'teams/recording-notice.ja');
    const state = await expectWarning(run, page, tabId, 'recording');
    assert.ok(state.warnings.includes('transcription'), 'transcription warning');
    await page.close();
  });

  it('Teams: the same words quoted in the chat raise nothing', async () => {
    const { page, tabId } = await openMeeting(run, server, TEAMS_JOIN, 'teams/meeting.en');
    const { popup, state } = await popupWhen(run, tabId);
    assert.ok(!state.warnings.includes('recording'));
    assert.equal(state.checks['21-no-e2e-breaking'], 'unknown');
    for (const p of [popup, page]) await p.close();
  });

  it('Webex: the recording indicator inside iframe#unified-webclient-iframe raises the recording warning', async () => {
    const { page, tabId } = await openMeeting(
      run,
      server,
      WEBEX_ROOM,
      'webex/shell.en',
      'webex/recording-indicator.en',
    );
    assert.equal(await page.locator('iframe#unified-webclient-iframe').count(), 1);
    await expectWarning(run, page, tabId, 'recording');
    await page.close();
  });
});

describe('without that policy', () => {
  let run;
  before(async () => {
    run = await launchChromium(server, { locale: 'ja-JP' });
  });
  after(async () => {
    await run?.close();
  });

  it('Webex: the same indicator is 要確認, and the popup says it is not read yet, not that Webex never shows it', async () => {
    const { page, tabId } = await openMeeting(
      run,
      server,
      WEBEX_ROOM,
      'webex/shell.en',
      'webex/recording-indicator.en',
    );
    const { popup, state } = await popupWhen(run, tabId);
    assert.ok(!state.warnings.includes('recording'));
    assert.equal(state.checks['21-no-e2e-breaking'], 'unknown');
    assert.match(await popup.getAttribute('[data-not-read]', 'data-not-read'), /recording/);
    assert.equal(await popup.locator('[data-never-shown]').count(), 0);
    for (const p of [popup, page]) await p.close();
  });
});
