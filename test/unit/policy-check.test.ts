/**
 * policy:check on adversarial files of every format: each verdict follows what the browser does with the file
 * (Chromium's registry reader and schema filter, macOS preference domains, Firefox's parsers), and says whether
 * the browser drops the value (DROPPED) or the extension reports it (REPORTED).
 */
import { describe, expect, it } from 'vitest';
import { checkPolicyBytes } from '../../scripts/policy/check';
import { chromeFilter, SCHEMA } from '../../scripts/policy/common';
import { utf16 } from '../../scripts/policy/registry';

const ID = 'kmandlfbdpnakamlpjkpfehnihagicnp';
const CHROME_KEY = `HKEY_LOCAL_MACHINE\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${ID}\\policy`;
const encode = (text: string) => new TextEncoder().encode(text);
const reg = (lines: string[], key = CHROME_KEY) =>
  ['Windows Registry Editor Version 5.00', '', `[${key}]`, ...lines, ''].join('\r\n');

function check(content: string | Uint8Array, name = 'policy') {
  const report = checkPolicyBytes(typeof content === 'string' ? encode(content) : content, name);
  const all = [...report.fileProblems, ...report.entries.flatMap((entry) => entry.problems)];
  // Warnings (the development id these files name, off-store conditions) are not verdicts: checked separately.
  const problems = all.filter((problem) => problem.effect !== 'warning');
  return {
    report,
    exitCode: report.exitCode,
    text: report.lines.join('\n'),
    verdicts: problems.map((problem) => `${problem.effect} ${problem.path}: ${problem.reason}`),
    warnings: all
      .filter((problem) => problem.effect === 'warning')
      .map((problem) => `${problem.path}: ${problem.reason}`),
    applied: report.entries.flatMap((entry) => entry.adminKeys),
  };
}

