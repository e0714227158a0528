// propose-problem (tag 4): name varbytes(1..64) ‖ dataRoot 32 ‖ dataSize varint(53) ‖ input ‖ classes varint(32)
// ‖ metric u8 ‖ threshold ‖ maxModelBytes varint(53) ‖ deposit varint(128)   (input and threshold: problem-spec.ts)
// Proposes a problem whose data set's pack (src/ml/data/pack.ts) is the stored object (dataRoot, dataSize), locking
// `deposit` (≥ minDeposit) from the sender's balance. The name is free text for people, not interpreted by consensus.
import { AMOUNT_BITS, MAX_UINT } from '../../params.js';
import {
  METRIC_NAMES,
  readInputShape,
  readThreshold,
  thresholdFault,
  writeInputShape,
  writeThreshold,
  type InputShape,
  type ThresholdParams,
} from '../../governance/problem-spec.js';
import { depositRejection, noTransferRejection, varintBytes, type PayloadCodec } from '../kind.js';

export const MAX_PROPOSAL_NAME_LENGTH = 64;
/** The most classes a problem may have (labels are bytes). */
export const MAX_CLASSES = 256;

/** Every node fetches and keeps a winning problem's pack: a bound on what a proposal can make them fetch. */
export const MAX_DATA_PACK_BYTES = 2 ** 30;

export interface ProposeProblemPayload {
  readonly kind: 'propose-problem';
  readonly name: Uint8Array;
  readonly dataRoot: Uint8Array;
  readonly dataSize: number;
  readonly input: InputShape;
  readonly classes: number;
  readonly metric: (typeof METRIC_NAMES)[number];
  readonly threshold: ThresholdParams;
  readonly maxModelBytes: number;
  readonly deposit: bigint;
}

export const proposeProblemCodec: PayloadCodec<ProposeProblemPayload> = {
  tag: 4,
  maxBytes:
    1 +
    MAX_PROPOSAL_NAME_LENGTH +
    32 +
    varintBytes(53) +
    1 +
    3 * varintBytes(32) +
    varintBytes(32) +
    1 +
    (1 + 5 * varintBytes(14) + varintBytes(32)) +
    varintBytes(53) +
    varintBytes(AMOUNT_BITS),
  write(w, p) {
    w.varBytes('name', p.name, MAX_PROPOSAL_NAME_LENGTH)
      .fixed('dataRoot', p.dataRoot, 32)
      .varint('dataSize', p.dataSize, 53);
    writeInputShape(w, p.input);
    w.varint('classes', p.classes, 32).varint('metric', METRIC_NAMES.indexOf(p.metric), 8);
    writeThreshold(w, p.threshold);
    w.varint('maxModelBytes', p.maxModelBytes, 53).varint('deposit', p.deposit, AMOUNT_BITS);
  },
  read: (r) => ({
    kind: 'propose-problem',
    name: r.varBytes('name', MAX_PROPOSAL_NAME_LENGTH),
    dataRoot: r.fixed('dataRoot', 32),
    dataSize: r.uint('dataSize', MAX_UINT),
    input: readInputShape(r),
    classes: r.uint('classes', 0xffff_ffff),
    metric: METRIC_NAMES[r.uint('metric', METRIC_NAMES.length - 1)],
    threshold: readThreshold(r),
    maxModelBytes: r.uint('maxModelBytes', MAX_UINT),
    deposit: r.varint('deposit', AMOUNT_BITS),
  }),
  stateless(params, tx, p) {
    const common = noTransferRejection(tx) ?? depositRejection(params, p.deposit);
    if (common) return common;
    const fault =
      (p.name.length === 0 && 'an empty name') ||
      (p.dataSize < 1 && 'an empty data set') ||
      (p.dataSize > MAX_DATA_PACK_BYTES && `a data pack of ${p.dataSize} B (at most ${MAX_DATA_PACK_BYTES})`) ||
      ((p.input.kind === 'flat' ? p.input.n < 1 : p.input.h < 1 || p.input.w < 1 || p.input.c < 1) &&
        'an input dimension of 0') ||
      ((p.classes < 2 || p.classes > MAX_CLASSES) && `${p.classes} classes (2..${MAX_CLASSES})`) ||
      thresholdFault(p.threshold) ||
      (p.maxModelBytes < 1 && 'a maximum model size of 0');
    return fault ? { code: 'bad-proposal', detail: fault } : undefined;
  },
  locked: (p) => p.deposit,
};
