// The objects namespace (tag 5): one record per stored object (a block's model file, a data-set file of the
// problem), keyed by its segment root (src/crypto/segment-tree.ts). Encoding:
//   kind u8 (0 model, 1 data) ‖ size varint(53) ‖ replication u8 ‖ created varint(53) ‖ count u8
//   ‖ (keeper 20 ‖ assigned varint(53) ‖ strikes u8 ‖ lastProof varint(53))*   (replicas in ascending keeper order)
// At most 255 replicas of at most 37 bytes: under 10 KiB, well within the undo record's value bound.
import { compareBytes } from '../../codec/bytes.js';
import { DecodeError } from '../../codec/errors.js';
import { Reader } from '../../codec/reader.js';
import { Writer } from '../../codec/writer.js';
import { ADDRESS_LENGTH, type Address } from '../../crypto/address.js';
import type { Namespace, RecordChange, RecordReader } from '../namespace.js';
import { MAX_UINT } from '../params.js';

export const ROOT_LENGTH = 32;

export const OBJECTS: Namespace = { tag: 5, name: 'objects', keyLength: ROOT_LENGTH };

export const OBJECT_KINDS = ['model', 'data'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** The most replicas an object may want (a u8). */
export const MAX_REPLICATION = 255;

export interface Replica {
  readonly keeper: Address;
  /** The height of the block that assigned it. */
  readonly assigned: number;
  /** Challenges missed since its last valid proof. */
  readonly strikes: number;
  /** The epoch of its last valid proof; 0 = none. */
  readonly lastProof: number;
}

export interface StoredObject {
  readonly kind: ObjectKind;
  readonly size: number;
  /** How many replicas it should have: R for models, R_data for data sets, at its creation. */
  readonly replication: number;
  /** The height of the block that created it (0 for genesis data). */
  readonly created: number;
  /** Sorted by keeper address, distinct. */
  readonly replicas: readonly Replica[];
}

export function encodeStoredObject(o: StoredObject): Uint8Array {
  const w = new Writer()
    .varint('kind', OBJECT_KINDS.indexOf(o.kind), 8)
    .varint('size', o.size, 53)
    .varint('replication', o.replication, 8)
    .varint('created', o.created, 53)
    .varint('replicas', o.replicas.length, 8);
  o.replicas.forEach((rep, i) => {
    if (i > 0 && compareBytes(o.replicas[i - 1].keeper, rep.keeper) >= 0)
      throw new RangeError('replicas must be in strictly ascending keeper order');
    w.fixed('keeper', rep.keeper, ADDRESS_LENGTH)
      .varint('assigned', rep.assigned, 53)
      .varint('strikes', rep.strikes, 8)
      .varint('lastProof', rep.lastProof, 53);
  });
  return w.finish();
}

export function decodeStoredObject(bytes: Uint8Array): StoredObject {
  const r = new Reader(bytes);
  const kind = OBJECT_KINDS[r.uint('kind', OBJECT_KINDS.length - 1)];
  const size = r.uint('size', MAX_UINT);
  const replication = r.uint('replication', MAX_REPLICATION);
  const created = r.uint('created', MAX_UINT);
  const count = r.uint('replicas', MAX_REPLICATION);
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const rep: Replica = {
      keeper: r.fixed('keeper', ADDRESS_LENGTH),
      assigned: r.uint('assigned', MAX_UINT),
      strikes: r.uint('strikes', 255),
      lastProof: r.uint('lastProof', MAX_UINT),
    };
    if (i > 0 && compareBytes(replicas[i - 1].keeper, rep.keeper) >= 0)
      throw new DecodeError('keeper', 'replicas must be in strictly ascending keeper order');
    replicas.push(rep);
  }
  r.end('stored object');
  if (size < 1) throw new DecodeError('size', 'a stored object has at least one byte');
  return { kind, size, replication, created, replicas };
}

/** The stored object of this root, undefined when the chain has none. */
export function storedObject(state: RecordReader, root: Uint8Array): StoredObject | undefined {
  const value = state.record(OBJECTS, root);
  return value && decodeStoredObject(value);
}

export function objectRecord(root: Uint8Array, object: StoredObject): RecordChange {
  return { ns: OBJECTS, key: root, value: encodeStoredObject(object) };
}

/** `replicas` with `replica` in its place by keeper order (replacing one of the same keeper). */
export function withReplica(replicas: readonly Replica[], replica: Replica): Replica[] {
  return [...replicas.filter((r) => compareBytes(r.keeper, replica.keeper) !== 0), replica].sort((a, b) =>
    compareBytes(a.keeper, b.keeper),
  );
}