describe('Windows registry (.reg) for Chrome and Edge', () => {
  it('fails a REG_MULTI_SZ list: Chrome does not read that type (dropped, with its line)', () => {
    const result = check(reg(['"notetakerNames"=hex(7):61,00,00,00,62,00,00,00,00,00']), 'x.reg');
    expect(result.exitCode).toBe(1);
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped notetakerNames \(line 4\): Chrome and Edge do not read REG_MULTI_SZ values/),
    ]);
    expect(result.applied).toEqual([]);
  });

  it('fails a REG_QWORD integer (dropped)', () => {
    const result = check(reg(['"logRetentionDays"=hex(b):1e,00,00,00,00,00,00,00']), 'x.reg');
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped logRetentionDays \(line 4\): Chrome and Edge do not read REG_QWORD/),
    ]);
  });

  it('fails a REG_DWORD for text and "true" for a boolean, accepts "1" for a boolean and digits for an integer', () => {
    const result = check(
      reg([
        '"organizationName"=dword:00000001',
        '"requirePasscode"="true"',
        '"requireWaitingRoom"="1"',
        '"logRetentionDays"="30"',
      ]),
      'x.reg',
    );
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped organizationName \(line 4\): .*cannot read this REG_DWORD as string/),
      expect.stringMatching(/^dropped requirePasscode \(line 5\): .*cannot read this REG_SZ as boolean/),
    ]);
    expect(result.applied.sort()).toEqual(['logRetentionDays', 'requireWaitingRoom']);
  });

  it('reads JSON with a trailing comma, as Chrome does, and lists from numbered values', () => {
    const result = check(
      [
        'Windows Registry Editor Version 5.00',
        `[${CHROME_KEY}]`,
        '"internalDomains"="[\\"city.zoom.us\\",]"',
        `[${CHROME_KEY}\\notetakerNames]`,
        '"1"="議事録AI"',
        '"2"="Recorder"',
      ].join('\r\n'),
      'x.utf16.reg',
    );
    expect(result.verdicts.filter((verdict) => !verdict.includes('non-ASCII'))).toEqual([]);
    expect(result.applied.sort()).toEqual(['internalDomains', 'notetakerNames']);
  });

  it('fails an invalid extension id in the key path: the browser applies it to no extension', () => {
    for (const id of ['KMANDLFBDPNAKAMLPJKPFEHNIHAGICNP', 'meeting-guard', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz']) {
      const key = CHROME_KEY.replace(ID, id);
      const result = check(reg(['"locale"="ja"'], key), 'x.reg');
      expect(result.exitCode, id).toBe(1);
      expect(result.verdicts[0], id).toMatch(/^dropped line 3: not a Chrome extension id/);
    }
  });

  it('fails non-ASCII text in a UTF-8 .reg (regedit garbles it) and accepts the same file in UTF-16LE', () => {
    const text = reg(['"organizationName"="みほん市"']);
    const utf8 = check(text, 'x.reg');
    expect(utf8.verdicts).toEqual([expect.stringMatching(/^dropped line 4: non-ASCII text in a UTF-8 \.reg/)]);
    const wide = check(utf16(text), 'x.utf16.reg');
    expect(wide.verdicts).toEqual([]);
    expect(wide.exitCode).toBe(0);
  });

  it('reads a Shift_JIS .reg (ANSI on Japanese Windows) without complaint, and says how it read it', () => {
    // みほん市 in Shift_JIS.
    const sjis = new Uint8Array([0x82, 0xdd, 0x82, 0xd9, 0x82, 0xf1, 0x8e, 0x73]);
    const [head, tail] = reg(['"organizationName"="@"']).split('@') as [string, string];
    const bytes = new Uint8Array([...encode(head), ...sjis, ...encode(tail)]);
    const result = check(bytes, 'x.reg');
    expect(result.exitCode).toBe(0);
    expect(result.text).toContain('Note: read as Shift_JIS');
    expect(result.report.entries[0]?.policy).toEqual({ organizationName: 'みほん市' });
  });

  it('fails a short hive name (HKLM\\...), which regedit does not import, with its line', () => {
    const result = check(reg(['"locale"="ja"'], CHROME_KEY.replace('HKEY_LOCAL_MACHINE', 'HKLM')), 'x.reg');
    expect(result.exitCode).toBe(1);
    expect(result.verdicts).toEqual([
      expect.stringMatching(
        /^dropped line 3: regedit imports only full hive names .* write HKEY_LOCAL_MACHINE, not HKLM/,
      ),
    ]);
  });

  it('refuses a .reg without its header line with a message that says so (exit 2), not a JSON error', () => {
    const result = check([`[${CHROME_KEY}]`, '"locale"="ja"'].join('\r\n'), 'x.reg');
    expect(result.exitCode).toBe(2);
    expect(result.text).toContain(
      'line 1: registry content without the header line "Windows Registry Editor Version 5.00"',
    );
    expect(result.text).not.toMatch(/Unexpected token/);
  });

  it('hands a value of the right type but out of range to the extension, which reports it (types-only schema)', () => {
    const result = check(
      reg([
        '"e2eBreakingFeatures"="BLOCK"',
        '"permittedServices"="[{\\"service\\":\\"zoom\\",\\"maxClassification\\":9}]"',
      ]),
      'x.reg',
    );
    expect(result.verdicts).toEqual([
      'reported e2eBreakingFeatures: expected one of warn, confirm, block',
      'reported permittedServices[0].maxClassification: expected 1 to 3',
    ]);
  });

  it('Firefox: a REG_DWORD arrives as a number, which the extension reports', () => {
    const key =
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Mozilla\\Firefox\\3rdparty\\Extensions\\meeting-guard@city-tools.jp';
    const result = check(reg(['"requirePasscode"=dword:00000001'], key), 'x.reg');
    expect(result.verdicts).toEqual(['reported requirePasscode: expected true or false']);
  });
});

describe('binary and unreadable input', () => {
  it('says binary data, with the offset, instead of printing bytes (exit 2)', () => {
    const result = check(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x10]), 'kit.zip');
    expect(result.exitCode).toBe(2);
    expect(result.text).toContain('binary data (a NUL byte at offset 4), not a policy text file');
    expect(result.text).not.toMatch(/PK/);
  });

  it('tells how to convert a binary plist', () => {
    const result = check(encode('bplist00\u00d1\u0001\u0002'), 'x.plist');
    expect(result.exitCode).toBe(2);
    expect(result.text).toContain('plutil -convert xml1');
  });

  it('gives the line and column of a JSON syntax error', () => {
    const result = check('{\n  "locale": "ja"\n  "x": 1\n}', 'x.json');
    expect(result.exitCode).toBe(2);
    expect(result.text).toMatch(/not valid JSON at line 3, column 3/);
  });
});

