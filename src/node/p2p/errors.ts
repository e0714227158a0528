// The one error the network layer throws at its callers; `code` says what went wrong so the node can tell a slow
// peer from a misbehaving one.
import { CodedError } from '../../base/coded-error.js';

export type P2pErrorCode =
  /** A frame's length prefix exceeds the protocol's limit (refused before its body is read). */
  | 'oversize'
  /** Bytes that do not decode, a missing or extra frame, more frames than asked for. */
  | 'malformed'
  /** No complete answer before the deadline. */
  | 'timeout'
  /** The peer is on another chain id or genesis. */
  | 'mismatch'
  /** The answer decoded but the caller's check (e.g. a chunk against its Merkle root) failed. */
  | 'invalid'
  /** The responder refused the request: this peer's rate for the protocol is spent. */
  | 'rate-limited'
  /** The responder refused the request: too many of this peer's requests are being answered already. */
  | 'busy'
  /** The stream or connection failed for another reason (reset, refused, closed). */
  | 'failed';

export class P2pError extends CodedError<P2pErrorCode> {
  constructor(code: P2pErrorCode, message: string) {
    super(code, message, message);
  }
}
