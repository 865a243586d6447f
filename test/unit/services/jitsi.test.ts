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
  // "Start recording" offered is not 'off': Jitsi shows it to whoever cannot stop a running recording
  // (canStopRecording, recording/functions.ts), so recording stays unknown.
  'unlocked.en.html': inMeeting('en', { signals: { waitingRoom: 'off', passcode: 'off' } }),
  'unlocked.ja.html': inMeeting('ja', { signals: { waitingRoom: 'off', passcode: 'off' } }),
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
  // The pane is open: its names are read, the bot's alone although its row also says "Moderator" and "Mute".
  'participants-notetaker.en.html': inMeeting('en', { notetakers: ['Fireflies.ai Notetaker'] }),
  // Open pane, people only: "Anna Fellows" and Jitsi's unnamed "Fellow Jitster" are not the Fellow.app bot.
  'participants.ja.html': inMeeting('ja', { notetakers: [] }),
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

describe('jitsi participants pane', () => {
  const CONFERENCE = '<div id="videoconference_page"></div>';
  const row = (id: string, name: string, after = '') =>
    `<div class="list-item-container" id="participant-item-${id}" role="listitem"><div> <div class="avatar">XX</div> </div>` +
    `<div><div><div class="css-1c5cpe7-nameContainer"><div>${name}</div></div>${after}</div></div></div>`;

  it('lists notetakers only while the pane is open', () => {
    expect(read('participants-notetaker.en.html')?.notetakers).toEqual(['Fireflies.ai Notetaker']);
    expect(read('unlocked.en.html')).not.toHaveProperty('notetakers');
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
    expect(readHtml(html, 'https://meet.jit.si/Room')?.notetakers).toEqual(['Otter.ai']);
  });

  it('does not take people named like a bot, nor Jitsi\'s unnamed "Fellow Jitster", for notetakers', () => {
    expect(read('participants.ja.html')?.notetakers).toEqual([]);
    const html = `${CONFERENCE}<div id="participants-pane">${row('p1', 'Fellow Jitster')}${row('p2', 'Fellow.app Notetaker')}</div>`;
    expect(readHtml(html, 'https://meet.jit.si/Room')?.notetakers).toEqual(['Fellow.app Notetaker']);
  });

  it('finds the name by nesting when the style classes are gone, and in an older .participants_pane', () => {
    const { doc, url } = loadFixture('jitsi', 'participants-notetaker.en.html');
    for (const element of doc.querySelectorAll('#participants-pane [class]')) element.removeAttribute('class');
    expect(jitsi.read(doc, url, jitsi.table)?.notetakers).toEqual(['Fireflies.ai Notetaker']);
    const older = `${CONFERENCE}<div class="participants_pane">${row('b2', 'Read.ai Meeting Notes')}</div>`;
    expect(readHtml(older, 'https://meet.jit.si/Room')?.notetakers).toEqual(['Read.ai Meeting Notes']);
  });

  it('finds the name by its style rule when a redesign adds a wrapper', () => {
    const wrapped =
      '<div id="participant-item-b3" role="listitem"><div> <div class="avatar">TD</div> </div><div><div><section>' +
      '<div class="css-1c5cpe7-nameContainer"><div>tl;dv Recorder</div></div></section></div></div></div>';
    expect(
      readHtml(`${CONFERENCE}<div id="participants-pane">${wrapped}</div>`, 'https://meet.jit.si/Room')?.notetakers,
    ).toEqual(['tl;dv Recorder']);
  });

  it("counts a bot knocking in the lobby list, and the policy's own names", () => {
    const html = `${CONFERENCE}<div id="participants-pane"><div id="lobby-list">${row('k1', 'Acme Minutes')}</div></div>`;
    expect(readHtml(html, 'https://meet.jit.si/Room')?.notetakers).toEqual([]);
    const withPolicy = { ...jitsi.table, notetakerNameText: ['acme minutes'] };
    expect(readHtml(html, 'https://meet.jit.si/Room', withPolicy)?.notetakers).toEqual(['Acme Minutes']);
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
