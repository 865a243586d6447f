import { describe, expect, it } from 'vitest';
import { jitsi } from '../../../src/services/jitsi';
import type { Evidence } from '../../../src/services/read';
import { mergeTable, type SignalEvidence, type SignalName, type Snapshot } from '../../../src/services/service';
import { loadFixture } from '../fixtures';
import {
  describeEveryFixture,
  type Expectations,
  fixtureReader,
  type SnapshotOverrides,
  snapshotFactory,
} from './adapter-support';

/**
 * happy-dom 21 marks the wrong option selected when it parses `<option selected>` (the one before it); browsers
 * and the real page (React sets the property) do not. The fixtures state the chosen subtitle language that way, so
 * this file's parser puts each select's value back on the option the markup selects.
 */
const parse = DOMParser.prototype.parseFromString;
DOMParser.prototype.parseFromString = function (this: DOMParser, ...args: Parameters<DOMParser['parseFromString']>) {
  const doc = parse.apply(this, args);
  for (const select of doc.querySelectorAll('select')) {
    const chosen = [...select.querySelectorAll('option')].findLast((option) => option.hasAttribute('selected'));
    if (chosen) select.value = chosen.value;
  }
  return doc;
};

const { read, readHtml } = fixtureReader(jitsi);

const ev = (key: string, match: string): Evidence => ({ key, match });
const onlyOn = (...on: Evidence[]): SignalEvidence => ({ on, off: [] });
const onlyOff = (...off: Evidence[]): SignalEvidence => ({ on: [], off });
/** A room address without a token carries no password: every fixture's passcodeInLink evidence. */
const NO_JWT = { passcodeInLink: onlyOff(ev('roomAddress', 'no jwt')) };

/** Snapshot defaults of the fixtures; `evidence` lists only what differs from the address's own. */
const base = snapshotFactory('jitsi', {
  meetingId: 'WeeklyBudgetReview',
  phase: 'prejoin',
  signals: { passcodeInLink: 'off' },
});
type Overrides = Omit<SnapshotOverrides, 'evidence'> & { evidence?: Partial<Record<SignalName, SignalEvidence>> };
const snapshot = (overrides: Overrides = {}): Snapshot =>
  base({ ...overrides, evidence: { ...overrides.evidence, ...NO_JWT } });
const inMeeting = (locale: 'en' | 'ja', overrides: Overrides = {}): Snapshot =>
  snapshot({ phase: 'meeting', title: locale === 'en' ? 'Weekly budget review' : '週次予算レビュー', ...overrides });

const recordingToast = onlyOn(ev('recordingOnToast', '[data-testid="recording.onBy"]'));
const lobbyToast = onlyOn(ev('lobbyOnToast', '[data-testid="lobby.notificationLobbyEnabled"]'));
const passwordToast = onlyOn(ev('passwordSetToast', '[data-testid="notify.passwordSetRemotely"]'));
const languageSelect = onlyOn(ev('subtitleLanguage', '#subtitles-language-select'));
const overlay = onlyOn(ev('subtitlesOverlay', '[class$="-transcriptionSubtitles"]'));
const lobbyOn = onlyOn(ev('lobbySwitch', 'checked'));
const lobbyOff = onlyOff(ev('lobbySwitch', 'unchecked'));
const e2eeOff = onlyOff(ev('e2eeSwitch', 'unchecked'));
const noPassword = onlyOff(ev('passwordUnset', 'button.add-password'));

/** What the security dialog shows in each fixture of that family (en and ja alike). */
const securityHost = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    role: 'host',
    signals: { waitingRoom: 'on', passcode: 'on', e2ee: 'off' },
    evidence: { waitingRoom: lobbyOn, passcode: onlyOn(ev('passwordSet', '.info-password-local')), e2ee: e2eeOff },
  });
/**
 * The E2EE switch on says only that this person enabled it: without the header's E2EE label (everyone encrypted)
 * E2EE is 'unknown', never 'on' (a deployment's config.e2ee.labels can hide the "not everyone" warning).
 */
const securityHostUnlocked = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    role: 'host',
    signals: { waitingRoom: 'off', passcode: 'off' },
    evidence: { waitingRoom: lobbyOff, passcode: noPassword },
  });
