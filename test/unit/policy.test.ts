import { describe, expect, it } from 'vitest';
import { SHARED_LIMITS } from '../../src/limits';
import { validateTablesMessage } from '../../src/messages';
import { defaultPolicy, MAX_PROBLEMS, POLICY_KEYS, parsePolicy } from '../../src/policy/policy';
import schema from '../../src/policy/schema.json';
import { matchesPattern } from '../../src/services/service';

describe('policy schema', () => {
  it('has a title and a description for every key, and the parser knows exactly these keys', () => {
    const keys = Object.keys(schema.properties);
    expect(keys.sort()).toEqual(Object.keys(defaultPolicy()).sort());
    for (const [key, entry] of Object.entries(schema.properties)) {
      expect(entry.title, key).toMatch(/ \/ /); // "日本語 / English"
      expect(entry.description, key).toBeTruthy();
    }
  });

  it('is in the form Chrome accepts as a managed_schema: top-level object, one type per sub-schema', () => {
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('additionalProperties');
    const check = (node: Record<string, unknown>, path: string) => {
      expect(typeof node.type === 'string' || typeof node.$ref === 'string', path).toBe(true);
      for (const [name, child] of Object.entries((node.properties as Record<string, unknown>) ?? {}))
        check(child as Record<string, unknown>, `${path}.${name}`);
      if (node.items) check(node.items as Record<string, unknown>, `${path}[]`);
      if (typeof node.additionalProperties === 'object')
        check(node.additionalProperties as Record<string, unknown>, `${path}.*`);
    };
    check(schema as Record<string, unknown>, '');
  });
});