const plist = (body: string) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    body,
    '</plist>',
  ].join('\n');
const profile = (type: string, settings: string) =>
  plist(
    `<dict><key>PayloadContent</key><array><dict><key>PayloadType</key><string>${type}</string>${settings}</dict></array>` +
      '<key>PayloadType</key><string>Configuration</string></dict>',
  );

describe('macOS configuration profiles and plists', () => {
  it('fails a payload whose domain is lower-cased: Chrome reads com.google.Chrome.extensions.<id> exactly', () => {
    const result = check(
      profile(`com.google.chrome.extensions.${ID}`, '<key>locale</key><string>ja</string>'),
      'x.mobileconfig',
    );
    expect(result.exitCode).toBe(1);
    expect(result.verdicts).toEqual([
      expect.stringMatching(
        /^dropped PayloadContent\[0\]\.PayloadType: the preferences domain must be com\.google\.Chrome\.extensions/,
      ),
    ]);
  });

  it('accepts the exact domain, and fails an invalid id in it', () => {
    expect(
      check(profile(`com.google.Chrome.extensions.${ID}`, '<key>locale</key><string>ja</string>'), 'x.mobileconfig')
        .exitCode,
    ).toBe(0);
    const bad = check(
      profile('com.microsoft.Edge.extensions.not-an-id', '<key>locale</key><string>ja</string>'),
      'x.mobileconfig',
    );
    expect(bad.verdicts).toEqual([expect.stringMatching(/^dropped .*not a Chrome extension id/)]);
  });

  it('fails a Firefox payload without EnterprisePoliciesEnabled', () => {
    const result = check(
      profile(
        'org.mozilla.firefox',
        '<key>3rdparty</key><dict><key>Extensions</key><dict><key>meeting-guard@city-tools.jp</key><dict><key>locale</key><string>ja</string></dict></dict></dict>',
      ),
      'x.mobileconfig',
    );
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped EnterprisePoliciesEnabled: Firefox on macOS reads no policy/),
    ]);
  });

  it('gives the line of broken XML', () => {
    const result = check(plist('<dict><key>locale</key><string>ja</dict>'), 'x.plist');
    expect(result.exitCode).toBe(2);
    expect(result.text).toMatch(/line 4, column/);
  });
});

