// Banned peers and the connection gater that enforces bans: a banned peer's dials are refused and its inbound
// connections are dropped as soon as the encryption handshake reveals its id, until the ban expires.
import type { ConnectionGater, PeerId } from '@libp2p/interface';

export class BanList {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  ban(peer: string, ms: number): void {
    this.until.set(peer, this.now() + ms);
  }

  isBanned(peer: string): boolean {
    const until = this.until.get(peer);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(peer);
    return false;
  }
}

export function banGater(bans: BanList): ConnectionGater {
  const banned = (peer: PeerId) => bans.isBanned(peer.toString());
  return {
    denyDialPeer: banned,
    denyInboundEncryptedConnection: banned,
    denyOutboundEncryptedConnection: banned,
  };
}
