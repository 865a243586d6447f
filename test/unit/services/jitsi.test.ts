import { describe, expect, it } from 'vitest';
import { jitsi } from '../../../src/services/jitsi';
import { mergeTable, type Snapshot } from '../../../src/services/service';
import { loadFixture } from '../fixtures';
import {
  describeEveryFixture,
  type Expectations,
  fixtureReader,
  type SnapshotOverrides,
  snapshotFactory,
} from './adapter-support';

const { read, readHtml } = fixtureReader(jitsi);

/** A room address without a token carries no password. */
const snapshot = snapshotFactory('jitsi', {
  meetingId: 'WeeklyBudgetReview',
  phase: 'prejoin',
  signals: { passcodeInLink: 'off' },
});

const inMeeting = (locale: 'en' | 'ja', overrides: SnapshotOverrides = {}): Snapshot =>
  snapshot({ phase: 'meeting', title: locale === 'en' ? 'Weekly budget review' : '週次予算レビュー', ...overrides });

/** Every fixture in test/fixtures/jitsi/ and the whole snapshot the adapter must read from it. */
const expectations: Expectations = {
  'welcome.en.html': null,
  // "Other participants may be recording this call" is a warning, not a recording.
  'prejoin.en.html': snapshot({}),
  'prejoin.ja.html': snapshot({}),
  'lobby.en.html': snapshot({ role: 'participant', signals: { waitingRoom: 'on' } }),
  'lobby.ja.html': snapshot({ role: 'participant', signals: { waitingRoom: 'on' } }),
  'password.en.html': snapshot({ signals: { passcode: 'on' } }),
  'password.ja.html': snapshot({ signals: { passcode: 'on' } }),
  'recording.en.html': inMeeting('en', { signals: { recording: 'on', waitingRoom: 'on', passcode: 'on' } }),
  'recording.ja.html': inMeeting('ja', { signals: { recording: 'on', waitingRoom: 'on', passcode: 'on' } }),
  'toasts-removed.en.html': inMeeting('en', { signals: { waitingRoom: 'off', passcode: 'off' } }),
  'toasts-removed.ja.html': inMeeting('ja', { signals: { waitingRoom: 'off', passcode: 'off' } }),
  // "Start recording" is offered, but a live stream is running: recording on.
  'livestream.en.html': inMeeting('en', { signals: { recording: 'on', waitingRoom: 'off', passcode: 'off' } }),
  'livestream.ja.html': inMeeting('ja', { signals: { recording: 'on', waitingRoom: 'off', passcode: 'off' } }),
  'unlocked.en.html': inMeeting('en', { signals: { recording: 'off', waitingRoom: 'off', passcode: 'off' } }),
  'unlocked.ja.html': inMeeting('ja', { signals: { recording: 'off', waitingRoom: 'off', passcode: 'off' } }),
  'recording-consent.en.html': inMeeting('en', { signals: { recording: 'on' } }),
  'recording-consent.ja.html': inMeeting('ja', { signals: { recording: 'on' } }),
  'subtitles-translated.en.html': inMeeting('en', { signals: { transcription: 'on', translation: 'on' } }),
  'subtitles-translated.ja.html': inMeeting('ja', { signals: { transcription: 'on', translation: 'on' } }),
  'subtitles-original.en.html': inMeeting('en', { signals: { transcription: 'on' } }),
  'subtitles-same-language.ja.html': inMeeting('ja', { signals: { transcription: 'on' } }),
  'security-host.en.html': inMeeting('en', {
    role: 'host',
    signals: { waitingRoom: 'on', passcode: 'on', e2ee: 'off' },
  }),
  'security-host.ja.html': inMeeting('ja', {
    role: 'host',
    signals: { waitingRoom: 'on', passcode: 'on', e2ee: 'off' },
  }),
  'security-host-unlocked.en.html': inMeeting('en', {
    role: 'host',
    signals: { waitingRoom: 'off', passcode: 'off', e2ee: 'on' },
  }),
  'security-host-unlocked.ja.html': inMeeting('ja', {
    role: 'host',
    signals: { waitingRoom: 'off', passcode: 'off', e2ee: 'on' },
  }),
  'security-participant.en.html': inMeeting('en', { role: 'participant', signals: { passcode: 'on', e2ee: 'off' } }),
  'security-participant.ja.html': inMeeting('ja', { role: 'participant', signals: { passcode: 'on', e2ee: 'off' } }),
};

