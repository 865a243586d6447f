/**
 * The helpers src/services/service.ts keeps (issue 14): which pages an adapter is given (matchesPattern), how the
 * admin's overrides change a table (mergeTable), which participants are AI notetakers (notetakersIn), and which
 * table keys hold text (isTextKey). A wrong answer in the first puts an adapter on a page that is not its own, or
 * none on a meeting page; in the others it hides a notetaker or turns an override into a selector.
 */
import { describe, expect, it } from 'vitest';
import { isTextKey, matchesPattern, mergeTable, notetakersIn } from '../../src/services/service';

const matches = (pattern: string, href: string) => matchesPattern(pattern, new URL(href));

describe('matchesPattern: the scheme', () => {
  it('"https://" matches https only', () => {
    expect(matches('https://meet.google.com/*', 'https://meet.google.com/abc-defg-hij')).toBe(true);
    expect(matches('https://meet.google.com/*', 'http://meet.google.com/abc-defg-hij')).toBe(false);
  });

  it('"http://" matches http only', () => {
    expect(matches('http://meet.example.jp/*', 'http://meet.example.jp/x')).toBe(true);
    expect(matches('http://meet.example.jp/*', 'https://meet.example.jp/x')).toBe(false);
  });

  it('"*://" matches http and https, and nothing else', () => {
    expect(matches('*://meet.example.jp/*', 'http://meet.example.jp/x')).toBe(true);
    expect(matches('*://meet.example.jp/*', 'https://meet.example.jp/x')).toBe(true);
    expect(matches('*://meet.example.jp/*', 'ftp://meet.example.jp/x')).toBe(false);
    expect(matches('*://meet.example.jp/*', 'wss://meet.example.jp/x')).toBe(false);
  });

  it('a pattern with another or no scheme is not a pattern we accept', () => {
    expect(matches('ftp://meet.example.jp/*', 'ftp://meet.example.jp/x')).toBe(false);
    expect(matches('file:///*', 'file:///tmp/x')).toBe(false);
    expect(matches('meet.example.jp/*', 'https://meet.example.jp/x')).toBe(false);
    expect(matches(' https://meet.example.jp/*', 'https://meet.example.jp/x')).toBe(false);
  });
});

describe('matchesPattern: the host', () => {
  it('an exact host matches itself only, not a subdomain or a look-alike', () => {
    const pattern = 'https://meet.google.com/*';
    expect(matches(pattern, 'https://x.meet.google.com/abc')).toBe(false);
    expect(matches(pattern, 'https://meet.google.com.evil.example/abc')).toBe(false);
    expect(matches(pattern, 'https://evilmeet.google.com/abc')).toBe(false);
  });

  it('"*.zoom.us" matches zoom.us and every subdomain, not a host that only ends alike', () => {
    const pattern = 'https://*.zoom.us/*';
    expect(matches(pattern, 'https://zoom.us/j/1')).toBe(true);
    expect(matches(pattern, 'https://city-example.zoom.us/j/1')).toBe(true);
    expect(matches(pattern, 'https://a.b.zoom.us/j/1')).toBe(true);
    expect(matches(pattern, 'https://notzoom.us/j/1')).toBe(false);
    expect(matches(pattern, 'https://zoom.us.evil.example/j/1')).toBe(false);
    expect(matches(pattern, 'https://zoom.usx/j/1')).toBe(false);
  });

  it('"*" matches every host', () => {
    expect(matches('https://*/*', 'https://anything.example/x')).toBe(true);
  });

  it('a host with a "*" anywhere but the start is no pattern', () => {
    expect(matches('https://meet.*.com/*', 'https://meet.google.com/x')).toBe(false);
  });

  it('a pattern with a line break (a typo in a policy) is no pattern', () => {
    expect(matches('https://meet.example.jp/a\n/b', 'https://meet.example.jp/a')).toBe(false);
  });

  it('a pattern without a path is no pattern', () => {
    expect(matches('https://meet.google.com', 'https://meet.google.com/')).toBe(false);
  });
});