describe('parsePolicy', () => {
  it('gives the built-in defaults for no policy, {} and null, with no problems', () => {
    for (const raw of [undefined, null, {}]) {
      const parsed = parsePolicy(raw);
      expect(parsed.policy).toEqual(defaultPolicy());
      expect(parsed.problems).toEqual([]);
      expect(parsed.adminKeys).toEqual([]);
    }
    expect(defaultPolicy().defaultClassification).toBe(2);
    expect(defaultPolicy().permittedServices.map((entry) => entry.service)).toEqual([
      'meet',
      'zoom',
      'teams',
      'webex',
      'jitsi',
    ]);
  });

  it("applies a valid value of every key and marks it as the admin's", () => {
    const raw = {
      defaultClassification: 3,
      classificationMarkers: { '3': ['【極秘】'] },
      permittedServices: [
        { service: 'zoom', maxClassification: 3 },
        { service: 'meet', maxClassification: 1 },
        'teams',
      ],
      e2eBreakingFeatures: 'block',
      requirePasscode: false,
      requireWaitingRoom: false,
      organizationName: '例示市',
      organization: '131016',
      department: '情報政策課',
      procedureUrl: 'https://intra.city.example.jp/web-kaigi',
      applicationUrl: 'https://intra.city.example.jp/apply',
      internalDomains: ['City-Example.zoom.us'],
      notetakerNames: ['議事録AI'],
      minimumBrowserVersion: { chrome: 130, edge: 130, firefox: 128 },
      selectorOverrides: { meet: { recordingOnText: { add: ['録画しています'] } } },
      customServices: [{ id: 'city-meet', name: '市の会議', matches: ['https://meet.city.example.jp/*'], table: {} }],
      reportEndpoint: 'https://logs.city.example.jp/meeting-guard',
      reportToken: 'mg-post-only-0123',
      rulesUrl: 'https://logs.city.example.jp/rules.json',
      rulesPublicKey:
        'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAESXOHcfoPU6nCWAyp/I9D4HduN17vd30F+0fwyB3s+mAFh3yTJYdXInO3ulESTDymWeO7e4XPKA3KQgDs6qb89g==',
      detectionReports: false,
      detectionPicker: false,
      logRetentionDays: 365,
      locale: 'en',
    };
    const { policy, problems, adminKeys } = parsePolicy(raw);
    expect(problems).toEqual([]);
    expect(adminKeys.sort()).toEqual([...POLICY_KEYS].sort());
    expect(policy.defaultClassification).toBe(3);
    expect(policy.classificationMarkers['3']).toEqual(['【極秘】']);
    expect(policy.classificationMarkers['2']).toEqual(['機密性2', '機密性２']); // untouched keys keep defaults
    expect(policy.permittedServices).toEqual([
      { service: 'zoom', maxClassification: 3 },
      { service: 'meet', maxClassification: 1 },
      { service: 'teams', maxClassification: 3 },
    ]);
    expect(policy.internalDomains).toEqual(['city-example.zoom.us']);
    expect(policy.selectorOverrides.meet?.recordingOnText?.add).toEqual(['録画しています']);
    expect(policy.customServices[0]?.id).toBe('city-meet');
    expect(policy.locale).toBe('en');
    expect(policy.rulesUrl).toBe('https://logs.city.example.jp/rules.json');
    expect(policy.detectionReports).toBe(false);
  });

  it('reports a rules URL that is not https and a public key that is not one (issue 20)', () => {
    const { policy, problems } = parsePolicy({ rulesUrl: 'http://x.example/rules.json', rulesPublicKey: 'abc' });
    expect(problems.map((problem) => problem.path)).toEqual(['rulesUrl', 'rulesPublicKey']);
    expect(policy.rulesUrl).toBe('');
    expect(policy.rulesPublicKey).toBe('');
    expect(policy.detectionReports).toBe(true);
    expect(policy.detectionPicker).toBe(true);
  });

  it.each([
    ['defaultClassification', 'high'],
    ['defaultClassification', 4],
    ['defaultClassification', 1.5],
    ['classificationMarkers', ['機密性2']],
    ['requirePasscode', 'yes'],
    ['requireWaitingRoom', 0],
    ['organizationName', 42],
    ['procedureUrl', 'http://intra.example.jp/'],
    ['applicationUrl', 'javascript:alert(1)'],
    ['internalDomains', 'city.zoom.us'],
    ['minimumBrowserVersion', 130],
    ['selectorOverrides', []],
    ['customServices', {}],
    ['reportEndpoint', 'ftp://logs.example.jp'],
    ['reportEndpoint', 'https://user:secret@logs.example.jp/records'],
    ['reportEndpoint', 'http://logs.example.jp/records'],
    ['reportToken', 'two words'],
    ['reportToken', 42],
    ['logRetentionDays', 0],
    ['locale', 'fr'],
  ])('reports a wrong %s (%j) and applies its default', (key, value) => {
    const { policy, problems, adminKeys } = parsePolicy({
      [key]: value,
      organizationName: key === 'organizationName' ? value : '市',
    });
    expect(problems.map((problem) => problem.path)).toContain(key);
    expect(problems.find((problem) => problem.path === key)?.reason).toBeTruthy();
    expect(policy[key as keyof typeof policy]).toEqual(defaultPolicy()[key as keyof typeof policy]);
    expect(adminKeys).not.toContain(key);
  });

  it('keeps the good values when five are wrong (nothing else changes)', () => {
    const { policy, problems } = parsePolicy({
      defaultClassification: 'high',
      requirePasscode: 'yes',
      logRetentionDays: -1,
      locale: 'de',
      procedureUrl: 'http://x',
      organizationName: '例示市',
      e2eBreakingFeatures: 'confirm',
    });
    expect(problems).toHaveLength(5);
    expect(policy.organizationName).toBe('例示市');
    expect(policy.e2eBreakingFeatures).toBe('confirm');
    expect(policy.defaultClassification).toBe(2);
  });

  it('drops bad list items one by one, and never widens a permission on a bad limit', () => {
    const { policy, problems } = parsePolicy({
      permittedServices: [{ service: 'zoom', maxClassification: 9 }, 7, { service: '' }, 'meet'],
      internalDomains: ['ok.zoom.us', 5],
    });
    expect(policy.permittedServices).toEqual([
      { service: 'zoom', maxClassification: 1 },
      { service: 'meet', maxClassification: 3 },
    ]);
    expect(policy.internalDomains).toEqual(['ok.zoom.us']);
    expect(problems.map((problem) => problem.path)).toEqual([
      'permittedServices[0].maxClassification',
      'permittedServices[1]',
      'permittedServices[2].service',
      'internalDomains[1]',
    ]);
  });

  it('reports a selector override that does not parse, keeps the ones that do', () => {
    const { policy, problems } = parsePolicy({
      selectorOverrides: {
        meet: {
          captionsButton: { add: ['button[jsname="new"]', 'button[[['] },
          recordingOnText: { add: ['[[ is text'] },
        },
      },
    });
    expect(policy.selectorOverrides.meet?.captionsButton?.add).toEqual(['button[jsname="new"]']);
    expect(policy.selectorOverrides.meet?.recordingOnText?.add).toEqual(['[[ is text']);
    expect(problems).toEqual([
      {
        path: 'selectorOverrides.meet.captionsButton.add[1]',
        value: '"button[[["',
        reason: 'not a valid CSS selector',
      },
    ]);
  });

  it('reports unknown keys and a policy that is not an object, never throwing', () => {
    expect(parsePolicy({ surprise: true }).problems[0]).toMatchObject({ path: 'surprise' });
    for (const raw of ['text', 42, [1, 2], true]) {
      const parsed = parsePolicy(raw);
      expect(parsed.policy).toEqual(defaultPolicy());
      expect(parsed.problems).toHaveLength(1);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => parsePolicy({ organizationName: cyclic })).not.toThrow();
  });

  it('refuses custom services that reuse a built-in id or have no https pattern', () => {
    const { policy, problems } = parsePolicy({
      customServices: [
        { id: 'zoom', matches: ['https://x.example.jp/*'] },
        { id: 'city', matches: ['http://x.example.jp/*'] },
        { id: 'good', matches: ['https://meet.city.example.jp/*'], table: { recordingOn: ['.rec'] } },
      ],
    });
    expect(policy.customServices.map((service) => service.id)).toEqual(['good']);
    expect(problems.map((problem) => problem.path)).toEqual([
      'customServices[0].id',
      'customServices[1].matches[0]',
      'customServices[1].matches',
    ]);
  });
});

