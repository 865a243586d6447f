/**
 * Webex adapter scenarios (issue 14): what a person would see go wrong if the reading logic of src/services/webex.ts
 * broke — a wrong or missing meeting id, a site page taken for a meeting (or a meeting page missed), E2EE decided
 * from the launcher, or a signal the admin taught through policy that still reads unknown.
 */
import { describe, expect, it } from 'vitest';
import { mergeTable, type SignalName } from '../../../src/services/service';
import { webex } from '../../../src/services/webex';
import { fixtureReader } from './adapter-support';

const { readHtml } = fixtureReader(webex);

const SITE = 'https://example.webex.com';
const BARE = '<html><body></body></html>';
/** The meeting frame's own address is not known: the adapter must recognise it by its hooks. */
const FRAME_URL = `${SITE}/webappng/sites/example/meeting/webclient`;
const ROOM_URL = `${SITE}/meet/taro.yamada`;
const CHAT_TOGGLE = '<mdc-button data-test="in-meeting-chat-toggle-button"></mdc-button>';
const WEB_APP_FACT = { key: 'vendorFact', match: 'webex-e2ee-web: Webex web app in use' };

const at = (path: string, html = BARE) => readHtml(html, `${SITE}${path}`);

describe('the meeting id a Webex address names', () => {
  it('a personal room is named with its site, with or without the trailing slash', () => {
    expect(at('/meet/taro')?.meetingId).toBe('example.webex.com/meet/taro');
    expect(at('/meet/taro/')?.meetingId).toBe('example.webex.com/meet/taro');
    // Two sites' "taro" are two rooms.
    expect(readHtml(BARE, 'https://other.webex.com/meet/taro')?.meetingId).toBe('other.webex.com/meet/taro');
  });

  it('a personal room with a Japanese name is named as the person reads it; a malformed escape is kept as typed', () => {
    expect(at('/meet/%E5%A4%AA%E9%83%8E')?.meetingId).toBe('example.webex.com/meet/太郎');
    expect(at('/meet/taro%E5')?.meetingId).toBe('example.webex.com/meet/taro%E5');
  });

  it('a page below a personal room, or a /meet/ folder deeper in the site, is not the room', () => {
    expect(at('/meet/taro/settings')).toBeNull();
    expect(at('/account/meet/taro')).toBeNull();
    expect(at('/meet/')).toBeNull();
  });

  it('a j.php join link names the meeting by its MTID, at the site root, in the site folder or under /meet/', () => {
    expect(at('/j.php?MTID=m1234')?.meetingId).toBe('m1234');
    expect(at('/example/j.php?MTID=m1234&from=mail')?.meetingId).toBe('m1234');
    expect(at('/meet/j.php?MTID=m1234')?.meetingId).toBe('m1234');
  });

  it('a j.php join link without an MTID, or with an empty one, is a join page whose meeting is not named', () => {
    for (const path of ['/example/j.php', '/example/j.php?MTID=']) {
      const result = at(path);
      expect(result, path).not.toBeNull();
      expect(result?.meetingId, path).toBeNull();
      expect(result?.phase, path).toBe('prejoin');
    }
  });

  it('a j.php two folders deep, or a path that only starts with j.php, is no join link', () => {
    expect(at('/a/b/j.php?MTID=m1234')).toBeNull();
    expect(at('/example/j.php/x?MTID=m1234')).toBeNull();
    expect(at('/example/j.phps?MTID=m1234')).toBeNull();
  });

  it('the join service download and the meeting info page name the meeting, decoded', () => {
    expect(at('/wbxmjs/joinservice/sites/example/meeting/download/0f1e2d3c?siteurl=example')?.meetingId).toBe(
      '0f1e2d3c',
    );
    expect(at('/wbxmjs/joinservice/sites/example/meeting/download/0f1e/extra')?.meetingId).toBe('0f1e');
    expect(at('/webappng/sites/example/meeting/info/3f2a9c1e')?.meetingId).toBe('3f2a9c1e');
    expect(at('/webappng/sites/example/meeting/info/a%20b')?.meetingId).toBe('a b');
  });

  it('the same join-service and meeting-info paths under another folder name no meeting', () => {
    expect(at('/proxy/wbxmjs/joinservice/sites/example/meeting/download/0f1e2d3c')).toBeNull();
    expect(at('/proxy/webappng/sites/example/meeting/info/3f2a9c1e')).toBeNull();
    expect(at('/wbxmjs/joinservice/sites/example/meeting/download/')).toBeNull();
  });
});

describe('the scheduler is a host page before the meeting', () => {
  const SCHEDULER = '/webappng/sites/example/meeting/scheduler';

  it('the scheduler and its sub-pages are the host scheduling, with no meeting named yet', () => {
    for (const path of [SCHEDULER, `${SCHEDULER}/`, `${SCHEDULER}/edit`]) {
      const result = at(path);
      expect(result?.phase, path).toBe('schedule');
      expect(result?.role, path).toBe('host');
      expect(result?.meetingId, path).toBeNull();
    }
  });

  it('a page whose name only starts like the scheduler, or the scheduler path deeper in the site, is not it', () => {
    expect(at(`${SCHEDULER}s`)).toBeNull();
    expect(at(`/proxy${SCHEDULER}`)).toBeNull();
  });

  it("the scheduler's password field and any web-app hook say nothing of a meeting's safeguards", () => {
    const html = `<input aria-label="Meeting password" type="password"><div data-test="lobby-container"></div>${CHAT_TOGGLE}`;
    const result = at(SCHEDULER, html);
    expect(result?.phase).toBe('schedule');
    expect(result?.role).toBe('host');
    expect(result?.signals.passcode).toBe('unknown');
    expect(result?.signals.waitingRoom).toBe('unknown');
    expect(result?.signals.e2ee).toBe('unknown');
    expect(result?.evidence).toEqual({});
  });
});