/** The header's E2EE label: no participant has E2EE disabled (E2EELabel.tsx); the only 'on' for E2EE. */
const e2eeLabel = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    role: 'host',
    signals: { waitingRoom: 'off', passcode: 'off', e2ee: 'on' },
    evidence: {
      waitingRoom: lobbyOff,
      passcode: noPassword,
      e2ee: onlyOn(ev('e2eeIndicator', '.details-container [class$="-label-green"]')),
    },
  });
/** Recording and transcription from the header's persistent labels alone, after the toasts have gone. */
const labelsRecording = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { recording: 'on', transcription: 'on' },
    evidence: {
      recording: onlyOn(ev('recordingIndicator', '.details-container [class$="-record"]')),
      transcription: onlyOn(ev('transcribingIndicator', '.details-container [class$="-transcribing"]')),
    },
  });
const securityParticipant = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    role: 'participant',
    signals: { passcode: 'on', e2ee: 'off' },
    evidence: { passcode: onlyOn(ev('passwordSet', '.info-password-remote')), e2ee: e2eeOff },
  });
/** The switch is on, but dialog.e2eeWarning says not everyone can take part: not in force, so 'off', never 'on'. */
const e2eeWarning = (locale: 'en' | 'ja', needle: string) =>
  inMeeting(locale, {
    role: 'host',
    signals: { waitingRoom: 'on', passcode: 'off', e2ee: 'off' },
    evidence: { waitingRoom: lobbyOn, passcode: noPassword, e2ee: onlyOff(ev('e2eeNotEveryoneText', needle)) },
  });
const lobby = snapshot({
  role: 'participant',
  signals: { waitingRoom: 'on' },
  evidence: { waitingRoom: onlyOn(ev('lobbyScreen', '.lobby-screen')) },
});
const localOthers = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { recording: 'on' },
    evidence: { recording: onlyOn(ev('localRecordingByOthers', '[data-testid="notify.localRecordingStarted"]')) },
  });
const localOwn = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { recording: 'on' },
    evidence: {
      recording: onlyOn(ev('localRecordingOwn', '[data-testid="recording.localRecordingStartWarningTitle"]')),
    },
  });
const recording = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { recording: 'on', waitingRoom: 'on', passcode: 'on' },
    evidence: { recording: recordingToast, waitingRoom: lobbyToast, passcode: passwordToast },
  });
const toastsRemoved = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { waitingRoom: 'off', passcode: 'off' },
    evidence: {
      waitingRoom: onlyOff(ev('lobbyOffToast', '[data-testid="lobby.notificationLobbyDisabled"]')),
      passcode: onlyOff(ev('passwordRemovedToast', '[data-testid="notify.passwordRemovedRemotely"]')),
    },
  });
// The overflow menu offers "Start recording" while the stream runs: only the toast counts.
const livestream = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { recording: 'on' },
    evidence: { recording: onlyOn(ev('liveStreamOnToast', '[data-testid="liveStreaming.onBy"]')) },
  });
// Security and CC in the overflow menu carry no state; "Start recording" is not "off": nothing is read.
const overflowMenu = (locale: 'en' | 'ja') => inMeeting(locale);
// A deployment's mainToolbarButtons: the unpressed security button = neither password nor lobby.
const toolbarCustom = (locale: 'en' | 'ja', label: string) =>
  inMeeting(locale, {
    signals: { waitingRoom: 'off', passcode: 'off' },
    evidence: { waitingRoom: onlyOff(ev('securityLabel', label)), passcode: onlyOff(ev('securityLabel', label)) },
  });
// "Recording in progress … recorded and analyzed by AI": recording and AI notes.
const consent = (locale: 'en' | 'ja') =>
  inMeeting(locale, {
    signals: { recording: 'on', aiNotes: 'on' },
    evidence: {
      recording: onlyOn(ev('recordingConsentLabel', 'Recording in progress')),
      aiNotes: onlyOn(ev('aiAnalysisText', jitsi.table.aiAnalysisText?.[0] as string)),
    },
  });
const translated = (locale: 'en' | 'ja', value: string) =>
  inMeeting(locale, {
    signals: { transcription: 'on', translation: 'on' },
    evidence: { transcription: languageSelect, translation: onlyOn(ev('translationValueText', value)) },
  });