describe('problem reasons in Japanese', () => {
  it('has Japanese for every reason parsePolicy gives', async () => {
    const { reasonInJapanese } = await import('../../src/policy/reasons');
    const bad = {
      defaultClassification: 1.5,
      logRetentionDays: 0,
      requirePasscode: 'yes',
      organizationName: 4,
      locale: 'fr',
      procedureUrl: 'http://x',
      internalDomains: ['', 3],
      notetakerNames: 'x',
      classificationMarkers: { '4': ['x'] },
      permittedServices: [7, { service: 'zoom', maxClassification: 5 }],
      minimumBrowserVersion: { safari: 1 },
      selectorOverrides: { meet: { a: 'x', b: { add: ['[['] } }, zoom: 3 },
      customServices: [5, { id: 'zoom', matches: [] }, { id: 'ok-id', matches: ['http://x/*'], table: 3 }],
      unknownKey: true,
    };
    const reasons = new Set(parsePolicy(bad).problems.map((problem) => problem.reason));
    const failClosed = {
      permittedServices: 'meet',
      classificationMarkers: { '1': [] },
      customServices: [
        {
          id: 'a-b',
          matches: ['https://*.lg.jp/*', 'https://*/*', 'https://a b.jp/*', 'https://u@x.jp/*', 'https://X.jp/*'],
        },
        { id: 'a-b', matches: ['https://x.example.jp/*', 'https://*.1.2.3.4/*'] },
      ],
      selectorOverrides: { meet: { recordingOn: { replace: [] } } },
    };
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    for (const raw of [
      'x',
      { classificationMarkers: 3, minimumBrowserVersion: 3, selectorOverrides: 3 },
      failClosed,
      { permittedServices: ['zoom', 'zoom'], notetakerNames: deep },
    ])
      for (const problem of parsePolicy(raw).problems) reasons.add(problem.reason);
    expect(reasons.size).toBeGreaterThan(15);
    for (const reason of reasons) expect(reasonInJapanese(reason), reason).not.toBe(reason);
  });
});

