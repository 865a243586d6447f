// Real Firefox (Debian's firefox-esr over WebDriver BiDi), real built dist/firefox, Meet fixtures served
// at meet.google.com; admin policies through Firefox's policies.json (3rdparty.Extensions).
// One browser launch per policy variant. Fails (does not skip) when firefox-esr is missing.
// The banner and the guard are injected by background (scripting.executeScript with frameIds): the banner's host
// element and the guard's dialog host are looked for in the page (their shadow roots are closed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { popupState } from './harness.mjs';
import { badgeText, launchFirefox, openMeeting, openPopup, startFixtureServer, waitFor } from './harness-firefox.mjs';

const MEETING = 'https://meet.google.com/abc-defg-hij';

/** The options page's policy table and problem list. */
async function optionsState(options) {
  await options.waitForSelector('[data-policy-key="defaultClassification"]', { timeout: 10_000 });
  await options.waitForSelector('.problems[data-problem-count]', { timeout: 10_000 });
  return options.evaluate(() => ({
    sources: Object.fromEntries(
      [...document.querySelectorAll('[data-policy-key]')].map((row) => [row.dataset.policyKey, row.dataset.source]),
    ),
    problemCount: document.querySelector('.problems')?.dataset.problemCount,
    problems: [...document.querySelectorAll('[data-problem]')].map((row) => row.dataset.problem).sort(),
  }));
}

/** A describe block with its own Firefox, started with the given admin policy (or none). */
function withFirefox(policy, body) {
  const state = {};
  before(async () => {
    state.run = await launchFirefox(server, { policy });
  });
  after(async () => {
    await state.run?.close();
  });
  body(state);
}

let server;
before(async () => {
  server = await startFixtureServer();
});
after(async () => {
  await server?.close();
});

describe('Meet in Firefox, no admin policy', () => {
  withFirefox(null, (state) => {
    it('warns on recording and captions at the default class 2: badge 2, banner, popup warnings, check ng', async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(run, server, MEETING, 'meet/recording-captions-on.en');
      assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '2');
      await waitFor(() => page.evaluate(() => document.querySelector('meeting-guard-banner') !== null), {
        message: 'banner',
      });
      const popup = await openPopup(run, tabId);
      const result = await popupState(popup);
      assert.deepEqual(result.warnings, ['recording', 'transcription']);
      assert.equal(result.checks['21-no-e2e-breaking'], 'ng');
      assert.equal(result.classification, '2');
      assert.equal(result.source, 'policy');
      await popup.close();
      await page.close();
    });

    it('says unknown, never ok, where nothing about recording can be seen', async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(run, server, MEETING, 'meet/in-call-bare.ja');
      const popup = await openPopup(run, tabId);
      await waitFor(async () => (await popupState(popup)).checks['21-no-e2e-breaking'], { message: 'checklist' });
      const result = await popupState(popup);
      assert.equal(result.checks['21-no-e2e-breaking'], 'unknown');
      assert.deepEqual(result.warnings, []);
      assert.equal(await badgeText(run, tabId), '');
      await popup.close();
      await page.close();
    });

    it('marking the meeting 機密性1 in the popup clears the warnings and the badge', async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(run, server, MEETING, 'meet/recording-captions-on.en');
      assert.equal(await waitFor(() => badgeText(run, tabId), { message: 'badge' }), '2');
      const popup = await openPopup(run, tabId);
      assert.deepEqual((await popupState(popup)).warnings, ['recording', 'transcription']);
      await popup.click('input[name="classification"][value="1"]');
      await waitFor(async () => (await popupState(popup)).warnings.length === 0, { message: 'warnings cleared' });
      const result = await popupState(popup);
      assert.equal(result.classification, '1');
      assert.equal(result.source, 'user');
      assert.equal(result.checks['21-no-e2e-breaking'], 'na');
      await waitFor(async () => (await badgeText(run, tabId)) === '', { message: 'badge cleared' });
      await waitFor(() => page.evaluate(() => document.querySelector('meeting-guard-banner') === null), {
        message: 'banner gone',
      });
      await popup.close();
      await page.close();
    });
  });
});

describe('Meet in Firefox, policies.json sets defaultClassification 1', () => {
  withFirefox({ defaultClassification: 1 }, (state) => {
    it('gives class 1 from the policy, no warnings, and the options page shows the admin value', async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(run, server, MEETING, 'meet/recording-captions-on.en');
      const popup = await openPopup(run, tabId);
      await waitFor(async () => (await popupState(popup)).checks['21-no-e2e-breaking'], { message: 'checklist' });
      const result = await popupState(popup);
      assert.equal(result.classification, '1');
      assert.equal(result.source, 'policy');
      assert.deepEqual(result.warnings, []);
      assert.equal(result.checks['21-no-e2e-breaking'], 'na');
      assert.equal(await badgeText(run, tabId), '');

      const options = await run.extensionPage('options/index.html');
      const shown = await optionsState(options);
      assert.equal(shown.sources.defaultClassification, 'admin');
      assert.equal(shown.sources.requirePasscode, 'default');
      assert.equal(shown.problemCount, '0');
      for (const p of [options, popup, page]) await p.close();
    });
  });
});

