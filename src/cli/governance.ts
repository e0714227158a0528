// What the governance commands (propose, support, withdraw) ask the node before they sign anything: the proposal a
// support or withdraw names, the account's balance, the chain's governance parameters. Each refusal is one CliError
// line, before a byte is uploaded or a transaction sent (the node would refuse the same, less clearly, later).
import type { ThresholdParams } from '../chain/governance/problem-spec.js';
import { toHex } from '../codec/hex.js';
import type { AccountJson } from '../node/api/routes/accounts.js';
import type { StatusJson } from '../node/api/routes/status.js';
import type { GovernanceJson, ProposalDetailJson } from '../node/api/views/governance.js';
import { readKeyInfo } from '../wallet/wallet-dir.js';
import type { ApiClient } from './api-client.js';
import { parseHex } from './options.js';
import { CliError } from './output.js';
import type { SignOptions } from './tx-fields.js';

/** The ID argument of support and withdraw. */
export const parseProposalId = parseHex('the proposal id', 32);

/** What a governance command knows before it signs: the node's head, the key's address, the fee it will pay. */
export interface Sender {
  readonly status: StatusJson;
  readonly address: string;
  readonly fee: bigint;
}

/** The head and the key file's account (read without its password, which is asked only once the checks pass). */
export async function sender(client: ApiClient, opts: SignOptions): Promise<Sender> {
  const { address } = await readKeyInfo(opts.key);
  const status = await client.get<StatusJson>('/api/status');
  return { status, address, fee: opts.fee ?? BigInt(status.minFee) };
}

export function governance(client: ApiClient): Promise<GovernanceJson> {
  return client.get<GovernanceJson>('/api/governance');
}

/** What the governance commands read of a problem (its input as HxWxC or N). */
export interface ProblemFields {
  readonly input: string;
  readonly classes: number;
  readonly threshold: ThresholdParams;
  readonly maxModelBytes: number;
}

/** The problem blocks are mined on at the head: a selected proposal's payload, else the genesis one (/api/chain). */
export async function activeProblem(client: ApiClient, gov: GovernanceJson): Promise<ProblemFields> {
  const proposed = await client.find<ProposalDetailJson>(`/api/proposals/${gov.active.problemId}`);
  return proposed?.problem ?? (await client.get<{ problem: ProblemFields }>('/api/chain')).problem;
}

/** The proposal `id`, refused when the chain has none. */
export async function proposal(client: ApiClient, id: Uint8Array): Promise<ProposalDetailJson> {
  const found = await client.find<ProposalDetailJson>(`/api/proposals/${toHex(id)}`);
  if (!found) {
    throw new CliError(
      `no proposal ${toHex(id)} on the chain (one just sent counts once a block holds it; coinai proposals lists them)`,
    );
  }
  return found;
}

/** Whether a transaction in the next block (`height` + 1) finds the proposal open (PROTOCOL.md 7.3). */
export const isOpenNext = (p: ProposalDetailJson, height: number) => p.status === 'open' && height + 1 <= p.expires;

/** Refuses a sender whose balance does not cover the fee and what the transaction locks (`locked`, its `what`). */
export async function checkBalance(client: ApiClient, s: Sender, locked = 0n, what = 'deposit'): Promise<void> {
  const balance = BigInt((await client.get<AccountJson>(`/api/accounts/${s.address}`)).balance);
  if (balance >= locked + s.fee) return;
  const needs =
    locked > 0n ? `the ${locked + s.fee} this needs (${what} ${locked} and fee ${s.fee})` : `the fee ${s.fee}`;
  throw new CliError(`${s.address} has ${balance}, less than ${needs}`);
}