describeEveryFixture(jitsi, expectations);

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
    expect(readHtml(empty, 'https://meet.jit.si/Room?jwt=eyJhbGciOi')?.signals.passcodeInLink).toBe('unknown');
    expect(readHtml(empty, 'https://meet.jit.si/Room')?.signals.passcodeInLink).toBe('off');
  });

  it('does not throw on a malformed room name', () => {
    expect(readHtml(empty, 'https://meet.jit.si/%E0%A4%A')?.meetingId).toBe('%E0%A4%A');
  });
});

describe('jitsi traps', () => {
  it('reads the lobby and E2EE switches by their checked property, not the attribute', () => {
    const { doc, url } = loadFixture('jitsi', 'security-host.en.html');
    const lobby = doc.getElementById('lobby-section-switch') as HTMLInputElement;
    const e2ee = doc.getElementById('e2ee-section-switch') as HTMLInputElement;
    lobby.checked = false;
    e2ee.checked = true;
    expect(lobby.hasAttribute('checked')).toBe(true);
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.waitingRoom).toBe('off');
    expect(result?.signals.e2ee).toBe('on');
  });

  it('does not take the pre-join "may be recording" warning for a recording', () => {
    expect(read('prejoin.en.html')?.signals.recording).toBe('unknown');
  });

  it('keeps a live stream as recording although "Start recording" is offered', () => {
    expect(read('livestream.en.html')?.signals.recording).toBe('on');
  });

  it('does not turn "Original" or same-language subtitles into "no translation"', () => {
    expect(read('subtitles-original.en.html')?.signals.translation).toBe('unknown');
    expect(read('subtitles-same-language.ja.html')?.signals.translation).toBe('unknown');
  });

  it('reads no translation when subtitles are not requested', () => {
    const { doc, url } = loadFixture('jitsi', 'subtitles-translated.en.html');
    doc.querySelector('[aria-label="Toggle subtitles"]')?.setAttribute('aria-pressed', 'false');
    const result = jitsi.read(doc, url, jitsi.table);
    expect(result?.signals.translation).toBe('unknown');
    expect(result?.signals.transcription).toBe('unknown');
  });

  it('treats toasts that disagree as unknown', () => {
    const html =
      '<div id="videoconference_page"></div>' +
      '<div data-testid="lobby.notificationLobbyEnabled"></div><div data-testid="lobby.notificationLobbyDisabled"></div>';
    expect(readHtml(html, 'https://meet.jit.si/Room')?.signals.waitingRoom).toBe('unknown');
  });

  it('does not read the recording.on toast dismiss icon as a second toast', () => {
    const html = '<div id="videoconference_page"></div><div data-testid="recording.on-dismiss"></div>';
    expect(readHtml(html, 'https://meet.jit.si/Room')?.signals.recording).toBe('unknown');
  });

  it('reads the security dialog over the older toasts', () => {
    const { doc, url } = loadFixture('jitsi', 'security-host-unlocked.en.html');
    doc.body.insertAdjacentHTML('beforeend', '<div data-testid="lobby.notificationLobbyEnabled"></div>');
    expect(jitsi.read(doc, url, jitsi.table)?.signals.waitingRoom).toBe('off');
  });
});

describe('jitsi table from policy', () => {
  it('can be repaired by a policy override after a redesign', () => {
    const html = '<div id="videoconference_page"></div><input type="checkbox" id="lobby-toggle-v2" checked>';
    expect(readHtml(html, 'https://meet.jit.si/Room')?.signals.waitingRoom).toBe('unknown');
    const renamed = mergeTable(jitsi.table, { lobbySwitch: { replace: ['#lobby-toggle-v2'] } });
    expect(readHtml(html, 'https://meet.jit.si/Room', renamed)?.signals.waitingRoom).toBe('on');
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(jitsi.table, {
      recordingOnToast: { add: ['[data-testid='] },
      controls: { add: ['div[[['] },
      lobbySwitch: { add: [':::'] },
    });
    expect(read('recording.en.html', broken)?.signals.recording).toBe('on');
    expect(read('security-host.ja.html', broken)?.signals.waitingRoom).toBe('on');
  });
});
