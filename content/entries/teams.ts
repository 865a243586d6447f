/** The content script of one service: its adapter and the shared reading, nothing else (the UI is injected: ui.ts). */
import { matchesPattern } from '../../src/services/service';
import { teams } from '../../src/services/teams';
import { RANK, runContent } from '../run';

runContent(RANK.builtIn, (url) => (teams.matches.some((pattern) => matchesPattern(pattern, url)) ? teams : undefined));