describe('JSON files', () => {
  const linux = (extensions: unknown) => JSON.stringify({ '3rdparty': { extensions } });

  it('Linux: fails an invalid extension id and a capital "Extensions"', () => {
    expect(check(linux({ 'Meeting-Guard': { locale: 'ja' } }), 'x.json').verdicts).toEqual([
      expect.stringMatching(/^dropped 3rdparty\.extensions\.Meeting-Guard: not a Chrome extension id/),
    ]);
    const capital = check(JSON.stringify({ '3rdparty': { Extensions: { [ID]: { locale: 'ja' } } } }), 'x.json');
    expect(capital.verdicts).toEqual([
      expect.stringMatching(/^dropped 3rdparty\.Extensions: Chrome and Edge need "extensions" in lower case/),
    ]);
  });

  it('Linux: fails a permittedServices that is not a list (Chrome drops it, and the extension would never know)', () => {
    const result = check(linux({ [ID]: { permittedServices: 'meet' } }), 'x.json');
    expect(result.verdicts).toEqual([
      'dropped permittedServices: schema: expected a list; Chrome and Edge drop the whole key',
    ]);
  });

  it('Linux: accepts trailing commas (Chrome does) and says so', () => {
    const result = check(`{"3rdparty": {"extensions": {"${ID}": {"locale": "ja",},},},}`, 'x.json');
    expect(result.exitCode).toBe(0);
    expect(result.text).toContain('Note: trailing commas: Chrome and Edge accept them');
  });

  it('Firefox policies.json: fails a trailing comma (Firefox reads none of the file)', () => {
    const result = check(
      '{"policies": {"3rdparty": {"Extensions": {"meeting-guard@city-tools.jp": {"locale": "ja",}}}}}',
      'policies.json',
    );
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped \(file\): a trailing comma: Firefox cannot parse/),
    ]);
  });

  it('Firefox policies.json: a permittedServices that is not a list reaches the extension, which reports it', () => {
    const result = check(
      JSON.stringify({
        policies: { '3rdparty': { Extensions: { 'meeting-guard@city-tools.jp': { permittedServices: 'zoom' } } } },
      }),
      'policies.json',
    );
    expect(result.verdicts).toEqual([
      'reported permittedServices: expected a list; no service is permitted until it is fixed',
    ]);
  });

  it('fails a policy file saved as UTF-16', () => {
    const result = check(utf16(linux({ [ID]: { locale: 'ja' } })), 'x.json');
    expect(result.verdicts).toEqual([
      'dropped (file): policy JSON must be UTF-8: Chrome, Edge and Firefox read nothing else',
    ]);
  });

  it('Google Admin console: fails a value without {"Value": ...}', () => {
    const result = check('{"locale": {"Value": "ja"}, "logRetentionDays": 30}', 'g.json');
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped logRetentionDays: missing the \{"Value": \.\.\.\} wrapper/),
    ]);
  });

  it('a custom service pattern for every site is reported by the extension', () => {
    const result = check(
      linux({ [ID]: { customServices: [{ id: 'city', name: '市', matches: ['https://*/*'], table: {} }] } }),
      'x.json',
    );
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^reported customServices\[0\]\.matches\[0\]: the host must name a site/),
      'reported customServices[0].matches: expected at least one pattern',
    ]);
  });
});

describe('Intune custom profiles', () => {
  const admx = (valueName: string, element: string) =>
    `<policyDefinitions><policies><policy name="${valueName}" key="Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${ID}\\policy"><elements>${element}</elements></policy></policies></policyDefinitions>`;
  const profileJson = (admxText: string, settings: [string, string][]) =>
    JSON.stringify({
      omaSettings: [
        { omaUri: './Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/MG/Policy/MGAdmx', value: admxText },
        ...settings.map(([name, value]) => ({
          omaUri: `./Device/Vendor/MSFT/Policy/Config/MG~Policy~MeetingGuard/${name}`,
          value,
        })),
      ],
    });

  it('fails a setting the ingested ADMX does not define, and digits-only decimals', () => {
    const text = profileJson(
      admx('logRetentionDays', '<decimal id="logRetentionDays" valueName="logRetentionDays"/>'),
      [
        ['logRetentionDays', '<enabled/><data id="logRetentionDays" value="thirty"/>'],
        ['surprise', '<enabled/>'],
      ],
    );
    const result = check(text, 'intune.json');
    expect(result.verdicts).toEqual([
      'dropped omaSettings[1]: a decimal setting needs digits; Intune reports an error',
      'dropped omaSettings[2]: no such policy in the ingested ADMX; Intune reports an error',
    ]);
  });
});

describe('chromeFilter follows SCHEMA_ALLOW_UNKNOWN', () => {
  it('with the schema as written, an out-of-range item drops the whole list; an unknown property only itself', () => {
    const { delivered, problems } = chromeFilter(
      { permittedServices: [{ service: 'zoom', maxClassification: 9 }], customServices: [{ id: 'a', extra: 1 }] },
      SCHEMA,
    );
    expect(delivered).toEqual({ customServices: [{ id: 'a' }] });
    expect(problems.map((problem) => `${problem.path}: ${problem.reason}`)).toEqual([
      'permittedServices: schema: above the maximum 3 at permittedServices[0].maxClassification; Chrome and Edge drop the whole key',
      'customServices[0].extra: not in the schema: Chrome and Edge leave this property out',
    ]);
  });
});

