// The unit tier again at a clock far from today: 00:30 on 1 April 2031 in Japan (15:30 UTC the day before), so
// "today" in Japan and in UTC differ, a fiscal year has just begun and the date is years ahead. A test that reads
// the real clock instead of setting its own "now" passes on the day it was written and fails here.
// Debian's `faketime` (libfaketime) sets the clock for vitest and everything it starts; `pretest` installs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const FAR_CLOCK = '2031-03-31 15:30:00 UTC';
const STAFF_TIME_ZONE = 'Asia/Tokyo';

if (!existsSync('/usr/bin/faketime')) {
  console.error('test:clock needs faketime: sudo apt-get install -y faketime (npm test installs it when run as root)');
  process.exit(1);
}
console.log(`Unit tests at ${FAR_CLOCK} (TZ=${STAFF_TIME_ZONE})`);
const run = spawnSync('faketime', [FAR_CLOCK, 'npx', 'vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TZ: STAFF_TIME_ZONE },
});
process.exit(run.status ?? 1);
