/** The content script of one service: its adapter and the shared reading, nothing else (the UI is injected: ui.ts). */
import { matchesPattern } from '../../src/services/service';
import { zoom } from '../../src/services/zoom';
import { RANK, runContent } from '../run';

runContent(RANK.builtIn, (url) => (zoom.matches.some((pattern) => matchesPattern(pattern, url)) ? zoom : undefined));
