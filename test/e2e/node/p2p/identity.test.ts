import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PEER_KEY_FILE } from '../../../../src/node/p2p/identity.js';
import { startNetwork, stopAll, tempDir } from './nodes.js';

after(stopAll);

describe('peer identity', () => {
  test('survives a restart from the same data directory, and differs between directories', async () => {
    const dataDir = await tempDir();
    const first = await startNetwork({ dataDir });
    const id = first.peerId;
    await first.stop();
    const again = await startNetwork({ dataDir });
    assert.equal(again.peerId, id);
    assert.ok(again.addresses.every((a) => a.endsWith(`/p2p/${id}`)));
    const other = await startNetwork();
    assert.notEqual(other.peerId, id);
  });

  test('the key file is readable by its owner only', async () => {
    const dataDir = await tempDir();
    await startNetwork({ dataDir });
    assert.equal((await stat(join(dataDir, PEER_KEY_FILE))).mode & 0o777, 0o600);
  });
});