describe('matchesPattern: the path', () => {
  it('"*" in the path matches any run of characters, including the query', () => {
    expect(
      matches('https://teams.microsoft.com/l/meetup-join/*', 'https://teams.microsoft.com/l/meetup-join/x?y=1'),
    ).toBe(true);
    expect(matches('https://zoom.us/wc/*/join', 'https://zoom.us/wc/123/join')).toBe(true);
  });

  it('the path is anchored at both ends', () => {
    expect(matches('https://zoom.us/wc/*', 'https://zoom.us/j/1?next=/wc/1')).toBe(false);
    expect(matches('https://zoom.us/wc/*/join', 'https://zoom.us/wc/123/join/extra')).toBe(false);
    expect(matches('https://zoom.us/wc', 'https://zoom.us/wc/1')).toBe(false);
  });

  it('regular-expression characters in the path are literal', () => {
    expect(matches('https://x.example/a.b/*', 'https://x.example/a.b/1')).toBe(true);
    expect(matches('https://x.example/a.b/*', 'https://x.example/aXb/1')).toBe(false);
    expect(matches('https://x.example/a+(b)/*', 'https://x.example/a+(b)/1')).toBe(true);
    expect(matches('https://x.example/a+(b)/*', 'https://x.example/aa(b)/1')).toBe(false);
  });
});

describe('mergeTable: policy overrides', () => {
  const base = { inCall: ['button.leave'], recordingOnText: ['Recording'] } as const;

  it('no overrides is the table itself', () => {
    expect(mergeTable(base, undefined)).toBe(base);
  });

  it('"add" puts the admin’s entries first and keeps the built-in ones', () => {
    expect(mergeTable(base, { inCall: { add: ['button.new-leave'] } }).inCall).toEqual([
      'button.new-leave',
      'button.leave',
    ]);
  });

  it('"replace" swaps the list; "add" beside it goes in front of the replacement', () => {
    expect(mergeTable(base, { inCall: { replace: ['#x'] } }).inCall).toEqual(['#x']);
    expect(mergeTable(base, { inCall: { replace: ['#x'], add: ['#y'] } }).inCall).toEqual(['#y', '#x']);
  });

  it('a key the table lacks is added; the keys not overridden are untouched; the base is not changed', () => {
    const merged = mergeTable(base, { captionsOnLabel: { add: ['字幕をオフにする'] } });
    expect(merged).toEqual({ ...base, captionsOnLabel: ['字幕をオフにする'] });
    expect(base).toEqual({ inCall: ['button.leave'], recordingOnText: ['Recording'] });
  });

  it('an override with neither add nor replace changes nothing', () => {
    expect(mergeTable(base, { inCall: {} })).toEqual(base);
  });
});

describe('notetakersIn: AI notetakers in a participant list', () => {
  const doc = new DOMParser().parseFromString(
    `<ul>
      <li class="name">Tanaka Hanako</li>
      <li class="name">Fireflies.ai   Notetaker</li>
      <li class="name">
        Otter.ai
      </li>
      <li class="name">Fellows, Anna</li>
      <li class="name">Otterburn Ken</li>
      <li class="name">Otter.ai</li>
      <li class="name">  </li>
      <li class="other">Read.ai</li>
    </ul>`,
    'text/html',
  );

  it('finds the notetakers by whole word, as shown (white space folded and trimmed), once each', () => {
    expect(notetakersIn(doc, ['li.name'])).toEqual(['Fireflies.ai Notetaker', 'Otter.ai']);
  });

  it('only among the names the selectors give', () => {
    expect(notetakersIn(doc, ['li.other'])).toEqual(['Read.ai']);
    expect(notetakersIn(doc, [])).toEqual([]);
  });

  it('the table’s list replaces the built-in one; an empty list falls back to it', () => {
    expect(notetakersIn(doc, ['li.name'], ['hanako'])).toEqual(['Tanaka Hanako']);
    expect(notetakersIn(doc, ['li.name'], [])).toEqual(['Fireflies.ai Notetaker', 'Otter.ai']);
  });

  it('a list of only empty names finds nobody (an empty name would match every participant)', () => {
    expect(notetakersIn(doc, ['li.name'], ['', '  '])).toEqual([]);
  });

  it('names with regular-expression characters are literal', () => {
    const bots = new DOMParser().parseFromString('<p>tl;dv</p><p>tlxdv</p><p>A+ bot</p><p>AA bot</p>', 'text/html');
    expect(notetakersIn(bots, ['p'], ['tl;dv', 'a+ bot'])).toEqual(['tl;dv', 'A+ bot']);
  });

  it('keeps at most 100 characters of a name', () => {
    const long = `Notetaker ${'x'.repeat(200)}`;
    const page = new DOMParser().parseFromString(`<p>${long}</p>`, 'text/html');
    expect(notetakersIn(page, ['p'])).toEqual([long.slice(0, 100)]);
  });
});

describe('isTextKey', () => {
  it('keys ending in Text or Label hold text; every other key holds selectors', () => {
    expect(['recordingOnText', 'captionsOffLabel', 'Text', 'Label'].map(isTextKey)).toEqual([true, true, true, true]);
    expect(['inCall', 'textScopes', 'labelButtons', 'TextScopes', 'recordingText2'].map(isTextKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
