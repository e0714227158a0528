// `coinai proposals [--status S]`: the chain's proposals (docs/PROTOCOL.md 7), newest first, as a table with each
// one's support, the support counted at its kind's next decision and its odds there, under a line per kind saying
// when that decision is and whether its counted support reaches the quorum.
import type { Command } from 'commander';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../chain/governance/proposals.js';
import type { GovernanceJson, ProposalJson } from '../../node/api/views/governance.js';
import { MAX_PROPOSALS } from '../../node/api/routes/governance.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { parseChoice, parseInteger } from '../options.js';
import { print } from '../output.js';

interface Listing {
  readonly governance: GovernanceJson;
  readonly proposals: readonly ProposalJson[];
}

/** Under the lottery the chance it is drawn; under stake-max and auction, 100% for the leader. */
const odds = (p: ProposalJson) => (p.decision === null ? '-' : `${(p.odds * 100).toFixed(1)}%`);

/** Columns padded to their widest cell; the last one (the name, free text) is not. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
}

function render({ governance: g, proposals }: Listing): string {
  const lines = [
    `at height ${g.height}, selection ${g.selection}, quorum ${g.quorumBp / 100}% of the supply`,
    ...g.kinds.map(
      (k) =>
        `  ${k.kind.padEnd(7)}  next decision at ${k.nextDecision}: counted ${k.counted} of ${k.quorum} needed` +
        (k.reachesQuorum ? ' (quorum reached)' : ''),
    ),
  ];
  if (proposals.length === 0) return [...lines, 'no proposals'].join('\n');
  const head = ['id', 'kind', 'status', 'created', 'expires', 'support', 'counted', 'odds', 'name'];
  const rows = proposals.map((p) => [
    p.id,
    p.kind,
    p.status,
    String(p.created),
    String(p.expires),
    p.support,
    p.counted,
    odds(p),
    // A proposer's text: control characters would move the terminal's cursor.
    JSON.stringify(p.name ?? '').slice(1, -1),
  ]);
  return [...lines, '', ...columns([head, ...rows])].join('\n');
}

export function register(program: Command): void {
  withApiOption(program.command('proposals').description('proposals with their support and odds at the next decision'))
    .option('--status <status>', `only ${PROPOSAL_STATUSES.join(', ')}`, parseChoice('--status', PROPOSAL_STATUSES))
    .option(
      '--count <n>',
      `at most this many, newest first (1..${MAX_PROPOSALS})`,
      parseInteger('--count', { min: 1, max: MAX_PROPOSALS }),
    )
    .option('--json', 'print JSON')
    .action(async (opts: { api: string; status?: ProposalStatus; count?: number; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      const query = new URLSearchParams({
        ...(opts.status && { status: opts.status }),
        ...(opts.count && { count: String(opts.count) }),
      });
      const [governance, { proposals }] = await Promise.all([
        client.get<GovernanceJson>('/api/governance'),
        client.get<{ proposals: ProposalJson[] }>(`/api/proposals?${query}`),
      ]);
      print(opts.json, { governance, proposals }, render);
    });
}
