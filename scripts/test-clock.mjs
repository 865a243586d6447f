// The unit tier and the collector's tests again at a clock far from today: 00:30 on 1 April 2031 in Japan (15:30 UTC
// the day before), so "today" in Japan and in UTC differ, a fiscal year has just begun and the date is years ahead. A
// test that reads the real clock instead of setting its own "now" passes on the day it was written and fails here.
// Debian's `faketime` (libfaketime, through LD_PRELOAD) sets the clock for everything started under it: vitest, the
// collector's tests and the throwaway PostgreSQL they start. `pretest` installs it.
//   npm run test:clock                      both tiers
//   npm run test:clock -- <vitest args>     only the unit tier, with those arguments
// The real-browser tier is not run here: the browsers and their TLS certificates are not the code under test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const FAR_CLOCK = '2031-03-31 15:30:00 UTC';
const STAFF_TIME_ZONE = 'Asia/Tokyo';

if (!existsSync('/usr/bin/faketime')) {
  console.error('test:clock needs faketime: sudo apt-get install -y faketime (npm test installs it when run as root)');
  process.exit(1);
}
const vitestArgs = process.argv.slice(2);
const tiers = [['unit', ['npx', 'vitest', 'run', ...vitestArgs]]];
if (vitestArgs.length === 0) tiers.push(['collector', ['npm', 'test', '--workspace', 'collector']]);
for (const [tier, command] of tiers) {
  console.log(`${tier} tests at ${FAR_CLOCK} (TZ=${STAFF_TIME_ZONE})`);
  const run = spawnSync('faketime', [FAR_CLOCK, ...command], {
    stdio: 'inherit',
    env: { ...process.env, TZ: STAFF_TIME_ZONE },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
