// The account's agents, loaded once per page (GET /agents): the @mention
// picker, the timeline's agent filter and the {{agent.name}} variable.
import { listAgents } from './api';
import type { Agent } from './mentions';

let agents: Promise<Agent[]> | null = null;

export function loadAgents(): Promise<Agent[]> {
  agents ??= listAgents().then((r) => r.data).catch((e) => {
    agents = null; // try again next time
    throw e;
  });
  return agents;
}
