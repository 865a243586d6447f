import { describe, expect, it } from 'vitest';
import { validateContentMessage } from '../../../src/messages';
import { defaultPolicy, parsePolicy } from '../../../src/policy/policy';
import { computeWarnings } from '../../../src/rules';
import { matchesPattern, mergeTable } from '../../../src/services/service';
import { teams } from '../../../src/services/teams';
import { webex } from '../../../src/services/webex';
import { loadFixture } from '../fixtures';
import { describeEveryFixture, type Expectations, fixtureReader, snapshotFactory } from './adapter-support';

const ROOM = 'example.webex.com/meet/taro.yamada';
const MTID = 'm0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FRAME_URL = 'https://example.webex.com/webappng/sites/example/meeting/webclient';
const ROOM_URL = 'https://example.webex.com/meet/taro.yamada';

const { read, readHtml } = fixtureReader(webex);

const snapshot = snapshotFactory('webex', { meetingId: null, phase: 'prejoin', evidence: {} });

const hit = (key: string, match: string) => ({ key, match });
/** In the web app (its frame, pre-join, lobby, password page or meeting) the meeting is certainly not E2EE. */
const webApp = { e2ee: 'off' } as const;
const WEB_APP = { e2ee: { on: [], off: [hit('vendorFact', 'webex-e2ee-web: Webex web app in use')] } };
const LOBBY = { on: [hit('lobby', '[data-test="lobby-container"]')], off: [] };

/** Every fixture in test/fixtures/webex/ and the whole snapshot the adapter must read from it. */
const expectations: Expectations = {
  'home.en.html': null,
  // A password field (with a data-test containing "password") on a *.webex.com page that is not a meeting page.
  'signin.en.html': null,
  // From the launcher the desktop app may still be used: E2EE is not decided.
  'launcher.en.html': snapshot({ meetingId: ROOM }),
  'launcher.ja.html': snapshot({ meetingId: MTID }),
  'shell.en.html': snapshot({ meetingId: ROOM, signals: webApp, evidence: WEB_APP }),
  'prejoin.en.html': snapshot({ title: 'Weekly sync', signals: webApp, evidence: WEB_APP }),
  'prejoin.ja.html': snapshot({ meetingId: ROOM, title: '定例会議', signals: webApp, evidence: WEB_APP }),
  // The meeting-password input exists only in the web app's frame: it proves the web app too (it used to be read
  // through a broad [data-test*="password"] hook that left E2EE unknown).
  'password.en.html': snapshot({
    signals: { passcode: 'on', ...webApp },
    evidence: {
      passcode: {
        on: [
          hit('passwordPrompt', 'input[aria-label="Meeting password"]'),
          hit('passwordInput', 'input[type="password"]'),
        ],
        off: [],
      },
      ...WEB_APP,
    },
  }),
  'password.ja.html': snapshot({
    meetingId: MTID,
    title: '予算調整会議',
    signals: { passcode: 'on', ...webApp },
    evidence: { passcode: { on: [hit('passwordInput', 'input[type="password"]')], off: [] }, ...WEB_APP },
  }),
  'lobby.en.html': snapshot({
    title: 'Weekly sync',
    role: 'participant',
    signals: { waitingRoom: 'on', ...webApp },
    evidence: { waitingRoom: LOBBY, ...WEB_APP },
  }),
  'lobby.ja.html': snapshot({
    meetingId: ROOM,
    role: 'participant',
    signals: { waitingRoom: 'on', ...webApp },
    evidence: { waitingRoom: LOBBY, ...WEB_APP },
  }),
  'in-meeting.en.html': snapshot({ phase: 'meeting', title: 'Weekly sync', signals: webApp, evidence: WEB_APP }),
  'in-meeting.ja.html': snapshot({ phase: 'meeting', meetingId: ROOM, signals: webApp, evidence: WEB_APP }),
  // Webex's recording indicator and consent pop-up are not public: unknown until the admin teaches them (below).
  'recording-indicator.en.html': snapshot({
    phase: 'meeting',
    title: 'Weekly sync',
    signals: webApp,
    evidence: WEB_APP,
  }),
  // Issue 20's report fixture: an indicator the built-in table does not know, with chat, captions and people.
  'report-meeting.en.html': snapshot({ phase: 'meeting', title: 'Weekly sync', signals: webApp, evidence: WEB_APP }),
  'recording-consent.ja.html': snapshot({ phase: 'meeting', meetingId: ROOM, signals: webApp, evidence: WEB_APP }),
  // Momentum icons (grade I): recording running, the captions badge, a pressed AI assistant; an unpressed transcript
  // button is a start control, not evidence.
  'icons-active.en.html': snapshot({
    phase: 'meeting',
    title: 'Weekly sync',
    signals: { ...webApp, recording: 'on', transcription: 'on', aiNotes: 'on' },
    evidence: {
      ...WEB_APP,
      recording: { on: [hit('recordingIcon', 'mdc-icon[name^="record-active-"]')], off: [] },
      transcription: { on: [hit('captionsIcon', 'mdc-icon[name^="closed-caption-badge-"]')], off: [] },
      aiNotes: { on: [hit('aiSummaryIcon', '[prefix-icon^="summarize-ai-"]')], off: [] },
    },
  }),
  // The controls that would start them, none pressed: nothing on, nothing off.
  'icons-controls.ja.html': snapshot({ phase: 'meeting', meetingId: ROOM, signals: webApp, evidence: WEB_APP }),
  // The scheduler's form is not known: its password field is not read.
  'scheduler.ja.html': snapshot({ phase: 'schedule', role: 'host' }),
  'info.en.html': snapshot({ meetingId: '3f2a9c1e0b7d4e58a6c2d1f0e9b8a7c6' }),
};

