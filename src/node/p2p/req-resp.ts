// Request/response over libp2p streams: the requester writes one request frame and closes its side; the responder
// answers with zero or more frames and closes. Every frame is checked against the protocol's limit before it is
// decoded, one deadline covers the whole exchange on each side, and a peer that sends an oversize or malformed
// frame is penalised, whichever side it is on.
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface';
import type { Logger } from 'pino';
import { DecodeError } from '../../codec/errors.js';
import { P2pError } from './errors.js';
import { readFrames, readOneFrame, writeFrames, type Frames } from './framing.js';
import { PENALTY } from './peer-score.js';
import type { ProtocolSpec } from './protocols.js';

export type Penalise = (peer: string, reason: string, points: number) => void;

export interface Responder<Req> {
  readonly spec: ProtocolSpec;
  /** Throws a DecodeError on a malformed request (the requester is penalised). */
  decodeRequest(bytes: Uint8Array): Req;
  /** The response frames; an error here aborts the stream without blaming the requester. */
  respond(request: Req, peer: string): Frames;
}

export class ReqResp {
  constructor(
    private readonly libp2p: Libp2p,
    private readonly penalise: Penalise,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  async serve<Req>(responder: Responder<Req>): Promise<void> {
    await this.libp2p.handle(responder.spec.id, ({ stream, connection }) => {
      void this.answer(responder, stream, connection);
    });
  }

  /** Sends `request` and decodes at most `maxFrames` response frames with `decode`. */
  async request<Res>(
    peer: PeerId,
    spec: ProtocolSpec,
    request: Uint8Array,
    maxFrames: number,
    decode: (frame: Uint8Array) => Res,
  ): Promise<Res[]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let stream: Stream;
    try {
      stream = await this.libp2p.dialProtocol(peer, spec.id, { signal });
    } catch (err) {
      throw classify(err, signal, `${spec.id} to ${peer}`);
    }
    const onTimeout = () => stream.abort(new P2pError('timeout', `${spec.id} to ${peer} timed out`));
    signal.addEventListener('abort', onTimeout, { once: true });
    try {
      await stream.sink(writeFrames([request], spec.maxRequestBytes));
      const responses: Res[] = [];
      for await (const frame of readFrames(stream.source, spec.maxResponseBytes)) {
        if (responses.length === maxFrames) throw new P2pError('malformed', `more than ${maxFrames} frames`);
        responses.push(decodeFrame(decode, frame));
      }
      return responses;
    } catch (err) {
      const error = classify(err, signal, `${spec.id} to ${peer}`);
      stream.abort(error);
      this.blame(peer.toString(), error, `${spec.id} response`);
      throw error;
    } finally {
      signal.removeEventListener('abort', onTimeout);
    }
  }

  private async answer<Req>(responder: Responder<Req>, stream: Stream, connection: Connection): Promise<void> {
    const { spec } = responder;
    const peer = connection.remotePeer.toString();
    const timer = setTimeout(() => stream.abort(new P2pError('timeout', `${spec.id} from ${peer}`)), this.timeoutMs);
    try {
      const request = decodeFrame(responder.decodeRequest, await readOneFrame(stream.source, spec.maxRequestBytes));
      await stream.sink(writeFrames(responder.respond(request, peer), spec.maxResponseBytes));
    } catch (err) {
      this.log.debug({ peer, protocol: spec.id, err }, 'request failed');
      // A request cut short because the connection went (the peer crashed or the link dropped) is nobody's fault.
      if (err instanceof P2pError && connection.status === 'open') this.blame(peer, err, `${spec.id} request`);
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timer);
    }
  }

  private blame(peer: string, err: P2pError, what: string): void {
    if (err.code === 'oversize') this.penalise(peer, `oversize ${what}`, PENALTY.oversizeFrame);
    if (err.code === 'malformed') this.penalise(peer, `malformed ${what}: ${err.message}`, PENALTY.malformed);
  }
}

function decodeFrame<T>(decode: (frame: Uint8Array) => T, frame: Uint8Array): T {
  try {
    return decode(frame);
  } catch (err) {
    if (err instanceof DecodeError) throw new P2pError('malformed', err.message);
    throw err;
  }
}

function classify(err: unknown, signal: AbortSignal, what: string): P2pError {
  if (err instanceof P2pError) return err;
  if (signal.aborted) return new P2pError('timeout', `${what} timed out`);
  return new P2pError('failed', `${what}: ${err instanceof Error ? err.message : String(err)}`);
}
