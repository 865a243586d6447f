/**
 * Every adapter's readings on its fixtures carry evidence, and every "on" evidence of an E2E-breaking feature
 * comes from a key the adapter declares in `onEvidenceKeys`, so that the override check (src/policy/overrides.ts)
 * knows which keys a feature's warning rests on.
 */
import { describe, expect, it } from 'vitest';
import { E2E_BREAKING_RULES } from '../../src/rules';
import { services } from '../../src/services';
import { fixtureFiles, loadFixture } from './fixtures';

describe.each(services.map((service) => [service.id, service] as const))('%s evidence', (id, service) => {
  it('explains every E2E-breaking "on" with a declared on-evidence key, and every on/off with some evidence', () => {
    for (const file of fixtureFiles(id)) {
      const { doc, url } = loadFixture(id, file);
      const snapshot = service.read(doc, url, service.table);
      if (!snapshot) continue;
      for (const { signal } of E2E_BREAKING_RULES) {
        const value = snapshot.signals[signal];
        const evidence = snapshot.evidence?.[signal];
        if (value === 'unknown') continue;
        expect(evidence?.[value]?.length, `${file}: ${signal} '${value}' without evidence`).toBeGreaterThan(0);
        if (value !== 'on') continue;
        const declared = service.onEvidenceKeys?.[signal] ?? [];
        for (const { key } of evidence?.on ?? [])
          expect(declared, `${file}: ${signal} on from "${key}"`).toContain(key);
      }
    }
  });
});
