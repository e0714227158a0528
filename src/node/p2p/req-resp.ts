// Request/response over libp2p streams: the requester writes one request frame and closes its side; the responder
// answers with zero or more frames and closes. Every response frame starts with a result byte: `ok` before each
// payload, or a refusal (`rate-limited`, `busy`) as the only frame. Every frame is checked against the protocol's
// limit before it is decoded, one deadline covers the whole exchange on each side, and a peer that sends an
// oversize or malformed frame is penalised, whichever side it is on. The responder limits each peer: a token
// bucket per protocol and a number of requests answered at once; a refused request costs its peer points.
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface';
import type { Logger } from 'pino';
import { DecodeError } from '../../codec/errors.js';
import { RateLimiter } from './rate-limit.js';
import { P2pError } from './errors.js';
import { readFrames, readOneFrame, writeFrames, type Frames } from './framing.js';
import type { NetworkLimits } from './limits.js';
import { PENALTY } from './peer-score.js';
import type { ProtocolName, ProtocolSpec } from './protocols.js';

export type Penalise = (peer: string, reason: string, points: number) => void;

/** The first byte of every response frame. */
export const RESULT = { ok: 0, rateLimited: 1, busy: 2 } as const;
const OK = Uint8Array.of(RESULT.ok);

export interface Responder<Req> {
  readonly spec: ProtocolSpec;
  /** Throws a DecodeError on a malformed request (the requester is penalised). */
  decodeRequest(bytes: Uint8Array): Req;
  /** The response frames; an error here aborts the stream without blaming the requester. */
  respond(request: Req, peer: string): Frames;
}

export class ReqResp {
  private readonly rates: Record<ProtocolName, RateLimiter>;
  private readonly inbound = new Map<string, number>();

  constructor(
    private readonly libp2p: Libp2p,
    private readonly penalise: Penalise,
    private readonly limits: NetworkLimits,
    private readonly log: Logger,
  ) {
    const rate = (name: ProtocolName) => new RateLimiter(limits.requestRates[name]);
    this.rates = {
      status: rate('status'),
      blocksByRange: rate('blocksByRange'),
      headersByRange: rate('headersByRange'),
      chunk: rate('chunk'),
      pooledTxs: rate('pooledTxs'),
    };
  }

  async serve<Req>(responder: Responder<Req>): Promise<void> {
    await this.libp2p.handle(
      responder.spec.id,
      ({ stream, connection }) => void this.answer(responder, stream, connection),
      // libp2p's own per-connection stream cap is above ours, so the refusal is ours to make (and typed).
      { maxInboundStreams: 2 * this.limits.inboundPerPeer },
    );
  }

  /** Sends `request` and decodes at most `maxFrames` response frames with `decode`, each as it arrives. */
  async request<Res>(
    peer: PeerId,
    spec: ProtocolSpec,
    request: Uint8Array,
    maxFrames: number,
    decode: (frame: Uint8Array) => Res,
  ): Promise<Res[]> {
    const signal = AbortSignal.timeout(this.limits.requestTimeoutMs);
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
      let total = 0;
      for await (const frame of readFrames(stream.source, spec.maxResponseBytes + 1)) {
        if (frame[0] !== RESULT.ok) throw refusal(frame, responses.length, `${spec.id} to ${peer}`);
        if (responses.length === maxFrames) throw new P2pError('malformed', `more than ${maxFrames} frames`);
        total += frame.length - 1;
        if (spec.maxResponseTotalBytes !== undefined && total > spec.maxResponseTotalBytes) {
          throw new P2pError('oversize', `response over the ${spec.maxResponseTotalBytes}-byte limit`);
        }
        responses.push(decodeFrame(decode, frame.subarray(1)));
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
    const timer = setTimeout(
      () => stream.abort(new P2pError('timeout', `${spec.id} from ${peer}`)),
      this.limits.requestTimeoutMs,
    );
    const inFlight = this.inbound.get(peer) ?? 0;
    this.inbound.set(peer, inFlight + 1);
    try {
      const request = decodeFrame(responder.decodeRequest, await readOneFrame(stream.source, spec.maxRequestBytes));
      const refused = this.refusal(spec.name, peer, inFlight);
      if (refused !== undefined) {
        this.penalise(
          peer,
          `${spec.id} request refused (${refused === RESULT.busy ? 'busy' : 'rate'})`,
          PENALTY.overLimit,
        );
        await stream.sink(writeFrames([Uint8Array.of(refused)], 1));
        return;
      }
      await stream.sink(writeFrames(okFrames(responder.respond(request, peer), spec), spec.maxResponseBytes + 1, OK));
    } catch (err) {
      this.log.debug({ peer, protocol: spec.id, err }, 'request failed');
      // A request cut short because the connection went (the peer crashed or the link dropped) is nobody's fault.
      if (err instanceof P2pError && connection.status === 'open') this.blame(peer, err, `${spec.id} request`);
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timer);
      const left = this.inbound.get(peer)! - 1;
      if (left === 0) this.inbound.delete(peer);
      else this.inbound.set(peer, left);
    }
  }

  /** Why a request is refused, or undefined when it is answered; a refused request takes no token. */
  private refusal(name: ProtocolName, peer: string, inFlight: number): number | undefined {
    if (inFlight >= this.limits.inboundPerPeer) return RESULT.busy;
    return this.rates[name].take(peer) > 0 ? RESULT.rateLimited : undefined;
  }

  private blame(peer: string, err: P2pError, what: string): void {
    if (err.code === 'oversize') this.penalise(peer, `oversize ${what}`, PENALTY.oversizeFrame);
    if (err.code === 'malformed') this.penalise(peer, `malformed ${what}: ${err.message}`, PENALTY.malformed);
  }
}

/** The responder's frames, stopped before their sum would pass the protocol's total (the requester asks again). */
async function* okFrames(frames: Frames, spec: ProtocolSpec): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const frame of frames) {
    total += frame.length;
    if (spec.maxResponseTotalBytes !== undefined && total > spec.maxResponseTotalBytes) return;
    yield frame;
  }
}

function refusal(frame: Uint8Array, received: number, what: string): P2pError {
  if (received > 0 || frame.length !== 1) return new P2pError('malformed', `a response frame with result ${frame[0]}`);
  if (frame[0] === RESULT.rateLimited) return new P2pError('rate-limited', `${what}: refused, rate limited`);
  if (frame[0] === RESULT.busy) return new P2pError('busy', `${what}: refused, too many requests at once`);
  return new P2pError('malformed', `unknown result ${frame[0]}`);
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
