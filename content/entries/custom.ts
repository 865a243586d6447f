/**
 * The admin-defined services' content script. Not in the manifest: background/custom-services.ts
 * registers it for the sites the person or admin granted. It carries every built-in adapter because a
 * custom service may read with one (`base`, e.g. a city's own Jitsi); it only runs on granted sites.
 */
import type { CustomService } from '../../src/policy/policy';
import { customService } from '../../src/services/custom';
import { runtime } from '../browser';
import { RANK, runContent } from '../run';

runContent(RANK.custom, async (url) => {
  try {
    const definition = await runtime.sendMessage({ type: 'get-custom-service', url: url.href });
    return definition ? customService(definition as CustomService) : undefined;
  } catch {
    return undefined;
  }
});