describeEveryFixture(webex, expectations);

describe('webex adapter details', () => {
  const bare = '<html><body></body></html>';

  it('names the meeting from each known address form', () => {
    expect(readHtml(bare, 'https://example.webex.com/meet/taro.yamada/')?.meetingId).toBe(ROOM);
    expect(readHtml(bare, `https://webex.com/meet/j.php?MTID=${MTID}`)?.meetingId).toBe(MTID);
    expect(readHtml(bare, `https://example.webex.com/example/j.php?MTID=${MTID}&from=mail`)?.meetingId).toBe(MTID);
    const download =
      'https://example.webex.com/wbxmjs/joinservice/sites/example/meeting/download/0f1e2d3c?siteurl=example';
    expect(readHtml(bare, download)?.meetingId).toBe('0f1e2d3c');
  });

  it('returns null for Webex pages that name no meeting and show no meeting UI', () => {
    expect(readHtml(bare, 'https://example.webex.com/')).toBeNull();
    expect(readHtml(bare, 'https://example.webex.com/webappng/sites/example/recording/home')).toBeNull();
    expect(readHtml(bare, FRAME_URL)).toBeNull();
  });

  it('recognises the meeting frame by its hooks when its address is unknown', () => {
    expect(readHtml('<button data-test="leave-button"></button>', FRAME_URL)?.phase).toBe('meeting');
    // In the lobby the person is not in the meeting yet, whatever else the frame holds.
    const both = '<div data-test="lobby-container"></div><button data-test="leave-button"></button>';
    expect(readHtml(both, FRAME_URL)?.phase).toBe('prejoin');
  });

  it('never says off for the passcode or the waiting room', () => {
    for (const [file, expected] of Object.entries(expectations)) {
      if (!expected) continue;
      expect(read(file)?.signals.passcode, file).not.toBe('off');
      expect(read(file)?.signals.waitingRoom, file).not.toBe('off');
    }
  });

  it('leaves the signals it cannot read unknown on every page', () => {
    for (const file of Object.keys(expectations)) {
      const result = read(file);
      for (const name of webex.notReadYet ?? [])
        if (result) expect(result.signals[name], `${file} ${name}`).toBe('unknown');
    }
  });

  it('matches every Webex site', () => {
    const matched = (address: string) => webex.matches.some((pattern) => matchesPattern(pattern, new URL(address)));
    expect(matched('https://example.webex.com/meet/taro.yamada')).toBe(true);
    expect(matched('https://example.webex.com.evil.test/meet/x')).toBe(false);
  });

  it('can be repaired by a policy override after a redesign', () => {
    const html = '<section data-test="waiting-lobby"></section>';
    const renamed = mergeTable(webex.table, {
      lobby: { add: ['[data-test="waiting-lobby"]'] },
    });
    const address = 'https://example.webex.com/meet/taro.yamada';
    expect(readHtml(html, address, renamed)?.signals.waitingRoom).toBe('on');
    expect(readHtml(html, address)?.signals.waitingRoom).toBe('unknown');
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(webex.table, {
      inMeeting: { add: ['button[[['] },
      title: { replace: [':::'] },
    });
    expect(read('in-meeting.en.html', broken)?.phase).toBe('meeting');
    expect(read('in-meeting.en.html', broken)?.title).toBeNull();
  });
});