describe('parsePolicy fails closed', () => {
  it.each([['meet'], [{ service: 'zoom' }], [3], [null]])(
    'permittedServices that is not a list (%j) permits nothing, not every service',
    (value) => {
      const { policy, problems, adminKeys } = parsePolicy({ permittedServices: value });
      expect(policy.permittedServices).toEqual([]);
      expect(problems).toEqual([
        expect.objectContaining({
          path: 'permittedServices',
          reason: 'expected a list; no service is permitted until it is fixed',
        }),
      ]);
      expect(adminKeys).toContain('permittedServices');
    },
  );

  it('permittedServices keeps its valid entries and permits nothing else; a service twice gets the lower limit', () => {
    const { policy, problems } = parsePolicy({
      permittedServices: [
        { service: 'teams', maxClassification: 3 },
        { nope: 1 },
        'zoom',
        { service: 'teams', maxClassification: 1 },
      ],
    });
    expect(policy.permittedServices).toEqual([
      { service: 'teams', maxClassification: 1 },
      { service: 'zoom', maxClassification: 3 },
    ]);
    expect(problems.map((p) => `${p.path}: ${p.reason}`)).toEqual([
      'permittedServices[1].service: expected text',
      'permittedServices[3]: service listed twice; the lower limit applies',
    ]);
  });

  it.each(['BLOCK', 'ask', 'warning', 1, true, ''])('an unknown e2eBreakingFeatures (%j) blocks', (value) => {
    const { policy, problems, adminKeys } = parsePolicy({ e2eBreakingFeatures: value });
    expect(policy.e2eBreakingFeatures).toBe('block');
    expect(problems.map((p) => p.path)).toEqual(['e2eBreakingFeatures']);
    expect(adminKeys).toContain('e2eBreakingFeatures');
  });

  it('a class-marker list that comes out empty keeps the built-in markers, and says so', () => {
    const { policy, problems } = parsePolicy({ classificationMarkers: { '3': ['', 7], '2': [], '1': ['【公開】'] } });
    expect(policy.classificationMarkers['3']).toEqual(['機密性3', '機密性３']);
    expect(policy.classificationMarkers['2']).toEqual(['機密性2', '機密性２']);
    expect(policy.classificationMarkers['1']).toEqual(['【公開】']);
    expect(problems.map((p) => `${p.path}: ${p.reason}`)).toEqual([
      'classificationMarkers.2: no usable entry; the built-in list stays in force',
      'classificationMarkers.3[0]: expected non-empty text',
      'classificationMarkers.3[1]: expected text',
      'classificationMarkers.3: no usable entry; the built-in list stays in force',
    ]);
  });

  it('a selector "replace" whose entries are all unusable leaves the built-in rule on; "add" still applies', () => {
    const { policy, problems } = parsePolicy({
      selectorOverrides: {
        meet: { captionsButton: { replace: ['[[['], add: ['.cc'] }, captionRegion: { replace: ['', '[[['] } },
      },
    });
    expect(policy.selectorOverrides.meet?.captionsButton).toEqual({ add: ['.cc'] });
    expect(policy.selectorOverrides.meet?.captionRegion).toBeUndefined();
    expect(problems.map((p) => `${p.path}: ${p.reason}`)).toEqual([
      'selectorOverrides.meet.captionsButton.replace[0]: not a valid CSS selector',
      'selectorOverrides.meet.captionsButton.replace: no usable entry; the built-in list stays in force',
      'selectorOverrides.meet.captionRegion.replace[0]: expected non-empty text',
      'selectorOverrides.meet.captionRegion.replace[1]: not a valid CSS selector',
      'selectorOverrides.meet.captionRegion.replace: no usable entry; the built-in list stays in force',
    ]);
  });

  it('never throws, however deep the nesting, and reports the too-deep key', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let wide: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) wide = { a: wide };
    for (const raw of [
      { selectorOverrides: deep },
      { customServices: deep, organizationName: '市' },
      { selectorOverrides: { meet: wide } },
      { permittedServices: deep },
      deep,
    ]) {
      expect(() => parsePolicy(raw)).not.toThrow();
    }
    const parsed = parsePolicy({ customServices: deep, organizationName: '市', permittedServices: deep });
    expect(parsed.policy.organizationName).toBe('市');
    expect(parsed.policy.permittedServices).toEqual([]);
    expect(parsed.problems.map((p) => `${p.path}: ${p.reason}`)).toEqual([
      'customServices: nested deeper than 16 levels',
      'permittedServices: nested deeper than 16 levels',
    ]);
  });
});