describe('deployment files and false OKs (issue 22): every finding says what the browser will do', () => {
  const CITY_ID = 'abcdefghijklmnopabcdefghijklmnop';
  const HKLM = 'HKEY_LOCAL_MACHINE\\Software\\Policies';
  const forcelist = (product: string, entry: string) =>
    reg([`"1"="${entry}"`], `${HKLM}\\${product}\\ExtensionInstallForcelist`);

  it('a Google Admin console JSON without "Value" fails, each key dropped (it used to pass as a plain policy)', () => {
    const result = check('{"defaultClassification": 2, "locale": "ja"}', 'google-admin/meeting-guard-policy.json');
    expect(result.report.format).toBe('Google Admin console JSON');
    expect(result.exitCode).toBe(1);
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^dropped defaultClassification: missing the \{"Value": \.\.\.\} wrapper .*never hands it/),
      expect.stringMatching(/^dropped locale: missing the \{"Value": \.\.\.\} wrapper/),
    ]);
    // A plain policy under another name is policy:kit's input: it passes, and says no browser reads it as it is.
    const plain = check('{"defaultClassification": 2}', 'policy.json');
    expect(plain.exitCode).toBe(0);
    expect(plain.text).toMatch(/Note: a plain policy \(policy:kit's input\): no browser reads this shape/);
  });

  it('an ExtensionSettings with the placeholder install_url left in fails: Firefox installs nothing', () => {
    const policies = {
      policies: {
        ExtensionSettings: {
          'meeting-guard@city.mihon.lg.jp': {
            installation_mode: 'force_installed',
            install_url: 'https://www.example.jp/meeting-guard/meeting-guard.xpi',
          },
        },
      },
    };
    const result = check(JSON.stringify(policies), 'policies.json');
    expect(result.exitCode).toBe(1);
    expect(result.verdicts).toEqual([
      expect.stringMatching(
        /^not-installed policies\.ExtensionSettings\.meeting-guard@city\.mihon\.lg\.jp: the placeholder install_url .*installs nothing/,
      ),
    ]);
    expect(result.text).toContain('[NOT INSTALLED] the browser installs nothing from this entry');
    // The same entry with the city's own URL passes.
    const own = JSON.stringify(policies).replace('www.example.jp', 'extensions.city.mihon.lg.jp');
    expect(check(own, 'policies.json').exitCode).toBe(0);
    // force_installed without any install_url installs nothing either.
    const none = { policies: { ExtensionSettings: { 'a@b.jp': { installation_mode: 'force_installed' } } } };
    expect(check(JSON.stringify(none), 'policies.json').verdicts).toEqual([
      expect.stringMatching(/force_installed needs an install_url; Firefox installs nothing/),
    ]);
  });

  it('a file carrying the development id passes with a warning saying the browser applies it to no extension', () => {
    const policy = (id: string) => JSON.stringify({ '3rdparty': { extensions: { [id]: { locale: 'ja' } } } });
    const dev = check(policy(ID), 'linux.json');
    expect(dev.exitCode).toBe(0);
    expect(dev.warnings).toEqual([
      expect.stringMatching(/the development id \(a test key nobody holds\): .*applies the policy to no installed/),
    ]);
    expect(dev.text).toMatch(/\[WARNING\]/);
    expect(check(policy(CITY_ID), 'linux.json').warnings).toEqual([]);
  });

  it('reads an ADMX: the id its settings write under, the development id warned, an invalid id failed', () => {
    const admx = (id: string) =>
      `<policyDefinitions><policies><policy name="locale" key="Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${id}\\policy"><elements><text id="locale" valueName="locale"/></elements></policy></policies></policyDefinitions>`;
    const city = check(admx(CITY_ID), 'x.admx');
    expect(city.exitCode).toBe(0);
    expect(city.text).toContain(`\\3rdparty\\extensions\\${CITY_ID}\\policy; chrome gives them to that extension only`);
    expect(city.text).not.toMatch(/Not a policy/);
    expect(check(admx(ID), 'x.admx').warnings).toEqual([expect.stringMatching(/the development id/)]);
    const wrong = check(admx('ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP'), 'x.admx');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.verdicts).toEqual([expect.stringMatching(/ids are lower case .*these settings reach no extension/)]);
    // An ADML made for the development id says so; a city's ADML points to its ADMX.
    const adml = (text: string) =>
      `<policyDefinitionResources><resources><stringTable><string id="SUPPORTED_MeetingGuard">${text}</string></stringTable></resources></policyDefinitionResources>`;
    expect(check(adml(`Chrome (development id ${ID})`), 'x.adml').warnings).toHaveLength(1);
    const cityAdml = check(adml('Chrome with Meeting Guard installed'), 'x.adml');
    expect(cityAdml.exitCode).toBe(0);
    expect(cityAdml.text).toMatch(/the extension id is in the ADMX beside it/);
  });

  it('reads force-install entries per browser: the id, the update URL, placeholders and off-store sources', () => {
    const edge = check(forcelist('Microsoft\\Edge', `${CITY_ID};https://extensions.city.mihon.lg.jp/mg/update.xml`));
    expect(edge.exitCode).toBe(0);
    expect(edge.text).toContain(`edge installs ${CITY_ID} from https://extensions.city.mihon.lg.jp/mg/update.xml`);
    expect(edge.warnings).toEqual([
      expect.stringMatching(
        /Edge treats this as off-store .*joined to Active Directory or Microsoft Entra ID or enrolled in MDM/,
      ),
    ]);
    const crx = check(
      forcelist('Google\\Chrome', `${CITY_ID};https://extensions.city.mihon.lg.jp/mg/meeting-guard.crx`),
    );
    expect(crx.exitCode).toBe(1);
    expect(crx.verdicts).toEqual([
      expect.stringMatching(/^not-installed .*the URL of a \.crx: the forcelist names the update manifest/),
    ]);
    const placeholder = check(
      forcelist('Google\\Chrome', `${CITY_ID};https://www.example.jp/meeting-guard/update.xml`),
    );
    expect(placeholder.verdicts).toEqual([
      expect.stringMatching(/^not-installed .*a placeholder on a reserved example domain/),
    ]);
    const badId = check(forcelist('Google\\Chrome', 'meeting-guard;https://extensions.city.mihon.lg.jp/mg/update.xml'));
    expect(badId.verdicts).toEqual([expect.stringMatching(/not a Chrome extension id .*nothing is installed/)]);
    const edgeStoreInChrome = check(
      forcelist('Google\\Chrome', `${CITY_ID};https://edge.microsoft.com/extensionwebstorebase/v1/crx`),
    );
    expect(edgeStoreInChrome.verdicts).toEqual([
      expect.stringMatching(/Edge Add-ons URL in Chrome: Chrome installs nothing/),
    ]);
    // From the Chrome Web Store, Chrome needs no managed PC: no warning.
    const store = check(forcelist('Google\\Chrome', `${CITY_ID};https://clients2.google.com/service/update2/crx`));
    expect([store.exitCode, store.warnings]).toEqual([0, []]);
    // Linux takes off-store packages on any machine; its ExtensionSettings is read the same way.
    const linux = {
      ExtensionSettings: {
        [CITY_ID]: {
          installation_mode: 'force_installed',
          update_url: 'https://extensions.city.mihon.lg.jp/mg/update.xml',
        },
      },
    };
    expect([check(JSON.stringify(linux), 'f.json').exitCode, check(JSON.stringify(linux), 'f.json').warnings]).toEqual([
      0,
      [],
    ]);
    const linuxCrx = JSON.stringify(linux).replace('update.xml', 'meeting-guard.crx');
    expect(check(linuxCrx, 'f.json').exitCode).toBe(1);
  });

  it("reads Intune's forcelist setting", () => {
    const intune = {
      omaSettings: [
        {
          omaUri:
            './Device/Vendor/MSFT/Policy/Config/microsoft_edge~Policy~microsoft_edge~Extensions/ExtensionInstallForcelist',
          value: `<enabled/><data id="ExtensionInstallForcelistDesc" value="1&#xF000;${CITY_ID};https://www.example.jp/mg/update.xml"/>`,
        },
      ],
    };
    const result = check(JSON.stringify(intune), 'intune.json');
    expect(result.exitCode).toBe(1);
    expect(result.verdicts).toEqual([
      expect.stringMatching(/^not-installed omaSettings\[0\] ExtensionInstallForcelist "1": a placeholder/),
    ]);
  });
});
