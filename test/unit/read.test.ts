import { describe, expect, it } from 'vitest';
import { breaking, controlState, fact, PageReader, safeDecode, safeguard, signalsFrom } from '../../src/services/read';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('PageReader', () => {
  const doc = parse(`
    <footer><button aria-label="Record">Record</button></footer>
    <div role="status">This meeting is being recorded</div>
    <div role="dialog" title="Turn off captions (c)"></div>`);
  const reader = new PageReader(doc, {
    startControl: ['#missing', 'footer button[aria-label="Record"]'],
    notices: ['[role="status"]', '[role="alert"]'],
    recordingOnText: ['', 'being recorded'],
    dialogs: ['[role="dialog"]'],
    captionsOnLabel: ['Turn off captions'],
    broken: ['button[[[', 'footer'],
    empty: [],
  });

  it('names the key and the alternative that matched', () => {
    expect(reader.has('startControl')).toEqual({ key: 'startControl', match: 'footer button[aria-label="Record"]' });
    expect(reader.text('notices', 'recordingOnText')).toEqual({ key: 'recordingOnText', match: 'being recorded' });
    expect(reader.label('dialogs', 'captionsOnLabel')).toEqual({ key: 'captionsOnLabel', match: 'Turn off captions' });
  });

  it('answers null for no match, an empty list, a missing key, and never matches everything with an empty string', () => {
    expect(reader.has('empty')).toBeNull();
    expect(reader.has('noSuchKey')).toBeNull();
    expect(reader.text('notices', 'empty')).toBeNull();
    expect(
      new PageReader(doc, { notices: ['[role="status"]'], onlyEmptyText: ['', '  '] }).text('notices', 'onlyEmptyText'),
    ).toBeNull();
    expect(new PageReader(doc, { dialogs: ['[role="dialog"]'], noLabel: [''] }).label('dialogs', 'noLabel')).toBeNull();
  });

  it("a table string's final full stop is not needed on the page (the vendor's string has it; the page may not)", () => {
    const page = parse(`<div role="status">Recording has started</div><div role="alert">録画を開始しました</div>`);
    const stops = new PageReader(page, {
      notices: ['[role="status"]', '[role="alert"]'],
      enText: ['Recording has started.'],
      jaText: ['録画を開始しました。'],
      onlyStop: ['.'],
    });
    expect(stops.text('notices', 'enText')).toEqual({ key: 'enText', match: 'Recording has started.' });
    expect(stops.text('notices', 'jaText')).toEqual({ key: 'jaText', match: '録画を開始しました。' });
    // A lone stop is no needle: it would match every sentence.
    expect(stops.text('notices', 'onlyStop')).toBeNull();
  });

  it('skips an unparsable selector (a bad override) and still reads the next alternative', () => {
    expect(reader.has('broken')).toEqual({ key: 'broken', match: 'footer' });
  });

  it('an element without a label never matches a label key', () => {
    const bare = parse('<button>Turn off captions</button>');
    expect(
      new PageReader(bare, { buttons: ['button'], offLabel: ['Turn off captions'] }).label('buttons', 'offLabel'),
    ).toBeNull();
  });
});

describe('combining evidence', () => {
  const on = { key: 'recordingOnText', match: 'being recorded' };
  const off = { key: 'recordStart', match: 'button' };

  it('E2E-breaking features: any "on" evidence is on, even against "off" evidence (a conflict never silences)', () => {
    expect(breaking([on], [off])).toEqual({ signal: 'on', on: [on], off: [off] });
    expect(breaking([null, on], [])).toMatchObject({ signal: 'on' });
  });

  it("E2E-breaking features: 'off' only when off was seen and nothing says on; nothing seen is unknown", () => {
    expect(breaking([null], [off])).toEqual({ signal: 'off', on: [], off: [off] });
    expect(breaking([null], [null])).toEqual({ signal: 'unknown', on: [], off: [] });
  });

  it('safeguards: agreeing evidence decides, a conflict is unknown', () => {
    expect(safeguard([on], [])).toMatchObject({ signal: 'on' });
    expect(safeguard([], [off])).toMatchObject({ signal: 'off' });
    expect(safeguard([on], [off])).toMatchObject({ signal: 'unknown' });
    expect(safeguard([null], [null])).toMatchObject({ signal: 'unknown' });
  });

  it('signalsFrom fills the signals not read with unknown and keeps evidence only where some was seen', () => {
    const { signals, evidence } = signalsFrom({
      recording: breaking([on], [off]),
      e2ee: safeguard([fact('vendorFact', 'no E2EE in the browser')], [null]),
      waitingRoom: safeguard([], []),
    });
    expect(signals).toMatchObject({ recording: 'on', e2ee: 'on', waitingRoom: 'unknown', transcription: 'unknown' });
    expect(evidence).toEqual({
      recording: { on: [on], off: [off] },
      e2ee: { on: [{ key: 'vendorFact', match: 'no E2EE in the browser' }], off: [] },
    });
  });
});

describe('small helpers', () => {
  it('controlState reads aria-pressed, aria-checked and native checkboxes; anything else is null', () => {
    const doc = parse(`<button id="a" aria-pressed="true"></button><div id="b" role="switch" aria-checked="false"></div>
      <input id="c" type="checkbox" checked><input id="d" type="text"><button id="e"></button>`);
    const state = (id: string) => controlState(doc.getElementById(id) as Element);
    expect([state('a'), state('b'), state('c'), state('d'), state('e')]).toEqual([true, false, true, null, null]);
  });

  it('safeDecode keeps a malformed escape as it is', () => {
    expect(safeDecode('/wc/123%20456')).toBe('/wc/123 456');
    expect(safeDecode('/wc/%E0%A4%A')).toBe('/wc/%E0%A4%A');
  });
});
