import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesEqual } from '../../../../src/codec/hex.js';
import { blockHash } from '../../../../src/chain/header.js';
import { ChainStore } from '../../../../src/node/db/chain-store.js';
import { genesisConfig } from '../../../helpers/chain/fixtures.js';

const CHILD = new URL('./crash-child.ts', import.meta.url).pathname;

/** Runs the importing child until it has opened the store, lets it import for a random moment, then SIGKILLs it. */
function runAndKill(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let killed = false;
    child.stdout.on('data', () => {
      if (killed) return;
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 150);
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited early (${_code})`)),
    );
  });
}

test('a process SIGKILLed while importing blocks, 20 times in a row, leaves a consistent database', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'coinai-crash-'));
  try {
    await (await ChainStore.create(dir, genesisConfig)).close();
    let lastHeight = 0;
    for (let run = 0; run < 20; run++) {
      await runAndKill(dir);
      // open() recomputes the stored state root and fails unless it equals the head's.
      const store = await ChainStore.open(dir, genesisConfig);
      const indexed = await store.blockAt(store.head.height);
      assert.ok(
        indexed && bytesEqual(blockHash(indexed.header), blockHash(store.head)),
        'height index points at the head',
      );
      assert.ok(store.head.height >= lastHeight, 'the head never moves back');
      lastHeight = store.head.height;
      await store.close();
    }
    assert.ok(lastHeight > 20, `blocks were imported between kills (head at ${lastHeight})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