describe('the meeting frame is recognised by its hooks alone', () => {
  const hooks: Record<string, string> = {
    'the web-app frame': '<iframe id="unified-webclient-iframe" srcdoc=""></iframe>',
    'the enterprise frame': '<iframe name="thinIframe" srcdoc=""></iframe>',
    'the pre-join name field': '<input data-test="Name (required)">',
    'the chat toggle of the meeting': CHAT_TOGGLE,
    'the lobby': '<div data-test="lobby-container"></div>',
    'the meeting-password page': '<input aria-label="Meeting password">',
  };

  for (const [what, html] of Object.entries(hooks)) {
    it(`${what}, at an address that names no meeting, is a meeting page in the web app: E2EE is off`, () => {
      const result = readHtml(html, FRAME_URL);
      expect(result).not.toBeNull();
      expect(result?.meetingId).toBeNull();
      expect(result?.signals.e2ee).toBe('off');
      expect(result?.evidence?.e2ee).toEqual({ on: [], off: [WEB_APP_FACT] });
    });
  }

  it("the launcher's join-from-browser area at an address that names no meeting is a meeting page, E2EE undecided", () => {
    const result = readHtml('<div id="broadcom-center-right"></div>', FRAME_URL);
    expect(result).not.toBeNull();
    expect(result?.phase).toBe('prejoin');
    // The desktop app may still be chosen from the launcher.
    expect(result?.signals.e2ee).toBe('unknown');
  });

  it('a meeting address with no web-app hook leaves E2EE undecided', () => {
    expect(readHtml(BARE, ROOM_URL)?.signals.e2ee).toBe('unknown');
  });

  it('a password field in the meeting frame proves a passcode; its absence proves nothing', () => {
    const asked = readHtml(`${CHAT_TOGGLE}<input type="password">`, FRAME_URL);
    expect(asked?.signals.passcode).toBe('on');
    expect(asked?.evidence?.passcode).toEqual({
      on: [{ key: 'passwordInput', match: 'input[type="password"]' }],
      off: [],
    });
    expect(readHtml(CHAT_TOGGLE, FRAME_URL)?.signals.passcode).toBe('unknown');
  });
});

describe('the meeting title', () => {
  it('is shown without the white space around it', () => {
    const html = `${CHAT_TOGGLE}<h1 data-type="body-secondary">\n   Weekly sync  \n</h1>`;
    expect(readHtml(html, ROOM_URL)?.title).toBe('Weekly sync');
  });

  it('a blank heading is no title', () => {
    const html = `${CHAT_TOGGLE}<h1 data-type="body-secondary">   </h1>`;
    expect(readHtml(html, ROOM_URL)?.title).toBeNull();
  });
});

describe('what the admin taught through policy is read, each key on its own', () => {
  /** A tenant's wording or hook (placeholders: Webex's are not public), the page that shows it, what it marks. */
  const taught: [SignalName, string, string, string][] = [
    [
      'recording',
      'recordingNoticeText',
      'tenant: recording started',
      '<div role="alert">tenant: recording started</div>',
    ],
    ['recording', 'recordingIndicatorLabel', 'tenant: recording', '<span aria-label="tenant: recording"></span>'],
    ['recording', 'recordingOn', '[data-tenant="rec"]', '<span data-tenant="rec"></span>'],
    ['transcription', 'transcriptionNoticeText', 'tenant: captions on', '<div role="status">tenant: captions on</div>'],
    ['transcription', 'transcriptionIndicatorLabel', 'tenant: captions', '<span title="tenant: captions"></span>'],
    ['transcription', 'transcriptionOn', '[data-tenant="cc"]', '<span data-tenant="cc"></span>'],
    ['translation', 'translationNoticeText', 'tenant: translating', '<div role="dialog">tenant: translating</div>'],
    ['translation', 'translationOn', '[data-tenant="tr"]', '<span data-tenant="tr"></span>'],
    [
      'aiNotes',
      'aiNotesNoticeText',
      'tenant: AI Assistant on',
      '<div aria-live="assertive">tenant: AI Assistant on</div>',
    ],
    ['aiNotes', 'aiNotesIndicatorLabel', 'tenant: AI Assistant', '<span aria-label="tenant: AI Assistant"></span>'],
    ['aiNotes', 'aiNotesOn', '[data-tenant="ai"]', '<span data-tenant="ai"></span>'],
  ];

  for (const [signal, key, entry, shown] of taught) {
    it(`${key} taught by policy marks ${signal} on, with that key as evidence, and nothing else`, () => {
      const table = mergeTable(webex.table, { [key]: { add: [entry] } });
      const result = readHtml(`${CHAT_TOGGLE}${shown}`, ROOM_URL, table);
      expect(result?.signals[signal]).toBe('on');
      expect(result?.evidence?.[signal]).toEqual({ on: [{ key, match: entry }], off: [] });
      for (const other of ['recording', 'transcription', 'translation', 'aiNotes'] as const)
        if (other !== signal) expect(result?.signals[other], other).toBe('unknown');
      // Without the policy the same page says nothing: never 'off'.
      expect(readHtml(`${CHAT_TOGGLE}${shown}`, ROOM_URL)?.signals[signal]).toBe('unknown');
    });
  }
});

describe('Webex icons with a table that lists no controls', () => {
  it('an icon is on evidence when the table names no controls to be inside (mutation testing found this untested)', () => {
    const { iconControls: _none, ...table } = webex.table;
    const result = readHtml(`${CHAT_TOGGLE}<mdc-icon name="transcript-bold"></mdc-icon>`, ROOM_URL, table);
    expect(result?.signals.transcription).toBe('on');
  });
});