/** Every fixture in test/fixtures/jitsi/ and the whole snapshot, evidence included, the adapter must read from it. */
const expectations: Expectations = {
  'welcome.en.html': null,
  // "Other participants may be recording this call" is a warning, not a recording.
  'prejoin.en.html': snapshot(),
  'prejoin.ja.html': snapshot(),
  'lobby.en.html': lobby,
  'lobby.ja.html': lobby,
  // The lobby screen waiting for the first moderator: no waiting room, and the person may log in as host.
  'lobby-wait-moderator.en.html': snapshot(),
  'lobby-wait-moderator.ja.html': snapshot(),
  'password.en.html': snapshot({
    signals: { passcode: 'on' },
    evidence: { passcode: onlyOn(ev('passwordPrompt', 'input[name="lockKey"]')) },
  }),
  'password.ja.html': snapshot({
    signals: { passcode: 'on' },
    evidence: { passcode: onlyOn(ev('passwordPrompt', 'input[name="lockKey"]')) },
  }),
  'recording.en.html': recording('en'),
  'recording.ja.html': recording('ja'),
  'toasts-removed.en.html': toastsRemoved('en'),
  'toasts-removed.ja.html': toastsRemoved('ja'),
  'livestream.en.html': livestream('en'),
  'livestream.ja.html': livestream('ja'),
  'overflow-menu.en.html': overflowMenu('en'),
  'overflow-menu.ja.html': overflowMenu('ja'),
  'toolbar-custom.en.html': toolbarCustom('en', 'Security options'),
  'toolbar-custom.ja.html': toolbarCustom('ja', 'セキュリティ'),
  'recording-consent.en.html': consent('en'),
  'recording-consent.ja.html': consent('ja'),
  'local-recording-others.en.html': localOthers('en'),
  'local-recording-others.ja.html': localOthers('ja'),
  'local-recording-own.en.html': localOwn('en'),
  'local-recording-own.ja.html': localOwn('ja'),
  'subtitles-overlay.en.html': inMeeting('en', {
    signals: { transcription: 'on' },
    evidence: { transcription: overlay },
  }),
  'subtitles-overlay.ja.html': inMeeting('ja', {
    signals: { transcription: 'on' },
    evidence: { transcription: overlay },
  }),
  'subtitles-translated.en.html': translated('en', 'translation-languages:ja'),
  'subtitles-translated.ja.html': translated('ja', 'translation-languages:en'),
  // Japanese chosen in a Japanese UI is still a translation request (the translation_language property).
  'subtitles-same-language.ja.html': translated('ja', 'translation-languages:ja'),
  // "Original": this person asks for no translation, others may: unknown, never 'off'.
  'subtitles-original.en.html': inMeeting('en', {
    signals: { transcription: 'on' },
    evidence: { transcription: languageSelect },
  }),
  'security-host.en.html': securityHost('en'),
  'security-host.ja.html': securityHost('ja'),
  'security-host-unlocked.en.html': securityHostUnlocked('en'),
  'security-host-unlocked.ja.html': securityHostUnlocked('ja'),
  'security-participant.en.html': securityParticipant('en'),
  'security-participant.ja.html': securityParticipant('ja'),
  'security-e2ee-warning.en.html': e2eeWarning('en', jitsi.table.e2eeNotEveryoneText?.[1] as string),
  'security-e2ee-warning.ja.html': e2eeWarning('ja', jitsi.table.e2eeNotEveryoneText?.[0] as string),
  'e2ee-label.en.html': e2eeLabel('en'),
  'e2ee-label.ja.html': e2eeLabel('ja'),
  // A deployment's own E2EE texts replace the warning; the switch is on, no E2EE label: unknown, not 'on'.
  'e2ee-custom-labels.en.html': securityHostUnlocked('en'),
  'labels-recording.en.html': labelsRecording('en'),
  'labels-recording.ja.html': labelsRecording('ja'),
  'security-e2ee-maxmode.en.html': inMeeting('en', {
    role: 'host',
    signals: { waitingRoom: 'off', passcode: 'off', e2ee: 'off' },
    evidence: {
      waitingRoom: lobbyOff,
      passcode: noPassword,
      e2ee: onlyOff(ev('e2eeSwitch', 'unchecked'), ev('e2eeMaxModeText', jitsi.table.e2eeMaxModeText?.[1] as string)),
    },
  }),
  // The pane is open: its names are read, the bot's alone although its row also says "Moderator" and "Mute".
  'participants-notetaker.en.html': inMeeting('en', { notetakers: ['Fireflies.ai Notetaker'] }),
  // Open pane, people only: "Anna Fellows" and Jitsi's unnamed "Fellow Jitster" are not the Fellow.app bot.
  'participants.ja.html': inMeeting('ja', { notetakers: [] }),
};