describe('custom services have a bounded reach', () => {
  const service = (matches: unknown, id = 'city') => ({ id, name: '市', matches, table: {} });

  it.each([
    ['https://*/*', 'the host must name a site'],
    ['https://*.jp/*', 'at least two labels'],
    ['https://*.lg.jp/*', 'public suffix'],
    ['https://*.co.jp/*', 'public suffix'],
    ['https://*.tokyo.jp/*', 'public suffix'],
    ['https://go.jp/*', 'public suffix'],
    ['https://jp/*', 'at least two labels'],
    ['https://localhost/*', 'at least two labels'],
    ['https://meet*.example.jp/*', 'the host must name a site'],
    ['https://user@meet.example.jp/*', '(@)'],
    ['https://meet.example.jp@evil.example/*', '(@)'],
    ['https://meet.example.jp /*', 'no spaces'],
    ['https://Meet.Example.jp/*', 'lower-case'],
    ['https://*.10.0.0.1/*', 'IP address'],
    ['http://meet.example.jp/*', 'https match pattern'],
    ['https://meet.example.jp', 'https match pattern'],
    ['*://meet.example.jp/*', 'https match pattern'],
    // Issue 19 (5c): match patterns name no port; this one was accepted and then matched nothing.
    ['https://jitsi.city.example.jp:8443/*', 'no port'],
    // Issue 19 (5d): public suffixes from the Public Suffix List (private section too), not a short hand-made list.
    ['https://*.github.io/*', 'public suffix'],
    ['https://*.azurewebsites.net/*', 'public suffix'],
    ['https://*.cloudfront.net/*', 'public suffix'],
    ['https://*.chiyoda.tokyo.jp/*', 'public suffix'],
  ])('refuses %s', (pattern, reason) => {
    const { policy, problems } = parsePolicy({ customServices: [service([pattern])] });
    expect(policy.customServices).toEqual([]);
    expect(problems[0]?.path).toBe('customServices[0].matches[0]');
    expect(problems[0]?.reason).toContain(reason);
  });

  it.each([
    'https://meet.city.example.jp/*',
    'https://*.city.yokohama.lg.jp/*',
    'https://*.city-example.co.jp/kaigi/*',
    'https://10.20.30.40/*',
  ])('accepts %s', (pattern) => {
    const { policy, problems } = parsePolicy({ customServices: [service([pattern])] });
    expect(problems).toEqual([]);
    expect(policy.customServices[0]?.matches).toEqual([pattern]);
  });

  it('matches every port of the host with a pattern that names none (what to write instead of :8443)', () => {
    expect(matchesPattern('https://jitsi.city.example.jp/*', new URL('https://jitsi.city.example.jp:8443/room'))).toBe(
      true,
    );
  });

  it('reports a duplicate id and keeps only the first service with it', () => {
    const { policy, problems } = parsePolicy({
      customServices: [
        service(['https://a.example.jp/*'], 'city'),
        service(['https://b.example.jp/*'], 'other'),
        service(['https://c.example.jp/*'], 'city'),
      ],
    });
    expect(policy.customServices.map((s) => s.matches[0])).toEqual([
      'https://a.example.jp/*',
      'https://b.example.jp/*',
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'customServices[2].id',
        reason: 'id used twice; only the first service with it is kept',
      }),
    ]);
  });
});

