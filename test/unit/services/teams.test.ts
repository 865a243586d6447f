import { describe, expect, it } from 'vitest';
import { mergeTable } from '../../../src/services/service';
import { teams } from '../../../src/services/teams';
import { loadFixture } from '../fixtures';
import { describeEveryFixture, type Expectations, fixtureReader, snapshotFactory } from './adapter-support';

const THREAD = '19:meeting_ZmFrZS1tZWV0aW5nLWlk@thread.v2';
const MEETING_NUMBER = '233362334498301';

const { read, readHtml } = fixtureReader(teams);

const snapshot = snapshotFactory('teams', { meetingId: THREAD, phase: 'prejoin' });

/** Every fixture in test/fixtures/teams/ and the whole snapshot the adapter must read from it. */
const expectations: Expectations = {
  'chat.en.html': null,
  'calendar.ja.html': null,
  'prejoin.en.html': snapshot({ signals: { e2ee: 'off', passcodeInLink: 'off' } }),
  'prejoin.ja.html': snapshot({
    meetingId: MEETING_NUMBER,
    signals: { e2ee: 'off', passcode: 'on', passcodeInLink: 'on' },
  }),
  'lobby.en.html': snapshot({
    meetingId: '9391234567890',
    role: 'participant',
    signals: { waitingRoom: 'on', e2ee: 'off', passcodeInLink: 'off' },
  }),
  // The Japanese lobby text is unknown: the lobby is not understood, so nothing is claimed (never 'off').
  'lobby.ja.html': snapshot({ signals: { passcodeInLink: 'off' } }),
  'meeting-captions.en.html': snapshot({
    phase: 'meeting',
    signals: { transcription: 'on', e2ee: 'off', passcodeInLink: 'off' },
    notetakers: ['Fireflies.ai Notetaker'],
  }),
  'meeting-captions.ja.html': snapshot({
    meetingId: MEETING_NUMBER,
    title: '【機密性2】予算調整会議',
    phase: 'meeting',
    signals: { transcription: 'on', e2ee: 'off', passcode: 'on', passcodeInLink: 'on' },
  }),
  'meeting.en.html': snapshot({ phase: 'meeting', signals: { e2ee: 'off', passcodeInLink: 'off' } }),
  // Joined inside the v2 app: the address names no meeting, so neither id nor link is known.
  'meeting.ja.html': snapshot({ meetingId: null, phase: 'meeting', signals: { e2ee: 'off' } }),
  'e2ee-error.en.html': snapshot({ signals: { passcodeInLink: 'off' } }),
  'e2ee-error.ja.html': snapshot({ signals: { passcodeInLink: 'off' } }),
  'meeting-options.en.html': snapshot({
    phase: 'schedule',
    role: 'host',
    signals: { waitingRoom: 'off', recording: 'off', e2ee: 'off' },
  }),
  'meeting-options-strict.en.html': snapshot({
    phase: 'schedule',
    role: 'host',
    signals: { waitingRoom: 'on', recording: 'on', transcription: 'on', e2ee: 'on' },
  }),
  'meeting-options.ja.html': snapshot({ phase: 'schedule', role: 'host' }),
};

describeEveryFixture(teams, expectations);

describe('teams passcode in the join link', () => {
  const empty = '<html><body></body></html>';
  const cases: Array<[string, string | null, string, string]> = [
    ['https://teams.microsoft.com/meet/233362334498301?p=Xq7Bt2Lm', MEETING_NUMBER, 'on', 'on'],
    ['https://teams.microsoft.com/meet/233362334498301', MEETING_NUMBER, 'off', 'unknown'],
    ['https://teams.live.com/meet/9391234567890?p=abcDEF12', '9391234567890', 'on', 'on'],
    ['https://teams.cloud.microsoft/meet/233362334498301?anon=true&p=Zz9', MEETING_NUMBER, 'on', 'on'],
    // An empty p= is no passcode.
    ['https://teams.microsoft.com/meet/233362334498301?p=', MEETING_NUMBER, 'off', 'unknown'],
    // Legacy hash form and the launcher, which nests the join path encoded in a parameter.
    ['https://teams.microsoft.com/_#/meet/233362334498301?p=Xq7Bt2Lm', MEETING_NUMBER, 'on', 'on'],
    [
      'https://teams.microsoft.com/dl/launcher/launcher.html?url=%2F_%23%2Fmeet%2F233362334498301%3Fp%3DXq7Bt2Lm&type=meet',
      MEETING_NUMBER,
      'on',
      'on',
    ],
    [
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmFrZS1tZWV0aW5nLWlk%40thread.v2/0?context=%7b%7d',
      THREAD,
      'off',
      'unknown',
    ],
  ];
  for (const [address, meetingId, inLink, passcode] of cases) {
    it(`${address} → passcodeInLink ${inLink}`, () => {
      const result = readHtml(empty, address);
      expect(result?.meetingId).toBe(meetingId);
      expect(result?.signals.passcodeInLink).toBe(inLink);
      expect(result?.signals.passcode).toBe(passcode);
      // A bare link proves nothing about the meeting's encryption: the launcher may hand over to the app.
      expect(result?.signals.e2ee).toBe('unknown');
    });
  }

  it('takes the thread id from a light-meetings address', () => {
    const coords = btoa(JSON.stringify({ conversationId: THREAD, tenantId: 't', messageId: '0' }));
    const result = readHtml(empty, `https://teams.microsoft.com/light-meetings/launch?coords=${coords}`);
    expect(result?.meetingId).toBe(THREAD);
    expect(result?.signals.passcodeInLink).toBe('off');
  });

  it('does not throw on a malformed address or coords', () => {
    expect(() => readHtml(empty, 'https://teams.microsoft.com/meet/%E0%A4%A?p=%')).not.toThrow();
    expect(readHtml(empty, 'https://teams.microsoft.com/light-meetings/launch?coords=%%%')).toBeNull();
  });

  it('knows no meeting on an app page without one', () => {
    expect(readHtml(empty, 'https://teams.microsoft.com/v2/')).toBeNull();
  });
});

