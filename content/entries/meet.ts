/** The content script of one service: its adapter and the shared reading, nothing else (the UI is injected: ui.ts). */

import { meet } from '../../src/services/meet';
import { matchesPattern } from '../../src/services/service';
import { RANK, runContent } from '../run';

runContent(RANK.builtIn, (url) => (meet.matches.some((pattern) => matchesPattern(pattern, url)) ? meet : undefined));
