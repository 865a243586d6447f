// Real Chromium, the admin's policy from /etc/chromium/policies/managed (issue 4): permitted services,
// outside organisations' meetings with an approval number, a selector repaired by policy, and a policy
// with wrong-typed values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  bannerText,
  extensionPage,
  launchChromium,
  openMeeting,
  popupState,
  popupWhen,
  startFixtureServer,
  waitFor,
} from './harness.mjs';

const CITY_POLICY = {
  organizationName: 'テスト市',
  procedureUrl: 'https://intra.city-example.jp/web-kaigi',
  applicationUrl: 'https://intra.city-example.jp/apply',
  permittedServices: [{ service: 'zoom', maxClassification: 3 }],
  internalDomains: ['city-example.zoom.us'],
  // A repair an admin could push after capturing the live page (the marker is put in by the test).
  selectorOverrides: { webex: { recordingOn: { add: ['.mg-e2e-recording-marker'] } } },
};

describe('Chromium with a city policy', () => {
  let server;
  let run;
  before(async () => {
    server = await startFixtureServer();
    run = await launchChromium(server, { locale: 'ja-JP', policy: CITY_POLICY });
  });
  after(async () => {
    await run?.close();
    await server?.close();
  });

  it('raises unpermitted-service on Meet when only Zoom is permitted, with the procedure link', async () => {
    const { page, tabId } = await openMeeting(
      run,
      server,
      'https://meet.google.com/abc-defg-hij',
      'meet/in-call-bare.ja',
    );
    const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes('unpermitted-service'));
    assert.equal(state.checks['21-permitted'], 'ng');
    assert.match(await popup.textContent('.locked'), /許可された Web 会議サービス/);
    assert.match(await waitFor(() => bannerText(run, page)), /許可されていないサービスです.*利用手順を見る/);
    for (const p of [popup, page]) await p.close();
  });

  it("raises external-meeting on another organisation's Zoom host until an approval number is recorded", async () => {
    const { page, tabId } = await openMeeting(
      run,
      server,
      'https://other-org.zoom.us/wc/81234567890/join',
      'zoom/shell.ja',
      'zoom/in-meeting.en',
    );
    const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes('external-meeting'));
    assert.equal(state.checks['21-4'], 'ng');
    assert.equal(await popup.getAttribute('.approval a', 'href'), 'https://intra.city-example.jp/apply');
    await popup.fill('input[name="approval"]', 'R8-総務-0123');
    await popup.click('.approval button[type="submit"]');
    await waitFor(async () => !(await popupState(popup)).warnings.includes('external-meeting'), {
      message: 'external-meeting cleared',
    });
    assert.equal((await popupState(popup)).checks['21-4'], 'confirmed');
    assert.equal(await popup.inputValue('input[name="approval"]'), 'R8-総務-0123');
    for (const p of [popup, page]) await p.close();
  });

  it("treats the city's own Zoom host as internal", async () => {
    const { page, tabId } = await openMeeting(
      run,
      server,
      'https://city-example.zoom.us/wc/81234567890/join',
      'zoom/shell.ja',
      'zoom/in-meeting.en',
    );
    const { popup, state } = await popupWhen(run, tabId, (s) => s.checks['21-4'] === 'ok');
    assert.ok(!state.warnings.includes('external-meeting'));
    assert.ok(!state.warnings.includes('unpermitted-service'));
    for (const p of [popup, page]) await p.close();
  });

  it('reads what a policy selector override teaches it (Webex recording)', async () => {
    const { page, tabId } = await openMeeting(
      run,
      server,
      'https://example.webex.com/webappng/sites/example/meeting/webclient',
      'webex/in-meeting.en',
    );
    const first = await popupWhen(run, tabId);
    assert.ok(!first.state.warnings.includes('recording'), 'nothing shipped reads Webex recording');
    await first.popup.close();
    await page.evaluate(() => {
      const marker = document.createElement('div');
      marker.className = 'mg-e2e-recording-marker';
      document.body.append(marker);
    });
    const { popup } = await popupWhen(run, tabId, (s) => s.warnings.includes('recording'));
    for (const p of [popup, page]) await p.close();
  });
});

describe('Chromium with a policy holding wrong-typed values', () => {
  let server;
  let run;
  before(async () => {
    server = await startFixtureServer();
    run = await launchChromium(server, {
      locale: 'ja-JP',
      policy: {
        defaultClassification: 'high',
        requirePasscode: 'yes',
        logRetentionDays: 'forever',
        locale: 3,
        internalDomains: 'city-example.zoom.us',
        organizationName: 'テスト市',
      },
    });
  });
  after(async () => {
    await run?.close();
    await server?.close();
  });

  it('loads, keeps the valid value, and changes nothing else', async () => {
    const options = await extensionPage(run, 'options/index.html');
    await options.waitForSelector('[data-policy-key="organizationName"][data-source="admin"]');
    // Chromium validates against the managed_schema and drops what breaks it (chrome://policy lists them),
    // so none of the five reaches the extension; the defaults stay.
    for (const key of ['defaultClassification', 'requirePasscode', 'logRetentionDays', 'locale', 'internalDomains'])
      assert.equal(await options.getAttribute(`[data-policy-key="${key}"]`, 'data-source'), 'default', key);
    await options.close();

    const { page, tabId } = await openMeeting(
      run,
      server,
      'https://meet.google.com/abc-defg-hij',
      'meet/recording-captions-on.en',
    );
    const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.length > 0);
    assert.equal(state.classification, '2');
    assert.deepEqual(state.warnings, ['recording', 'transcription']);
    assert.match(await popup.textContent('header'), /テスト市/);
    for (const p of [popup, page]) await p.close();
  });
});
