/** Scaffolding shared by the adapter tests: read a fixture, build an expected snapshot, assert every fixture. */
import { describe, expect, it } from 'vitest';
import type { MeetingService, SelectorTable, ServiceId, Signals, Snapshot } from '../../../src/services/service';
import { fixtureFiles, loadFixture } from '../fixtures';
import { makeSnapshot } from '../support';

/** A snapshot given by what differs: the rest comes from the defaults, signals one by one. */
export type SnapshotOverrides = Partial<Omit<Snapshot, 'signals'>> & { signals?: Partial<Signals> };

/** The defaults of one page family: meeting id and phase always stated, signals not named stay 'unknown'. */
export type SnapshotDefaults = SnapshotOverrides & Pick<Snapshot, 'meetingId' | 'phase'>;

/** Every fixture file of a service and the whole snapshot (or null: no meeting) its adapter must read. */
export type Expectations = Record<string, Snapshot | null>;

export function fixtureReader(service: MeetingService) {
  return {
    /** Reads test/fixtures/<id>/<file> at the address of its provenance header. */
    read(file: string, table: SelectorTable = service.table): Snapshot | null {
      const { doc, url } = loadFixture(service.id, file);
      return service.read(doc, url, table);
    },
    /** Reads a page given inline, at the given address. */
    readHtml(html: string, address: string, table: SelectorTable = service.table): Snapshot | null {
      return service.read(new DOMParser().parseFromString(html, 'text/html'), new URL(address), table);
    },
  };
}

/** A builder of whole snapshots of `service`: overrides over `defaults`, signals merged name by name. */
export function snapshotFactory(service: ServiceId, defaults: SnapshotDefaults) {
  return (overrides: SnapshotOverrides = {}): Snapshot =>
    makeSnapshot({
      service,
      title: null,
      role: 'unknown',
      ...defaults,
      ...overrides,
      signals: { ...defaults.signals, ...overrides.signals },
    });
}

/**
 * The fixture suite every adapter passes: each file in test/fixtures/<id>/ has an expectation, reads
 * as exactly that snapshot, and its provenance header agrees (service, state and locale from the
 * file name; phase, or 'none' for no meeting; role).
 */
export function describeEveryFixture(service: MeetingService, expectations: Expectations): void {
  const { read } = fixtureReader(service);

  describe(`${service.id} adapter on every fixture`, () => {
    it('has an expectation for every fixture file', () => {
      expect(Object.keys(expectations).sort()).toEqual(fixtureFiles(service.id).sort());
    });

    for (const [file, expected] of Object.entries(expectations)) {
      it(`reads ${file}`, () => {
        expect(read(file)).toEqual(expected);
      });

      it(`${file}: the provenance header agrees with the expectation`, () => {
        const { header } = loadFixture(service.id, file);
        const parts = file.split('.');
        expect(header.service).toBe(service.id);
        expect(header.state).toBe(parts[0]);
        expect(header.locale).toBe(parts.at(-2));
        expect(header.phase).toBe(expected?.phase ?? 'none');
        expect(header.role).toBe(expected?.role ?? 'unknown');
      });
    }
  });
}
