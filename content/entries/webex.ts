/** The content script of one service: its adapter and the shared reading, nothing else (the UI is injected: ui.ts). */
import { matchesPattern } from '../../src/services/service';
import { webex } from '../../src/services/webex';
import { RANK, runContent } from '../run';

runContent(RANK.builtIn, (url) => (webex.matches.some((pattern) => matchesPattern(pattern, url)) ? webex : undefined));
