// The layering rule (eslint-rules/layers.js) through eslint's API, on code placed at paths under src/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });

async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'coinai/layers').map((m) => m.message);
}

test('a core folder may not import node:fs, and the message names the layer rule', async () => {
  const got = await layerMessages(
    'src/consensus/x.ts',
    "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
  );
  assert.equal(got.length, 1);
  assert.match(
    got[0],
    /^layering: src\/consensus \(core layer: pure consensus code\) may not import node:fs \(move I\/O to src\/io/,
  );
});

test('core may not read the clock, Math.random or the Buffer and process globals', async () => {
  const code =
    'export const a = Date.now() + Math.random() + performance.now();\n' +
    'export const b = new Date();\nexport const c = Buffer.from([1]);\nexport const d = process.env;\n';
  const got = await layerMessages('src/chain/x.ts', code);
  assert.equal(got.length, 6, got.join('\n'));
});

test('an import against the layer order is refused; one along it passes', async () => {
  const up = await layerMessages('src/chain/x.ts', "export { parseProblem } from '../consensus/problem-json.js';\n");
  assert.match(up[0], /src\/chain .* may not import src\/consensus; it may import base, codec, crypto/);
  assert.deepEqual(await layerMessages('src/consensus/x.ts', "export { State } from '../chain/state.js';\n"), []);
  assert.deepEqual(
    await layerMessages('src/io/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"),
    [],
  );
});

test('a local variable named like a banned global is not the global', async () => {
  assert.deepEqual(
    await layerMessages('src/codec/x.ts', 'const Date = { now: () => 0 };\nexport const t = Date.now();\n'),
    [],
  );
});

test('the explorer runs in a browser: no Node module, node:crypto included, and no Buffer or process', async () => {
  const code =
    "import { readFile } from 'node:fs';\nimport { createHash } from 'crypto';\n" +
    'export const a = [readFile, createHash, Buffer.from([1]), process.env, Date.now()];\n';
  const got = await layerMessages('src/explorer/x.ts', code);
  assert.equal(got.length, 4, got.join('\n'));
  assert.match(got[0], /src\/explorer .* runs in a browser: it may not import node:fs/);
  assert.deepEqual(
    await layerMessages('src/explorer/x.ts', "export { threshold } from '../consensus/threshold.js';\n"),
    [],
  );
  const node = await layerMessages('src/explorer/x.ts', "export { startNode } from '../node/node.js';\n");
  assert.match(node[0], /may not import src\/node/);
});