describe('webex notices inside the meeting frame', () => {
  const INDICATOR = '(placeholder) recording indicator';

  it("reads no built-in wording: Webex's is not public, so without an icon recording stays unknown, never off", () => {
    for (const file of ['recording-indicator.en.html', 'recording-consent.ja.html', 'icons-controls.ja.html'])
      expect(read(file)?.signals.recording, file).toBe('unknown');
    expect(webex.notReadYet).toEqual(['translation', 'passcodeInLink']);
  });

  it('reads the Momentum icons as on only (grade I): an icon gone is unknown, never off', () => {
    const { doc, url } = loadFixture('webex', 'icons-active.en.html');
    for (const icon of doc.querySelectorAll('mdc-icon')) icon.remove();
    const result = webex.read(doc, url, webex.table);
    expect(result?.signals).toMatchObject({ recording: 'unknown', transcription: 'unknown', aiNotes: 'on' });
    // The AI assistant no longer pressed: its icon marks a start control, nothing more.
    doc.querySelector('[prefix-icon^="summarize-ai-"]')?.removeAttribute('aria-pressed');
    doc.querySelector('[prefix-icon^="summarize-ai-"]')?.removeAttribute('active');
    expect(webex.read(doc, url, webex.table)?.signals.aiNotes).toBe('unknown');
    // A pressed transcript button is on; the recording start icon (record-regular) or a paused one is not.
    const page = (html: string) =>
      readHtml(`<mdc-button data-test="in-meeting-chat-toggle-button"></mdc-button>${html}`, FRAME_URL);
    expect(
      page('<button aria-pressed="true"><mdc-icon name="transcript-bold"></mdc-icon></button>')?.signals.transcription,
    ).toBe('on');
    expect(
      page('<mdc-icon name="record-regular"></mdc-icon><mdc-icon name="record-paused-bold"></mdc-icon>')?.signals
        .recording,
    ).toBe('unknown');
    expect(page('<div icon-name="record-active-badge-filled"></div>')?.signals.recording).toBe('on');
  });

  it("learns the tenant's indicator label from policy and warns at 機密性2以上", () => {
    const taught = mergeTable(webex.table, { recordingIndicatorLabel: { add: [INDICATOR] } });
    const result = read('recording-indicator.en.html', taught);
    expect(result?.signals.recording).toBe('on');
    expect(result?.evidence?.recording?.on).toEqual([hit('recordingIndicatorLabel', INDICATOR)]);
    if (!result) throw new Error('recording-indicator.en is a meeting page');
    const policy = defaultPolicy();
    expect(computeWarnings({ snapshot: result, classification: 2, policy })).toContain('recording');
    expect(computeWarnings({ snapshot: result, classification: 1, policy })).not.toContain('recording');
  });

  it('learns the Japanese consent pop-up wording from policy, read only inside a dialog or alert', () => {
    const wording = '録画への同意を求めるポップアップ';
    const taught = mergeTable(webex.table, { recordingNoticeText: { add: [wording] } });
    expect(read('recording-consent.ja.html', taught)?.signals.recording).toBe('on');
    // The same words typed in the chat are no notice.
    const chat = `<mdc-button data-test="in-meeting-chat-toggle-button"></mdc-button><div>${wording}</div>`;
    expect(readHtml(chat, ROOM_URL, taught)?.signals.recording).toBe('unknown');
  });

  it('learns transcription, translation and AI Assistant notices the same way', () => {
    const html = `<mdc-button data-test="in-meeting-chat-toggle-button"></mdc-button>
      <div role="alert">tenant: captions on</div><div role="status">tenant: translating</div>
      <div role="dialog">tenant: AI Assistant on</div>`;
    const taught = mergeTable(webex.table, {
      transcriptionNoticeText: { add: ['captions on'] },
      translationNoticeText: { add: ['translating'] },
      aiNotesNoticeText: { add: ['AI Assistant on'] },
    });
    const result = readHtml(html, ROOM_URL, taught);
    expect(result?.signals).toMatchObject({ transcription: 'on', translation: 'on', aiNotes: 'on' });
    expect(readHtml(html, ROOM_URL)?.signals).toMatchObject({
      transcription: 'unknown',
      translation: 'unknown',
      aiNotes: 'unknown',
    });
  });

  it('does not take a sign-in form for a meeting, whatever its data-test says', () => {
    expect(read('signin.en.html')).toBeNull();
    const form =
      '<form><input type="password" data-test="password-input"><div data-test="password-rules"></div></form>';
    expect(readHtml(form, 'https://example.webex.com/webappng/sites/example/dashboard')).toBeNull();
  });
});