describeEveryFixture(jitsi, expectations);

const ROOM = 'https://meet.jit.si/Room';
const CONFERENCE = '<div id="videoconference_page"></div>';

describe('jitsi addresses', () => {
  const empty = '<html><body></body></html>';

  it('reads the same DOM on a self-hosted server, room name from the last path segment', () => {
    const { doc } = loadFixture('jitsi', 'security-host.ja.html');
    const result = jitsi.read(
      doc,
      new URL('https://meet.city.example.lg.jp/soumu/%E4%BA%88%E7%AE%97%E4%BC%9A%E8%AD%B0'),
      jitsi.table,
    );
    expect(result).toEqual({ ...expectations['security-host.ja.html'], meetingId: '予算会議' });
  });

  it('is no meeting on the welcome page or a static file', () => {
    expect(readHtml(empty, 'https://meet.jit.si/')).toBeNull();
    expect(readHtml(empty, 'https://meet.jit.si/static/close.html')).toBeNull();
  });

  it('does not claim "no password in the link" when the link carries a token', () => {
    const withToken = readHtml(empty, 'https://meet.jit.si/Room?jwt=eyJhbGciOi');
    expect(withToken?.signals.passcodeInLink).toBe('unknown');
    expect(withToken?.evidence).not.toHaveProperty('passcodeInLink');
    expect(readHtml(empty, ROOM)?.signals.passcodeInLink).toBe('off');
  });

  it('does not throw on a malformed room name', () => {
    expect(readHtml(empty, 'https://meet.jit.si/%E0%A4%A')?.meetingId).toBe('%E0%A4%A');
  });
});

describe('jitsi default toolbar layout', () => {
  it('renders Security and CC in the overflow menu as role=button items without aria-pressed', () => {
    const { doc } = loadFixture('jitsi', 'overflow-menu.en.html');
    const items = [...doc.querySelectorAll('#overflow-context-menu [role="button"][aria-label]')];
    const labels = items.map((item) => item.getAttribute('aria-label'));
    expect(labels).toEqual(expect.arrayContaining(['Security options', 'Closed captions', 'Start recording']));
    expect(items.some((item) => item.hasAttribute('aria-pressed'))).toBe(false);
    const toolbar = [...doc.querySelectorAll('.toolbox-content-items [aria-label]')].map((b) =>
      b.getAttribute('aria-label'),
    );
    expect(toolbar).not.toContain('Security options');
    expect(toolbar).toHaveLength(10); // eight buttons above 565 px, More actions, Leave
  });

  it('reads a pressed security button in a custom main toolbar as neither on nor off', () => {
    const { doc, url } = loadFixture('jitsi', 'toolbar-custom.en.html');
    doc.querySelector('[aria-label="Security options"]')?.setAttribute('aria-pressed', 'true');
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.signals.passcode).toBe('unknown');
  });

  it('reads a pressed CC button as transcription on, an unpressed one as nothing', () => {
    const { doc, url } = loadFixture('jitsi', 'toolbar-custom.ja.html');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.transcription).toBe('unknown');
    doc.querySelector('[aria-label="字幕の切り替え"]')?.setAttribute('aria-pressed', 'true');
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.transcription).toBe('on');
    expect(result?.evidence?.transcription?.on).toEqual([ev('captionsLabel', '字幕の切り替え')]);
  });

  it('reads "Stop recording" in the overflow menu as recording on', () => {
    const { doc, url } = loadFixture('jitsi', 'overflow-menu.ja.html');
    const record = doc.querySelector('#overflow-context-menu [aria-label="録画を開始"]');
    record?.setAttribute('aria-label', '録画を停止する');
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.recording).toBe('on');
    expect(result?.evidence?.recording?.on).toEqual([ev('stopRecordingLabel', '録画を停止する')]);
  });
});

