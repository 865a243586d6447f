// Real Chromium (issue 8, background and view parts): a meeting iframe whose document is gone no
// longer speaks for the tab, and two in-app Teams calls at the same address do not share a class mark.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchChromium, openMeeting, popupState, popupWhen, startFixtureServer, waitFor } from './harness.mjs';

const ZOOM = 'https://app.zoom.us/wc/81234567890/join';
const TEAMS_APP = 'https://teams.microsoft.com/v2/';

describe('frames and meetings with a lifetime (Chromium)', () => {
  let server;
  let run;
  before(async () => {
    server = await startFixtureServer();
    run = await launchChromium(server, { locale: 'ja-JP' });
  });
  after(async () => {
    await run?.close();
    await server?.close();
  });

  it("drops a Zoom meeting iframe's reading once its document is gone, and follows the iframe's new document", async () => {
    const { page, tabId } = await openMeeting(run, server, ZOOM, 'zoom/shell.ja', 'zoom/recording-host.en');
    const first = await popupWhen(run, tabId, (state) => state.warnings.includes('recording'));
    await first.popup.close();
    // The meeting iframe loads a page no content script runs in: its old reading must not stay.
    await page.evaluate(() => {
      document.querySelector('iframe').src = 'about:blank';
    });
    const gone = await popupWhen(run, tabId, (state) => !state.warnings.includes('recording'));
    assert.ok(!gone.state.warnings.includes('recording'));
    await gone.popup.close();
    // The iframe reloads with another state: that reading replaces the old one.
    await page.evaluate(() => {
      const url = new URL(location.href);
      url.searchParams.set('mg-fixture', 'zoom/recording-host.en');
      url.searchParams.delete('mg-frame');
      document.querySelector('iframe').src = url.pathname + url.search;
    });
    const back = await popupWhen(run, tabId, (state) => state.warnings.includes('recording'));
    await back.popup.close();
    await page.close();
  });

  it('does not carry a class mark from one in-app Teams call into the next at the same address', async () => {
    const { page, tabId } = await openMeeting(run, server, TEAMS_APP, 'teams/meeting.en');
    const { popup, state } = await popupWhen(run, tabId, (s) => Boolean(s.classification));
    assert.equal(state.classification, '2');
    await popup.check('input[name="classification"][value="1"]');
    await waitFor(async () => (await popupState(popup)).classification === '1', { message: 'class 1 marked' });
    // The call ends (the app shows its chat), then the next call starts at the same address.
    const callDom = await page.evaluate(() => {
      const html = document.body.innerHTML;
      document.body.innerHTML = '<main><h1>Chat</h1></main>';
      return html;
    });
    await waitFor(async () => !(await popupState(popup)).classification, { message: 'the call left' });
    await page.evaluate((html) => {
      document.body.innerHTML = html;
    }, callDom);
    await waitFor(async () => Boolean((await popupState(popup)).classification), { message: 'the next call' });
    const next = await popupState(popup);
    assert.equal(next.classification, '2', 'the last call’s 機密性1 mark does not apply');
    assert.equal(next.source, 'policy');
    for (const p of [popup, page]) await p.close();
  });
});
