// The connection gater: which connections libp2p may open or accept. A banned peer id is refused at the dial and as
// soon as the noise handshake reveals it; since peer ids are free, the addresses a banned peer came from are banned
// too, and refused before any handshake work. An address may hold only so many inbound connections at once.
// Loopback is exempt from address bans and the per-address limit unless told otherwise: a devnet and the tests run
// every node on 127.0.0.1, where one address is many honest peers.
import type { ConnectionGater, MultiaddrConnection, PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { BanList } from './bans.js';
import { clientKey, isLoopback } from './ip.js';

export interface GaterOptions {
  readonly peerBans: BanList;
  /** Banned addresses, by clientKey (an IPv6 address by its /64). */
  readonly addressBans: BanList;
  /** Established inbound connections from the address with this clientKey. */
  inboundFrom(key: string): number;
  /** Most inbound connections one address may hold at once. */
  readonly maxInboundPerAddress: number;
  /** Loopback addresses are never banned or limited. */
  readonly exemptLoopback: boolean;
}

/** The clientKey of a multiaddr's IP address; undefined when it has none (or it is exempt loopback). */
export function addressKey(ma: Multiaddr, exemptLoopback: boolean): string | undefined {
  let ip: string;
  try {
    ip = ma.nodeAddress().address;
  } catch {
    return undefined;
  }
  return exemptLoopback && isLoopback(ip) ? undefined : clientKey(ip);
}

export function connectionGater(o: GaterOptions): ConnectionGater {
  const banned = (peer: PeerId) => o.peerBans.isBanned(peer.toString());
  const key = (ma: Multiaddr) => addressKey(ma, o.exemptLoopback);
  return {
    denyDialPeer: banned,
    denyDialMultiaddr: (ma) => {
      const k = key(ma);
      return k !== undefined && o.addressBans.isBanned(k);
    },
    // Pending (not yet upgraded) connections are not counted here; libp2p bounds them (maxIncomingPendingConnections).
    denyInboundConnection: (conn: MultiaddrConnection) => {
      const k = key(conn.remoteAddr);
      return k !== undefined && (o.addressBans.isBanned(k) || o.inboundFrom(k) >= o.maxInboundPerAddress);
    },
    denyInboundEncryptedConnection: banned,
    denyOutboundEncryptedConnection: banned,
  };
}