describe('jitsi transcription and translation', () => {
  it('takes the transcriber subtitles on the stage for transcription, whatever the minifier named the component', () => {
    expect(read('subtitles-overlay.en.html')?.signals.transcription).toBe('on');
    for (const className of ['css-1p8s3d-transcriptionSubtitles', 'tss-9q-Captions-transcriptionSubtitles extra']) {
      const html = `${CONFERENCE}<div class="${className}"><p><span>A: hello</span></p></div>`;
      expect(readHtml(html, ROOM)?.signals.transcription).toBe('on');
    }
  });

  it('does not take other rules or an empty stage for subtitles', () => {
    for (const className of [
      'css-1p8s3d-transcriptionSubtitlesWrapper',
      'css-2-subtitlesList',
      'transcriptionSubtitles',
    ]) {
      const html = `${CONFERENCE}<div class="${className}"></div>`;
      expect(readHtml(html, ROOM)?.signals.transcription).toBe('unknown');
    }
  });

  it('reads the language selector as transcription, and its target language as translation', () => {
    const { doc, url } = loadFixture('jitsi', 'subtitles-original.en.html');
    const select = doc.getElementById('subtitles-language-select') as HTMLSelectElement;
    expect(select.value).toBe('transcribing.original');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.translation).toBe('unknown');
    select.value = 'translation-languages:de';
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.translation).toBe('on');
    expect(result?.evidence?.translation?.on).toEqual([ev('translationValueText', 'translation-languages:de')]);
  });

  it("guards the closed-captions tab's start button, not the CC toolbar item that only opens the tab", () => {
    // ClosedCaptionsTab.tsx: <Button accessibilityLabel = 'Start Closed Captions'>, rendered by Button.tsx as a
    // button with that aria-label and title.
    const html =
      `${CONFERENCE}<button aria-label="Start Closed Captions" class="css-1-button" title="Start Closed Captions" ` +
      'type="button"><span>Start closed captions</span></button>';
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const matched = (root: ParentNode) =>
      jitsi.table.guardTranscription?.some((selector) => root.querySelector(selector) !== null);
    expect(matched(doc)).toBe(true);
    expect(matched(loadFixture('jitsi', 'overflow-menu.en.html').doc)).toBe(false);
  });

  it('never reads "Original" as no translation, nor a closed CC tab as no transcription', () => {
    expect(read('subtitles-original.en.html')?.signals.translation).toBe('unknown');
    expect(read('overflow-menu.en.html')?.signals.transcription).toBe('unknown');
    expect(read('overflow-menu.en.html')?.signals.translation).toBe('unknown');
  });
});

describe('jitsi recording', () => {
  it("takes another participant's local recording and one's own for recording", () => {
    expect(read('local-recording-others.ja.html')?.signals.recording).toBe('on');
    expect(read('local-recording-own.en.html')?.signals.recording).toBe('on');
  });

  it('never reads recording as off: "Start recording" offered, a stopped toast, nothing at all', () => {
    const stopped = `${CONFERENCE}<div data-testid="dialog.recording"><div data-testid="recording.off"></div></div>`;
    expect(readHtml(stopped, ROOM)?.signals.recording).toBe('unknown');
    expect(read('overflow-menu.en.html')?.signals.recording).toBe('unknown');
    for (const file of Object.keys(expectations)) {
      expect(read(file)?.signals.recording ?? 'unknown', file).not.toBe('off');
    }
  });

  it('keeps "on" when other evidence disagrees (any on evidence → on)', () => {
    const { doc, url } = loadFixture('jitsi', 'livestream.en.html');
    doc.body.insertAdjacentHTML('beforeend', '<div data-testid="notify.localRecordingStarted"></div>');
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.recording).toBe('on');
    expect(result?.evidence?.recording?.on.map((e) => e.key)).toEqual(['liveStreamOnToast', 'localRecordingByOthers']);
  });

  it('does not take the pre-join "may be recording" warning or a dismiss icon for a recording', () => {
    expect(read('prejoin.en.html')?.signals.recording).toBe('unknown');
    const html = `${CONFERENCE}<div data-testid="recording.on-dismiss"></div>`;
    expect(readHtml(html, ROOM)?.signals.recording).toBe('unknown');
  });
});