describe('teams traps', () => {
  it('does not take a chat message quoting the lobby for a lobby', () => {
    expect(read('chat.en.html')).toBeNull();
  });

  it('does not read the lobby sentence in a call', () => {
    expect(read('meeting.en.html')?.signals.waitingRoom).toBe('unknown');
  });

  it('does not take the captions menu item for captions', () => {
    expect(read('meeting.en.html')?.signals.transcription).toBe('unknown');
    const menu =
      '<button id="hangup-button"></button><div role="menuitem" data-tid="closed-captions-menu-item">Captions</div>';
    expect(readHtml(menu, 'https://teams.microsoft.com/v2/')?.signals.transcription).toBe('unknown');
  });

  it('finds a renamed caption container through the wildcard', () => {
    const html = '<button id="hangup-button"></button><div data-tid="closed-caption-v3-pane"></div>';
    expect(readHtml(html, 'https://teams.microsoft.com/v2/')?.signals.transcription).toBe('on');
  });

  it('does not say "not E2EE" on the encryption failure screen', () => {
    expect(read('e2ee-error.en.html')?.signals.e2ee).toBe('unknown');
    // Not even when call controls are still in the page behind it.
    const { doc, url } = loadFixture('teams', 'e2ee-error.en.html');
    doc.body.insertAdjacentHTML('beforeend', '<button id="hangup-button"></button>');
    expect(teams.read(doc, url, teams.table)?.signals.e2ee).toBe('unknown');
  });

  it('does not take "Fellows, Anna" for the Fellow bot', () => {
    expect(read('meeting-captions.en.html')?.notetakers).toEqual(['Fireflies.ai Notetaker']);
  });

  it('leaves notetakers out when the roster is closed', () => {
    expect(read('meeting.en.html')).not.toHaveProperty('notetakers');
  });

  it('does not read the dial-in bypass switch as the lobby choice', () => {
    // meeting-options.en: dial-in bypass on, lobby "Everyone": waiting room off because of the choice only.
    const { doc, url } = loadFixture('teams', 'meeting-options.en.html');
    doc.querySelector('[role="combobox"]')?.remove();
    expect(teams.read(doc, url, teams.table)?.signals.waitingRoom).toBe('unknown');
  });

  it('reads a checkbox switch by its checked property', () => {
    const { doc, url } = loadFixture('teams', 'meeting-options-strict.en.html');
    const e2ee = doc.getElementById('opt-e2ee') as HTMLInputElement;
    e2ee.checked = false;
    expect(e2ee.hasAttribute('checked')).toBe(true);
    expect(teams.read(doc, url, teams.table)?.signals.e2ee).toBe('off');
  });

  it('treats switches that disagree as unknown', () => {
    const { doc, url } = loadFixture('teams', 'meeting-options.en.html');
    doc.body.insertAdjacentHTML(
      'beforeend',
      '<div role="switch" aria-checked="true" aria-label="Enable meeting end-to-end encryption"></div>',
    );
    expect(teams.read(doc, url, teams.table)?.signals.e2ee).toBe('unknown');
  });

  it('spells the options thread id as join links do', () => {
    expect(read('meeting-options.en.html')?.meetingId).toBe(read('prejoin.en.html')?.meetingId);
  });
});

describe('teams table from policy', () => {
  it('can be repaired by a policy override after a redesign', () => {
    const html = '<button data-tid="leave-call-v3"></button>';
    const address = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmFrZS1tZWV0aW5nLWlk%40thread.v2/0';
    expect(readHtml(html, address)?.phase).toBe('prejoin');
    const renamed = mergeTable(teams.table, { inCall: { add: ['button[data-tid="leave-call-v3"]'] } });
    expect(readHtml(html, address, renamed)?.phase).toBe('meeting');
    expect(readHtml(html, address, renamed)?.signals.e2ee).toBe('off');
  });

  it('learns the Japanese lobby sentence from policy', () => {
    const withJa = mergeTable(teams.table, { lobbyText: { add: ['会議の参加者がまもなくあなたの参加を許可します'] } });
    const result = read('lobby.ja.html', withJa);
    expect(result?.signals.waitingRoom).toBe('on');
    expect(result?.role).toBe('participant');
  });

  it('ignores an unparsable override instead of throwing', () => {
    const broken = mergeTable(teams.table, {
      inCall: { add: ['button[[['] },
      captions: { add: [':::'] },
      optionSwitches: { add: ['[role='] },
    });
    expect(read('meeting-captions.ja.html', broken)?.signals.transcription).toBe('on');
    expect(read('meeting-options-strict.en.html', broken)?.signals.e2ee).toBe('on');
  });
});
