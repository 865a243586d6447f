/** The content script of one service: its adapter and the shared reading, nothing else (the UI is injected: ui.ts). */

import { jitsi } from '../../src/services/jitsi';
import { matchesPattern } from '../../src/services/service';
import { RANK, runContent } from '../run';

runContent(RANK.builtIn, (url) => (jitsi.matches.some((pattern) => matchesPattern(pattern, url)) ? jitsi : undefined));