describe('jitsi lobby and security', () => {
  it('does not take the wait-for-moderator screen for a lobby, by its text or its log-in button', () => {
    expect(read('lobby-wait-moderator.en.html')?.signals.waitingRoom).toBe('unknown');
    expect(read('lobby-wait-moderator.ja.html')?.role).toBe('unknown');
    const { doc, url } = loadFixture('jitsi', 'lobby-wait-moderator.en.html');
    doc.querySelector('.joining-message')?.replaceChildren('…');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.waitingRoom).toBe('unknown');
    doc.querySelector('[data-testid="lobby.loginButton"]')?.remove();
    expect(jitsi.read(doc, url, jitsi.table)?.signals.waitingRoom).toBe('on');
  });

  it('finds a knocking lobby by its text when the classes are gone', () => {
    const { doc, url } = loadFixture('jitsi', 'lobby.ja.html');
    for (const element of doc.querySelectorAll('[class]')) element.removeAttribute('class');
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.evidence?.waitingRoom?.on).toEqual([ev('lobbyText', 'ミーティングへの参加を依頼中…')]);
  });

  it('reads the lobby and E2EE switches by their checked property, not the attribute', () => {
    const { doc, url } = loadFixture('jitsi', 'security-host.en.html');
    const lobbySwitch = doc.getElementById('lobby-section-switch') as HTMLInputElement;
    const e2ee = doc.getElementById('e2ee-section-switch') as HTMLInputElement;
    lobbySwitch.checked = false;
    e2ee.checked = true;
    expect(lobbySwitch.hasAttribute('checked')).toBe(true);
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.waitingRoom).toBe('off');
    // The switch on alone is no more than 'unknown' (see the E2EE label); its property, not its attribute, counts.
    expect(result?.signals.e2ee).toBe('unknown');
    e2ee.checked = false;
    e2ee.setAttribute('checked', '');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.e2ee).toBe('off');
  });

  it('never reads E2EE as on while the section warns that not everyone supports it', () => {
    const { doc, url } = loadFixture('jitsi', 'security-e2ee-warning.en.html');
    expect((doc.getElementById('e2ee-section-switch') as HTMLInputElement).checked).toBe(true);
    expect(jitsi.read(doc, url, jitsi.table)?.signals.e2ee).toBe('off');
    doc.getElementById('e2ee-section-description')?.replaceChildren('End-to-End Encryption is currently EXPERIMENTAL.');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.e2ee).toBe('unknown');
  });

  it('reads E2EE as on only from the E2EE label, whatever the dialog says; custom labels cannot make it on', () => {
    expect(read('e2ee-label.en.html')?.signals.e2ee).toBe('on');
    const { doc, url } = loadFixture('jitsi', 'e2ee-label.en.html');
    doc.querySelector('[class$="-label-green"]')?.remove();
    expect(jitsi.read(doc, url, jitsi.table)?.signals.e2ee).toBe('unknown');
    // The deployment's texts say nothing the adapter trusts: switch on, no label, no known warning.
    expect(read('e2ee-custom-labels.en.html')?.signals.e2ee).toBe('unknown');
    const custom = loadFixture('jitsi', 'e2ee-custom-labels.en.html');
    (custom.doc.getElementById('e2ee-section-switch') as HTMLInputElement).checked = false;
    expect(jitsi.read(custom.doc, custom.url, jitsi.table)?.signals.e2ee).toBe('off');
  });

  it('keeps recording and transcription on from the header labels once every toast is gone', () => {
    expect(read('toasts-removed.en.html')?.signals.recording).toBe('unknown');
    const { doc, url } = loadFixture('jitsi', 'labels-recording.ja.html');
    expect(doc.querySelector('[data-testid]')).toBeNull();
    expect(jitsi.read(doc, url, jitsi.table)?.signals).toMatchObject({ recording: 'on', transcription: 'on' });
    doc.querySelector('[class$="-record"]')?.remove();
    doc.querySelector('[class$="-transcribing"]')?.remove();
    expect(jitsi.read(doc, url, jitsi.table)?.signals).toMatchObject({
      recording: 'unknown',
      transcription: 'unknown',
    });
  });

  it('treats toasts that disagree as unknown, and the security dialog over older toasts', () => {
    const html =
      `${CONFERENCE}<div data-testid="lobby.notificationLobbyEnabled"></div>` +
      '<div data-testid="lobby.notificationLobbyDisabled"></div>';
    expect(readHtml(html, ROOM)?.signals.waitingRoom).toBe('unknown');
    const { doc, url } = loadFixture('jitsi', 'security-host-unlocked.en.html');
    doc.body.insertAdjacentHTML('beforeend', '<div data-testid="lobby.notificationLobbyEnabled"></div>');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.waitingRoom).toBe('off');
  });
});

