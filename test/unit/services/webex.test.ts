import { describe, expect, it } from 'vitest';
import { matchesPattern, mergeTable } from '../../../src/services/service';
import { webex } from '../../../src/services/webex';
import { describeEveryFixture, type Expectations, fixtureReader, snapshotFactory } from './adapter-support';

const ROOM = 'example.webex.com/meet/taro.yamada';
const MTID = 'm0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FRAME_URL = 'https://example.webex.com/webappng/sites/example/meeting/webclient';

const { read, readHtml } = fixtureReader(webex);

const snapshot = snapshotFactory('webex', { meetingId: null, phase: 'prejoin' });

/** In the web app (its frame, pre-join, lobby or meeting) the meeting is certainly not E2EE. */
const webApp = { e2ee: 'off' } as const;

/** Every fixture in test/fixtures/webex/ and the whole snapshot the adapter must read from it. */

const expectations: Expectations = {
  'home.en.html': null,
  // A password field on a *.webex.com page that is not a meeting page.
  'signin.en.html': null,
  // From the launcher the desktop app may still be used: E2EE is not decided.
  'launcher.en.html': snapshot({ meetingId: ROOM }),
  'launcher.ja.html': snapshot({ meetingId: MTID }),
  'shell.en.html': snapshot({ meetingId: ROOM, signals: webApp }),
  'prejoin.en.html': snapshot({ title: 'Weekly sync', signals: webApp }),
  'prejoin.ja.html': snapshot({
    meetingId: ROOM,
    title: '定例会議',
    signals: webApp,
  }),
  // The password dialog alone does not prove the web app (the outer frame does).
  'password.en.html': snapshot({ signals: { passcode: 'on' } }),
  'password.ja.html': snapshot({
    meetingId: MTID,
    title: '予算調整会議',
    signals: { passcode: 'on', ...webApp },
  }),
  'lobby.en.html': snapshot({
    title: 'Weekly sync',
    role: 'participant',
    signals: { waitingRoom: 'on', ...webApp },
  }),
  'lobby.ja.html': snapshot({
    meetingId: ROOM,
    role: 'participant',
    signals: { waitingRoom: 'on', ...webApp },
  }),
  'in-meeting.en.html': snapshot({
    phase: 'meeting',
    title: 'Weekly sync',
    signals: webApp,
  }),
  'in-meeting.ja.html': snapshot({
    phase: 'meeting',
    meetingId: ROOM,
    signals: webApp,
  }),
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