describe('Meet in Firefox, policies.json with wrong-typed values', () => {
  withFirefox(
    {
      defaultClassification: 'high',
      requirePasscode: 'yes',
      logRetentionDays: -1,
      locale: 'de',
      procedureUrl: 'http://not-https.example',
      organizationName: 'テスト市',
    },
    (state) => {
      it('lists the five problems (Firefox does not check the schema) and still applies the valid key', async () => {
        const options = await state.run.extensionPage('options/index.html');
        const shown = await optionsState(options);
        assert.equal(shown.problemCount, '5');
        assert.deepEqual(shown.problems, [
          'defaultClassification',
          'locale',
          'logRetentionDays',
          'procedureUrl',
          'requirePasscode',
        ]);
        assert.equal(shown.sources.organizationName, 'admin');
        assert.equal(shown.sources.defaultClassification, 'default');
        await options.close();
      });
    },
  );
});

describe("Firefox, policies.json permits only Zoom and names the city's own Zoom host", () => {
  withFirefox({ permittedServices: [{ service: 'zoom' }], internalDomains: ['city-example.zoom.us'] }, (state) => {
    it('warns that Meet is not a permitted service', async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(run, server, MEETING, 'meet/in-call-bare.ja');
      const popup = await openPopup(run, tabId);
      await waitFor(async () => (await popupState(popup)).warnings.length > 0, { message: 'warnings' });
      const result = await popupState(popup);
      assert.deepEqual(result.warnings, ['unpermitted-service']);
      assert.equal(result.checks['21-permitted'], 'ng');
      await popup.close();
      await page.close();
    });

    it("raises external-meeting on another organisation's Zoom host until an approval number is recorded", async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(
        run,
        server,
        'https://other-org.zoom.us/wc/81234567890/join',
        'zoom/shell.ja',
        'zoom/in-meeting.en',
      );
      const popup = await openPopup(run, tabId);
      await waitFor(async () => (await popupState(popup)).warnings.includes('external-meeting'), {
        message: 'external-meeting',
      });
      assert.equal((await popupState(popup)).checks['21-4'], 'ng');
      await popup.type('input[name="approval"]', 'R8-0123');
      await popup.click('.approval button[type="submit"]');
      await waitFor(async () => (await popupState(popup)).checks['21-4'] === 'confirmed', { message: 'approval' });
      assert.ok(!(await popupState(popup)).warnings.includes('external-meeting'));
      await popup.close();
      await page.close();
    });
  });
});

describe("Firefox, policies.json sets e2eBreakingFeatures 'block': the guard in Zoom's meeting iframe", () => {
  withFirefox({ e2eBreakingFeatures: 'block' }, (state) => {
    it('stops a click on Record inside iframe#webclient and explains, in that frame', async () => {
      const { run } = state;
      const RECORD = '#wc-footer button[aria-label="Record"]';
      const { page } = await openMeeting(
        run,
        server,
        'https://app.zoom.us/wc/81234567890/join',
        'zoom/shell.ja',
        'zoom/not-recording-host.en',
      );
      const frame = await waitFor(() =>
        page.frames().find((candidate) => candidate.url().includes('mg-fixture=zoom%2Fnot-recording-host')),
      );
      await frame.waitForSelector(RECORD);
      await frame.evaluate((control) => {
        window.clicks = 0;
        document.querySelector(control).addEventListener('click', () => window.clicks++);
      }, RECORD);
      const dialogShown = () => frame.evaluate(() => document.querySelector('meeting-guard-dialog') !== null);
      // The guard arrives with the frame's first report; a click before that reaches the page, so click until
      // the guard answers, and check that the click it answered never reached the page.
      await waitFor(
        async () => {
          const before = await frame.evaluate(() => window.clicks);
          await frame.click(RECORD);
          if (!(await dialogShown())) return false;
          assert.equal(await frame.evaluate(() => window.clicks), before, 'the stopped click reached the page');
          return true;
        },
        { message: 'guard dialog' },
      );
      await page.close();
    });
  });
});

describe('Firefox, policies.json with a permittedServices that is not a list (Firefox passes it on unchecked)', () => {
  withFirefox({ permittedServices: 'zoom', organizationName: 'テスト市' }, (state) => {
    it('permits nothing rather than everything: Meet is not permitted, and the options page shows the problem', async () => {
      const { run } = state;
      const { page, tabId } = await openMeeting(run, server, MEETING, 'meet/in-call-bare.ja');
      const popup = await openPopup(run, tabId);
      await waitFor(async () => (await popupState(popup)).checks['21-permitted'], { message: 'checklist' });
      const result = await popupState(popup);
      assert.deepEqual(result.warnings, ['unpermitted-service']);
      assert.equal(result.checks['21-permitted'], 'ng');

      const options = await run.extensionPage('options/index.html');
      const shown = await optionsState(options);
      assert.deepEqual(shown.problems, ['permittedServices']);
      assert.equal(shown.sources.organizationName, 'admin');
      for (const p of [options, popup, page]) await p.close();
    });
  });
});
