// Real Chromium with the built extension at meet.jit.si (fixtures built from jitsi-meet's components): the
// transcriber's subtitles on the stage and another participant's local recording raise the transcription and
// recording warnings, each with the evidence the popup shows on request; the wait-for-moderator screen is no lobby.
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

const JITSI = 'https://meet.jit.si/WeeklyBudgetReview';

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

/** Opens the fixture, waits for the warning, and checks badge, banner, class 2 and the evidence key shown. */
async function expectWarning(fixture, warning, evidenceKey, bannerPattern) {
  const { page, tabId } = await openMeeting(run, server, JITSI, fixture);
  const { popup, state } = await popupWhen(run, tabId, (s) => s.warnings.includes(warning));
  assert.ok(state.warnings.includes(warning), `popup shows ${warning}`);
  assert.equal(state.classification, '2');
  assert.equal(state.checks['21-no-e2e-breaking'], 'ng');
  assert.equal(await badgeText(run, tabId), String(state.warnings.length));
  const evidence = await popup.getAttribute(`[data-warning="${warning}"] [data-evidence-on]`, 'data-evidence-on');
  assert.match(evidence ?? '', new RegExp(`\\b${evidenceKey}\\b`), `evidence names ${evidenceKey}`);
  assert.match(await waitFor(() => bannerText(run, page), { message: 'banner' }), bannerPattern);
  await popup.close();
  await page.close();
  return state;
}

describe('Jitsi Meet (meet.jit.si)', () => {
  it('warns on transcription when the subtitles show on the stage', async () => {
    await expectWarning('jitsi/subtitles-overlay.ja', 'transcription', 'subtitlesOverlay', /文字起こし/);
  });

  it('warns on transcription and translation from the subtitle language selector', async () => {
    const state = await expectWarning('jitsi/subtitles-translated.en', 'translation', 'translationValueText', /翻訳/);
    assert.ok(state.warnings.includes('transcription'));
  });

  it('warns on recording when another participant records locally', async () => {
    await expectWarning('jitsi/local-recording-others.en', 'recording', 'localRecordingByOthers', /録画されています/);
  });

  it('warns on recording while one records locally oneself', async () => {
    await expectWarning('jitsi/local-recording-own.ja', 'recording', 'localRecordingOwn', /録画されています/);
  });

  it('does not take the wait-for-moderator screen for a lobby, nor the E2EE warning for E2EE', async () => {
    const waiting = await openMeeting(run, server, JITSI, 'jitsi/lobby-wait-moderator.en');
    const first = await popupWhen(run, waiting.tabId);
    assert.notEqual(first.state.checks['21-waiting-room'], 'ok');
    for (const p of [first.popup, waiting.page]) await p.close();

    const dialog = await openMeeting(run, server, JITSI, 'jitsi/security-e2ee-warning.en');
    const second = await popupWhen(run, dialog.tabId, (s) => s.warnings.includes('no-e2ee'));
    assert.equal(second.state.checks['21-e2ee'], 'ng');
    assert.equal(second.state.checks['21-waiting-room'], 'ok');
    for (const p of [second.popup, dialog.page]) await p.close();
  });
});
