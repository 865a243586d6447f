// Real Chromium with the built extension, Zoom's web client at app.zoom.us: the participant's view of a running cloud
// recording as the Zoom Meeting SDK draws it (test/fixtures/zoom/recording-participant.*: an empty recording icon in
// the indicator, no text, and the footer still offering "Record") inside the same-origin iframe#webclient; and the
// host's view of a meeting that is archived, or live streamed, with no recording (issue 18: the empty status span is
// no "off", and both send the meeting to a third party).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  badgeText,
  bannerText,
  launchChromium,
  openMeeting,
  popupWhen,
  startFixtureServer,
  waitFor,
} from './harness.mjs';

const ZOOM = 'https://app.zoom.us/wc/81234567890/join';

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

describe('Zoom participant view of a running recording (icon only) in iframe#webclient', () => {
  for (const fixture of ['zoom/recording-participant.ja', 'zoom/recording-participant.en']) {
    it(`${fixture}: recording warning on the badge, the popup (with its evidence) and the banner at class 2`, async () => {
      const { page, tabId } = await openMeeting(run, server, ZOOM, 'zoom/shell.ja', fixture);
      // The meeting UI really is in the frame: the outer page has no indicator of its own.
      const frame = await waitFor(() => page.frames().find((f) => f.url().includes('mg-fixture=zoom%2Frecording')));
      assert.equal(await frame.locator('.recording-indication__recording-status').textContent(), '');
      assert.equal(await page.locator('.recording-indication__recording-status').count(), 0);

      const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes('recording'));
      assert.equal(state.classification, '2');
      assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
      assert.equal(await badgeText(run, tabId), String(state.warnings.length));
      const evidence = await popup.getAttribute('[data-warning="recording"] details.evidence', 'data-evidence-on');
      assert.equal(evidence, 'recordingIndicator');
      assert.match(await waitFor(() => bannerText(run, page), { message: 'banner' }), /録画されています/);
      for (const p of [popup, page]) await p.close();
    });
  }

  it('no recording warning for the same participant view when nothing records', async () => {
    const { page, tabId } = await openMeeting(run, server, ZOOM, 'zoom/shell.ja', 'zoom/not-recording-participant.ja');
    const { popup, state } = await popupWhen(run, tabId);
    assert.ok(!state.warnings.includes('recording'));
    // The footer's "Record" is no proof of "off": the item stays to be checked, never ok.
    assert.equal(state.checks['21-no-e2e-breaking'], 'unknown');
    for (const p of [popup, page]) await p.close();
  });
});

describe('Zoom host view of an archived or live-streamed meeting (no recording) in iframe#webclient', () => {
  const cases = [
    ['zoom/archiving-host.en', 'archivingIndicator'],
    ['zoom/archiving-host.ja', 'archivingIndicator archivingOnText'],
    ['zoom/live-stream-host.en', 'liveStreamIndicator liveStreamOnText'],
    ['zoom/live-stream-host.ja', 'liveStreamIndicator'],
  ];
  for (const [fixture, keys] of cases) {
    it(`${fixture}: recording warning (evidence ${keys}), 21-no-e2e-breaking ng, badge and banner at class 2`, async () => {
      const { page, tabId } = await openMeeting(run, server, ZOOM, 'zoom/shell.ja', fixture);
      const frame = await waitFor(() =>
        page.frames().find((f) => f.url().includes(`mg-fixture=${encodeURIComponent(fixture)}`)),
      );
      // The host's indicator is there and empty: what used to read as recording "off".
      assert.equal(await frame.locator('.recording-indication__recording-status').textContent(), '');

      const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes('recording'));
      assert.equal(state.classification, '2');
      assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
      assert.equal(await badgeText(run, tabId), String(state.warnings.length));
      const evidence = await popup.getAttribute('[data-warning="recording"] details.evidence', 'data-evidence-on');
      assert.equal(evidence, keys);
      assert.match(await waitFor(() => bannerText(run, page), { message: 'banner' }), /録画されています/);
      for (const p of [popup, page]) await p.close();
    });
  }

  it('the same host view without archiving or streaming: no warning, and recording is not "off" (21-no-e2e-breaking unknown)', async () => {
    const { page, tabId } = await openMeeting(run, server, ZOOM, 'zoom/shell.ja', 'zoom/not-recording-host.ja');
    const { popup, state } = await popupWhen(run, tabId);
    assert.ok(!state.warnings.includes('recording'));
    assert.equal(state.checks['21-no-e2e-breaking'], 'unknown');
    for (const p of [popup, page]) await p.close();
  });
});
