// @vitest-environment node
/**
 * One contract, two sides (contract/record-contract.ts): the extension's options-page export and the
 * collector's GET /records.csv write the same record columns, cell for cell, and a body the extension
 * sends is one the collector's check accepts, by the same rules.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeProblem as collectorEnvelopeProblem } from '../../collector/src/app';
import { CSV_COLUMNS as COLLECTOR_COLUMNS, csvHeader, csvLine } from '../../collector/src/csv';
import * as contract from '../../contract/record-contract';
import { CSV_COLUMNS, envelope, type RecordEntry, recordsToCsv } from '../../src/records';

const hostile: RecordEntry = {
  id: '0b5a0f3c-1d2e-4f60-8a7b-9c0d1e2f3a4b',
  at: '2031-03-31T15:30:00.000Z',
  event: 'warnings',
  version: '0.1.0',
  installation: 'inst-1',
  service: 'zoom',
  meetingId: '=HYPERLINK("http://x")',
  title: '定例会議, "予算"\r\n2行目',
  classification: 2,
  warnings: ['recording', 'transcription'],
  detail: '@SUM(A1)',
  count: 3,
  lastSeen: '2031-03-31T15:40:00.000Z',
  evidence: { recording: { state: 'on', text: '-1' } },
};

/** The cells of CSV text, lines split at CRLF outside quotes (a title may hold a line break). */
function rows(csv: string): string[][] {
  const result: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i];
    if (quoted) {
      if (char === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      result.at(-1)?.push(cell);
      cell = '';
    } else if (char === '\r' && csv[i + 1] === '\n') {
      result.at(-1)?.push(cell);
      cell = '';
      result.push([]);
      i++;
    } else cell += char;
  }
  return result.filter((row) => row.length);
}

describe('record contract', () => {
  it("the collector's CSV has the extension's columns, in order, then only its own seq and integrity", () => {
    expect(COLLECTOR_COLUMNS.slice(0, CSV_COLUMNS.length)).toEqual([...CSV_COLUMNS]);
    expect(COLLECTOR_COLUMNS.slice(CSV_COLUMNS.length)).toEqual(['seq', 'integrity']);
    expect(CSV_COLUMNS).toBe(contract.CSV_COLUMNS);
  });

  it('the extension and the collector write the same record cell for cell (quotes, line breaks, formulas)', () => {
    const extension = recordsToCsv([hostile]);
    const collector = csvHeader() + csvLine({ ...hostile, seq: 4, integrity: 'verified' });
    expect(extension.startsWith('\uFEFF')).toBe(true);
    expect(collector.startsWith('\uFEFF')).toBe(true);
    const [extensionHead, extensionRow] = rows(extension.slice(1));
    const [collectorHead, collectorRow] = rows(collector.slice(1));
    expect(collectorHead?.slice(0, CSV_COLUMNS.length)).toEqual(extensionHead);
    expect(collectorRow?.slice(0, CSV_COLUMNS.length)).toEqual(extensionRow);
    expect(collectorRow?.slice(CSV_COLUMNS.length)).toEqual(['4', 'verified']);
    // The same neutralised cells on both sides: a formula is text, a line break stays inside its quotes.
    const cell = (name: (typeof CSV_COLUMNS)[number]) => extensionRow?.[CSV_COLUMNS.indexOf(name)];
    expect(cell('meetingId')).toBe('\'=HYPERLINK("http://x")');
    expect(cell('detail')).toBe("'@SUM(A1)");
    expect(cell('title')).toBe('定例会議, "予算"\r\n2行目');
    expect(cell('warnings')).toBe('recording transcription');
  });

  it("an envelope the extension builds passes the collector's check; the same reasons on both sides", () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x = '', y = '' } = publicKey.export({ format: 'jwk' });
    const body = JSON.parse(JSON.stringify(envelope('0.1.0', 'inst-1', [hostile], { kty: 'EC', crv: 'P-256', x, y })));
    expect(collectorEnvelopeProblem(body)).toBeNull();
    expect(contract.envelopeProblem(body)).toBeNull();
    const noId = { ...body, records: [{ ...hostile, id: 'not-a-uuid' }] };
    expect(collectorEnvelopeProblem(noId)).toBe('records[0].id: expected a UUID');
    expect(contract.envelopeProblem(noId)).toBe(collectorEnvelopeProblem(noId));
    const badTime = { ...body, records: [{ ...hostile, at: '2031-02-30T00:00:00Z' }] };
    expect(collectorEnvelopeProblem(badTime)).toMatch(/^records\[0\] \(id 0b5a0f3c-[^)]+\)\.at: expected an ISO 8601/);
    // A key of the right shape whose point is not on the curve: only the collector (node:crypto) can tell.
    const offCurve = { ...body, publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) } };
    expect(contract.envelopeProblem(offCurve)).toBeNull();
    expect(collectorEnvelopeProblem(offCurve)).toMatch(/^publicKey: expected an EC P-256 public key/);
  });
});