describe('webex snapshots cross to the background unchanged', () => {
  it('passes the message validator with all its evidence, on every fixture', () => {
    for (const file of Object.keys(expectations)) {
      const snapshot = read(file);
      if (!snapshot) continue;
      // The validator drops an empty evidence object; everything else must arrive as the adapter read it.
      const { evidence, ...rest } = snapshot;
      const expected = evidence && Object.keys(evidence).length ? snapshot : rest;
      expect(validateContentMessage({ type: 'snapshot', snapshot }), file).toEqual({
        type: 'snapshot',
        snapshot: expected,
      });
    }
  });
});

describe('the new notice keys of Teams, Webex and Meet are admin-patchable', () => {
  it('accepts the policy the e2e test and a city would send, without a problem, and keeps it', () => {
    const selectorOverrides = {
      webex: {
        recordingIndicatorLabel: { add: ['(placeholder) recording indicator'] },
        recordingNoticeText: { add: ['録画への同意を求めるポップアップ'] },
        aiNotesNoticeText: { add: ['AI Assistant'] },
        noticeScopes: { add: ['[role="tooltip"]'] },
      },
      teams: {
        recordingIndicatorLabel: { add: ['Recording'] },
        recordingNoticeText: { add: ['録画が開始されました'] },
      },
      meet: { recordingOnText: { add: ['この会議は録画されています'] } },
    };
    const { policy, problems } = parsePolicy({ selectorOverrides });
    expect(problems).toEqual([]);
    expect(policy.selectorOverrides).toEqual(selectorOverrides);
  });

  it('never lets a replace take away the built-in "on" evidence of Teams recording', () => {
    const keys = teams.onEvidenceKeys?.recording ?? [];
    expect(keys).toContain('recordingNoticeText');
    const { policy, problems } = parsePolicy({
      selectorOverrides: { teams: Object.fromEntries(keys.map((key) => [key, { replace: ['どこにもない文言'] }])) },
    });
    expect(problems.map((problem) => problem.reason)).toEqual(
      keys.map(() => expect.stringMatching(/cannot lose its built-in entries/)),
    );
    for (const key of keys) expect(policy.selectorOverrides.teams?.[key]).toEqual({ add: ['どこにもない文言'] });
  });
});