describe('jitsi participants pane', () => {
  const row = (id: string, name: string, after = '') =>
    `<div class="list-item-container" id="participant-item-${id}" role="listitem"><div> <div class="avatar">XX</div> </div>` +
    `<div><div><div class="css-1c5cpe7-nameContainer"><div>${name}</div></div>${after}</div></div></div>`;

  it('lists notetakers only while the pane is open', () => {
    expect(read('participants-notetaker.en.html')?.notetakers).toEqual(['Fireflies.ai Notetaker']);
    expect(read('overflow-menu.en.html')).not.toHaveProperty('notetakers');
    const { doc, url } = loadFixture('jitsi', 'participants-notetaker.en.html');
    doc.getElementById('participants-pane')?.remove();
    expect(jitsi.read(doc, url, jitsi.table)).not.toHaveProperty('notetakers');
  });

  it('reads the name alone, not the row with its moderator label and buttons', () => {
    // The row's whole text runs "…Fireflies.ai NotetakerModeratorMute": no word boundary after "Notetaker".
    const { doc } = loadFixture('jitsi', 'participants-notetaker.en.html');
    const botRow = doc.getElementById('participant-item-3f2a9c1d');
    expect(botRow?.textContent?.replace(/\s+/g, '')).toContain('NotetakerModeratorMute');
    const html = `${CONFERENCE}<div id="participants-pane">${row('b1', 'Otter.ai', '<div>Moderator</div>')}</div>`;
    expect(readHtml(html, ROOM)?.notetakers).toEqual(['Otter.ai']);
  });

  it('does not take people named like a bot, nor Jitsi\'s unnamed "Fellow Jitster", for notetakers', () => {
    expect(read('participants.ja.html')?.notetakers).toEqual([]);
    const html = `${CONFERENCE}<div id="participants-pane">${row('p1', 'Fellow Jitster')}${row('p2', 'Fellow.app Notetaker')}</div>`;
    expect(readHtml(html, ROOM)?.notetakers).toEqual(['Fellow.app Notetaker']);
  });

  it('finds the name by nesting when the style classes are gone, and in an older .participants_pane', () => {
    const { doc, url } = loadFixture('jitsi', 'participants-notetaker.en.html');
    for (const element of doc.querySelectorAll('#participants-pane [class]')) element.removeAttribute('class');
    expect(jitsi.read(doc, url, jitsi.table)?.notetakers).toEqual(['Fireflies.ai Notetaker']);
    const older = `${CONFERENCE}<div class="participants_pane">${row('b2', 'Read.ai Meeting Notes')}</div>`;
    expect(readHtml(older, ROOM)?.notetakers).toEqual(['Read.ai Meeting Notes']);
  });

  it("counts a bot knocking in the lobby list, and the policy's own names", () => {
    const html = `${CONFERENCE}<div id="participants-pane"><div id="lobby-list">${row('k1', 'Acme Minutes')}</div></div>`;
    expect(readHtml(html, ROOM)?.notetakers).toEqual([]);
    const withPolicy = { ...jitsi.table, notetakerNameText: ['acme minutes'] };
    expect(readHtml(html, ROOM, withPolicy)?.notetakers).toEqual(['Acme Minutes']);
  });
});

describe('jitsi table from policy', () => {
  it('declares every key its fixtures report as "on" evidence for an E2E-breaking signal', () => {
    const breakingSignals = ['recording', 'transcription', 'translation', 'aiNotes'] as const;
    for (const file of Object.keys(expectations)) {
      const evidence = read(file)?.evidence ?? {};
      for (const signal of breakingSignals) {
        for (const { key } of evidence[signal]?.on ?? []) expect(jitsi.onEvidenceKeys?.[signal], file).toContain(key);
      }
    }
  });

  it('can be repaired by a policy override after a redesign', () => {
    const html = `${CONFERENCE}<input type="checkbox" id="lobby-toggle-v2" checked>`;
    expect(readHtml(html, ROOM)?.signals.waitingRoom).toBe('unknown');
    const renamed = mergeTable(jitsi.table, { lobbySwitch: { replace: ['#lobby-toggle-v2'] } });
    expect(readHtml(html, ROOM, renamed)?.signals.waitingRoom).toBe('on');
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(jitsi.table, {
      recordingOnToast: { add: ['[data-testid='] },
      subtitlesOverlay: { add: ['[class$='] },
      controls: { add: ['div[[['] },
      lobbySwitch: { add: [':::'] },
    });
    expect(read('recording.en.html', broken)?.signals.recording).toBe('on');
    expect(read('subtitles-overlay.ja.html', broken)?.signals.transcription).toBe('on');
    expect(read('security-host.ja.html', broken)?.signals.waitingRoom).toBe('on');
  });
});