describe('policies that would switch warnings off or be dropped silently (issue 19)', () => {
  it.each([
    ['zoom.us', 'shares'],
    ['webex.com', 'shares'],
    ['meet.jit.si', 'shares'],
    ['Microsoft.com', 'shares'],
    ['jp', 'public suffix'],
    ['lg.jp', 'public suffix'],
    ['github.io', 'public suffix'],
  ])('refuses the internal domain %s (every outside meeting would count as internal)', (entry, reason) => {
    const { policy, problems } = parsePolicy({ internalDomains: [entry, 'city-example.zoom.us'] });
    expect(policy.internalDomains).toEqual(['city-example.zoom.us']);
    expect(problems).toEqual([expect.objectContaining({ path: 'internalDomains[0]' })]);
    expect(problems[0]?.reason).toContain(reason);
  });

  it('keeps an own site, a city domain and a Teams tenant id as internal domains', () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const { policy, problems } = parsePolicy({
      internalDomains: ['city-example.zoom.us', 'city.example.lg.jp', tenant],
    });
    expect(problems).toEqual([]);
    expect(policy.internalDomains).toEqual(['city-example.zoom.us', 'city.example.lg.jp', tenant]);
  });

  it('cuts and refuses by the limits the content script applies, so it never refuses the whole table', () => {
    const { policy, problems } = parsePolicy({
      notetakerNames: [...Array.from({ length: 250 }, (_, i) => `bot-${i}`)],
      selectorOverrides: {
        meet: {
          captionRegion: { add: Array.from({ length: 150 }, (_, i) => `.rec-${i}`) },
          captionsButton: { add: [`.${'c'.repeat(1_001)}`, '.cc'] },
          'bad-key': { add: ['.x'] },
        },
      },
    });
    expect(policy.notetakerNames).toHaveLength(SHARED_LIMITS.notetakerNames);
    expect(policy.selectorOverrides.meet?.captionRegion?.add).toHaveLength(SHARED_LIMITS.tableEntries);
    expect(policy.selectorOverrides.meet?.captionsButton?.add).toEqual(['.cc']);
    expect(problems.map((problem) => [problem.path, problem.reason])).toEqual([
      ['notetakerNames', 'more than 200 entries; only the first 200 are used'],
      ['selectorOverrides.meet.captionRegion.add', 'more than 100 entries; only the first 100 are used'],
      [
        'selectorOverrides.meet.captionsButton.add[0]',
        'longer than 1000 characters (the content script would refuse it)',
      ],
      ['selectorOverrides.meet.bad-key', 'not a table key (letters and digits, starting with a letter; ignored)'],
    ]);
    const tables = {
      type: 'tables',
      service: 'meet',
      overrides: policy.selectorOverrides.meet,
      notetakerNames: policy.notetakerNames,
    };
    expect(validateTablesMessage(tables)).not.toBeNull();
  });

  it('refuses a notetaker name longer than the content script takes, keeping the others', () => {
    const { policy, problems } = parsePolicy({ notetakerNames: ['x'.repeat(101), '議事録AI'] });
    expect(policy.notetakerNames).toEqual(['議事録AI']);
    expect(problems[0]).toMatchObject({ path: 'notetakerNames[0]', reason: expect.stringContaining('100') });
  });

  it('takes a misspelt maxClassification for the strictest limit, and reports an id that names no service', () => {
    const { policy, problems } = parsePolicy({
      permittedServices: [{ service: 'zoom', maxClasification: 2 }, { service: 'teams' }, 'zoomm'],
    });
    expect(policy.permittedServices).toEqual([
      { service: 'zoom', maxClassification: 1 },
      { service: 'teams', maxClassification: 3 },
    ]);
    expect(problems.map((problem) => problem.path)).toEqual([
      'permittedServices[0].maxClasification',
      'permittedServices',
    ]);
    expect(problems[1]).toMatchObject({ value: '"zoomm"', reason: expect.stringMatching(/^unknown service id/) });
  });

  it('counts a custom service id as known in permittedServices', () => {
    const { problems } = parsePolicy({
      permittedServices: ['city-meet'],
      customServices: [{ id: 'city-meet', name: '市', matches: ['https://meet.city.example.jp/*'], table: {} }],
    });
    expect(problems).toEqual([]);
  });

  it('reads "3" as 機密性3, not as the default', () => {
    expect(parsePolicy({ defaultClassification: '3' })).toMatchObject({
      policy: { defaultClassification: 3 },
      problems: [],
    });
    expect(parsePolicy({ permittedServices: [{ service: 'zoom', maxClassification: '2' }] }).policy).toMatchObject({
      permittedServices: [{ service: 'zoom', maxClassification: 2 }],
    });
  });
});

describe('secrets are never echoed (issue 19)', () => {
  it.each([
    ['reportToken', 12345678],
    ['reportToken', ['s3cret-token']],
    ['reportToken', 's3cret token'],
    ['reportEndpoint', 'https://alice:s3cret@logs.example.jp/records'],
    ['reportEndpoint', 'http://alice:s3cret@logs.example.jp/records'],
    ['procedureUrl', 'http://alice:s3cret@intra.example.jp/'],
    ['reportTokn', 's3cret'],
  ])('%s %j: the problem hides the secret', (key, value) => {
    const { problems } = parsePolicy({ [key]: value });
    expect(problems).toHaveLength(1);
    const shown = JSON.stringify(problems);
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('12345678');
    expect(shown).not.toContain('alice');
  });
});

describe('parsing is bounded (issue 19)', () => {
  it('cuts 20,000 permitted services to the limit, with one problem', () => {
    const { policy, problems } = parsePolicy({
      permittedServices: Array.from({ length: 20_000 }, (_, i) => ({ service: i % 2 ? 'zoom' : 'meet' })),
    });
    expect(policy.permittedServices.map((entry) => entry.service)).toEqual(['meet', 'zoom']);
    expect(problems[0]).toMatchObject({
      path: 'permittedServices',
      reason: 'more than 100 entries; only the first 100 are used',
    });
    expect(problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
  });

  it('lists at most MAX_PROBLEMS problems, the last saying how many more, small enough to deliver', () => {
    const raw = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`unknown${i}`, 'x'.repeat(200)]));
    const { problems } = parsePolicy(raw);
    expect(problems).toHaveLength(MAX_PROBLEMS);
    expect(problems.at(-1)?.reason).toMatch(/^\d+ more problems not listed/);
    expect(new TextEncoder().encode(JSON.stringify(problems)).length).toBeLessThan(64 * 1024);
  });
});
