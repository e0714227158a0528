// The keeper service (`coinai node start --keeper`, docs/NETWORK.md "Keepers"): registers the node's keeper account
// if it has no record (a keeper-register transaction through its own mempool, with its libp2p peer id and bond),
// then on every new head: fetches the objects newly assigned to it by root from whoever holds them (keepers first,
// every chunk checked against the root), stores them (models beside the chain's, data-set files in the data
// store), answers each open challenge of its replicas with a storage-proof transaction once the head is
// proofDelay - 1 blocks past the challenge block, built from its stored copy without re-verifying it (tampering on
// disk is what the chain catches), drops the objects no longer assigned (the model cache may still keep them), and
// warns when an object it knows falls below its replication in live replicas. Heads are handled one at a time: a
// head that comes while one is handled is taken up once it is done (only the latest counts).
// Each head scans the object list (list 1): O(objects), as the chain's own end-of-block maintenance.
import type { Logger } from 'pino';
import { toHex } from '../../codec/hex.js';
import { addressFromPublicKey, type Address } from '../../crypto/address.js';
import type { State } from '../../chain/state.js';
import type { BlockHeader } from '../../chain/header.js';
import type { Transaction, UnsignedTransaction } from '../../chain/transaction.js';
import { signTransaction } from '../../chain/tx-signing.js';
import type { ChainManager } from '../chain/chain-manager.js';
import type { NodeCounters } from '../api/counters.js';
import type { Mempool } from '../mempool/mempool.js';
import { MempoolError } from '../mempool/errors.js';
import type { ModelFetcher } from '../models/model-fetch.js';
import type { ModelStore } from '../models/model-store.js';
import type { Network } from '../p2p/network.js';
import type { KeeperOptions } from './options.js';
import { peerIdBytes } from './peer-id.js';
import { buildStorageProof } from './proof.js';
import { objectSources } from './sources.js';
