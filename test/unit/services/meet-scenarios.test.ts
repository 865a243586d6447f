/**
 * Google Meet adapter scenarios (issue 14): what a person would see go wrong if the reading logic of
 * src/services/meet.ts broke — a page that is not a meeting taken for one, a wrong phase or role, live captions
 * missed, a waiting room claimed from text in the call, or a notice the admin taught that still reads unknown.
 */
import { describe, expect, it } from 'vitest';
import { meet } from '../../../src/services/meet';
import { mergeTable } from '../../../src/services/service';
import { fixtureReader } from './adapter-support';

const { readHtml } = fixtureReader(meet);

const MEETING = 'https://meet.google.com/abc-defg-hij';
const LEAVE = '<button aria-label="Leave call"></button>';
const LEAVE_ICON = '<button><i class="google-symbols">call_end</i></button>';

describe('the meeting code in a Meet address', () => {
  it('a meeting code, with or without the trailing slash, names the meeting', () => {
    expect(readHtml('', 'https://meet.google.com/abc-defg-hij')?.meetingId).toBe('abc-defg-hij');
    expect(readHtml('', 'https://meet.google.com/xyz-wxyz-zzz/')?.meetingId).toBe('xyz-wxyz-zzz');
  });

  it('a Meet page whose address only contains a meeting code is not a meeting', () => {
    for (const path of ['/abc-defg-hij/extra', '/lookup/abc-defg-hij', '/abc-defg-hijk', '/xabc-defg-hij', '/new']) {
      expect(readHtml('', `https://meet.google.com${path}`), path).toBeNull();
    }
  });
});

describe('in the call or before it', () => {
  it("the leave button's icon alone, in a localized call, says the person is in the meeting", () => {
    expect(readHtml(LEAVE_ICON, MEETING)?.phase).toBe('meeting');
    expect(readHtml('<i class="google-symbols">mic</i>', MEETING)?.phase).toBe('prejoin');
  });

  it('in the call, "Ask to join" or "someone lets you in" quoted in the chat does not make the person a knocker', () => {
    for (const inCall of [LEAVE, LEAVE_ICON]) {
      const html = `${inCall}<button>Ask to join</button><div>Wait until someone lets you in</div>`;
      const result = readHtml(html, MEETING);
      expect(result?.phase).toBe('meeting');
      expect(result?.role).toBe('unknown');
      expect(result?.signals.waitingRoom).toBe('unknown');
    }
  });

  it('before the call, having to knock marks the waiting room on and the person a participant', () => {
    const result = readHtml('<button>Ask to join</button>', MEETING);
    expect(result?.phase).toBe('prejoin');
    expect(result?.role).toBe('participant');
    expect(result?.evidence?.waitingRoom).toEqual({ on: [{ key: 'askToJoinText', match: 'Ask to join' }], off: [] });
  });
});

describe('live captions put the meeting through speech recognition', () => {
  it('a captions button labelled "Turn off captions", with no pressed state, means captions are on', () => {
    const result = readHtml(`${LEAVE}<button aria-label="Turn off captions"></button>`, MEETING);
    expect(result?.signals.transcription).toBe('on');
    expect(result?.evidence?.transcription).toEqual({
      on: [{ key: 'captionsOnLabel', match: 'Turn off captions' }],
      off: [],
    });
  });

  it('the same label on the captions button whose aria-pressed says off is not read as on', () => {
    const html = `${LEAVE}<button jsname="r8qRAd" aria-pressed="false" aria-label="Turn off captions"></button>`;
    expect(readHtml(html, MEETING)?.signals.transcription).toBe('unknown');
  });

  it('the captions button pressed on marks transcription on by the button', () => {
    const html = `${LEAVE}<button jsname="RrG0hf" aria-pressed="true"></button>`;
    expect(readHtml(html, MEETING)?.evidence?.transcription).toEqual({
      on: [{ key: 'captionsButton', match: 'button[jsname="RrG0hf"]' }],
      off: [],
    });
  });

  it('the captions region on screen, whatever the button shows, means captions are on', () => {
    const html = `${LEAVE}<div role="region" aria-label="Captions"></div>`;
    const result = readHtml(html, MEETING);
    expect(result?.signals.transcription).toBe('on');
    expect(result?.evidence?.transcription).toEqual({
      on: [{ key: 'captionRegion', match: 'div[role="region"][aria-label="Captions"]' }],
      off: [],
    });
  });

  it('captions off say nothing of a saved transcript: transcription stays unknown, never off', () => {
    const html = `${LEAVE}<button jsname="RrG0hf" aria-pressed="false" aria-label="Turn on captions"></button>`;
    const result = readHtml(html, MEETING);
    expect(result?.signals.transcription).toBe('unknown');
    expect(result?.evidence?.transcription).toBeUndefined();
  });
});

describe('notices the admin taught through policy', () => {
  it('translated captions, once the admin names their notice, mark translation on', () => {
    const wording = 'tenant: translated captions';
    const table = mergeTable(meet.table, { translationOnText: { add: [wording] } });
    const html = `${LEAVE}<div role="status">${wording}</div>`;
    const result = readHtml(html, MEETING, table);
    expect(result?.signals.translation).toBe('on');
    expect(result?.evidence?.translation).toEqual({ on: [{ key: 'translationOnText', match: wording }], off: [] });
    expect(readHtml(html, MEETING)?.signals.translation).toBe('unknown');
  });

  it('a transcription notice and live captions together are both named as evidence', () => {
    const html = `${LEAVE}<button jsname="RrG0hf" aria-pressed="true"></button>
      <div role="banner">This call is being transcribed</div>`;
    expect(readHtml(html, MEETING)?.evidence?.transcription?.on).toEqual([
      { key: 'captionsButton', match: 'button[jsname="RrG0hf"]' },
      { key: 'transcriptionOnText', match: 'is being transcribed' },
    ]);
  });
});

describe('the meeting title', () => {
  it('is shown without the white space around it; a blank one is no title', () => {
    expect(readHtml(`${LEAVE}<div class="u6vdEc">\n  Weekly sync </div>`, MEETING)?.title).toBe('Weekly sync');
    expect(readHtml(`${LEAVE}<div class="u6vdEc">  </div>`, MEETING)?.title).toBeNull();
  });
});
