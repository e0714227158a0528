// Local eslint plugin `coinai`: enforced layering of src/ (docs/ARCHITECTURE.md, "Layers").
//
// Every file under src/ belongs to one AREA: its top-level folder (src/chain, src/node, ...) or, inside src/ml,
// its sub-folder (src/ml/model, src/ml/train, ...; src/ml/wasm-module.ts is the area ml/wasm). A relative import
// from one area into another must be on the importing area's allow-list in LAYERS below. The lists only ever name
// areas listed before them, so the area graph is a DAG: folder import cycles are impossible by construction
// (checkLayers() below verifies that at load time).
//
// CORE areas (core: true) hold pure, deterministic code: consensus, codecs, the evaluator. They may not touch the
// disk, the network, threads, processes or the clock: no node:fs / net / worker_threads / child_process / os /
// path / url / module / readline / http(s) / dgram / zlib, no `Buffer` or `process` globals, no Date.now(),
// new Date(), Math.random() or performance.now(). node:crypto stays allowed (hashing, signatures). I/O goes to
// src/io (files, data sets, WebAssembly module bytes); worker pools go to the ml runtime areas.
//
// BROWSER areas (browser: true; src/explorer) are bundled for a web page: they may import no Node module at all
// (node:crypto included) and use neither `Buffer` nor `process`, but may read the clock.

/** @type {Record<string, { core: boolean, browser?: boolean, what: string, may: string[] }>} the one allow-list;
 * order = layer order */
export const LAYERS = {
  base: { core: true, what: 'shared base code', may: [] },
  codec: { core: true, what: 'byte and JSON codecs', may: ['base'] },
  crypto: { core: true, what: 'hashing, keys and addresses', may: ['base', 'codec'] },
  grammar: { core: true, what: 'the architecture grammar', may: ['base', 'codec', 'crypto'] },
  arch: { core: true, what: 'the architecture IR', may: ['base', 'codec', 'crypto', 'grammar'] },
  'ml/wasm': { core: true, what: 'WebAssembly module compilation', may: ['base'] },
  'ml/kernels': { core: true, what: 'the training kernels', may: ['base', 'ml/wasm'] },
  'ml/tensor': { core: true, what: 'tensors and seeded randomness', may: ['base', 'ml/kernels'] },
  'ml/layers': { core: true, what: 'trainable layers', may: ['base', 'arch', 'ml/kernels', 'ml/tensor'] },
  'ml/optim': { core: true, what: 'optimizers', may: ['base', 'ml/kernels', 'ml/tensor'] },
  'ml/model': { core: true, what: 'the model format', may: ['base', 'codec', 'crypto', 'arch', 'ml/tensor'] },
  'ml/data': { core: true, what: 'data set parsers', may: ['base', 'codec', 'crypto', 'arch'] },
  'ml/eval': {
    core: true,
    what: 'the consensus evaluator',
    may: ['base', 'codec', 'arch', 'ml/wasm', 'ml/model', 'ml/data'],
  },
  'ml/export': { core: true, what: 'ONNX export', may: ['base', 'codec', 'arch', 'ml/model'] },
  chain: { core: true, what: 'the ledger', may: ['base', 'codec', 'crypto'] },
  consensus: {
    core: true,
    what: 'pure consensus code',
    may: ['base', 'codec', 'crypto', 'grammar', 'arch', 'ml/model', 'ml/data', 'ml/eval', 'chain'],
  },
  explorer: {
    core: false,
    browser: true,
    what: 'the explorer web page (talks to the node over HTTP only)',
    may: ['base', 'codec', 'arch', 'ml/wasm', 'ml/model', 'ml/data', 'ml/eval', 'consensus'],
  },
  io: {
    core: false,
    what: 'file and data-set I/O',
    may: [
      'base',
      'codec',
      'crypto',
      'grammar',
      'arch',
      'ml/wasm',
      'ml/kernels',
      'ml/tensor',
      'ml/model',
      'ml/data',
      'ml/eval',
      'ml/export',
      'chain',
      'consensus',
    ],
  },
  'ml/train': {
    core: false,
    what: 'the training runtime (worker threads)',
    may: ['base', 'arch', 'ml/wasm', 'ml/kernels', 'ml/tensor', 'ml/layers', 'ml/optim', 'ml/model', 'ml/data', 'io'],
  },
  'ml/eval-pool': {
    core: false,
    what: 'the parallel evaluator (worker threads)',
    may: ['base', 'arch', 'ml/wasm', 'ml/model', 'ml/data', 'ml/eval', 'io'],
  },
  wallet: { core: false, what: 'the wallet', may: ['base', 'codec', 'crypto'] },
  node: {
    core: false,
    what: 'the node',
    may: [
      'base',
      'codec',
      'crypto',
      'grammar',
      'arch',
      'ml/wasm',
      'ml/kernels',
      'ml/tensor',
      'ml/layers',
      'ml/optim',
      'ml/model',
      'ml/data',
      'ml/eval',
      'ml/export',
      'chain',
      'consensus',
      'io',
      'ml/train',
      'ml/eval-pool',
      'wallet',
    ],
  },
  devnet: {
    core: false,
    what: 'the local dev network',
    may: ['base', 'codec', 'crypto', 'chain', 'consensus', 'io', 'wallet', 'node'],
  },
  cli: { core: false, what: 'the command line', may: ['*'] },
};

/** Modules core areas may not import (with or without the node: prefix). */
const BANNED_MODULES = new Set([
  'fs',
  'fs/promises',
  'net',
  'worker_threads',
  'child_process',
  'os',
  'path',
  'url',
  'module',
  'readline',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'zlib',
  'cluster',
  'process',
  'timers',
  'timers/promises',
]);
/** Globals core areas may not read. */
const BANNED_GLOBALS = {
  Buffer: 'use Uint8Array and the helpers in src/codec (hex.ts, utf8)',
  process: 'pass configuration in as values',
};
/** Calls core areas may not make: object.property. */
const BANNED_CALLS = {
  'Date.now': 'pass the time in as a value',
  'Math.random': 'use the seeded Random of src/ml/tensor/random.ts',
  'performance.now': 'measure time outside the core',
};

function checkLayers() {
  const seen = new Set();
  for (const [name, l] of Object.entries(LAYERS)) {
    for (const m of l.may)
      if (m !== '*' && !seen.has(m))
        throw new Error(`eslint-rules/layers.js: ${name} may import ${m}, which is not a lower layer`);
    seen.add(name);
  }
}
checkLayers();

const SRC = /(?:^|\/)src\/(.*)$/;

/** The area of a file path (absolute or relative), or undefined outside src/. */
export function areaOf(file) {
  const m = SRC.exec(file.replaceAll('\\', '/'));
  if (!m) return undefined;
  const parts = m[1].split('/');
  if (parts.length === 1) return '(root)';
  if (parts[0] !== 'ml') return parts[0];
  if (parts.length === 2) return /^wasm-module\.[jt]s$/.test(parts[1]) ? 'ml/wasm' : 'ml';
  return `ml/${parts[1]}`;
}

function resolveRelative(fromFile, spec) {
  const dir = fromFile.replaceAll('\\', '/').split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') dir.pop();
    else if (p !== '.') dir.push(p);
  }
  return dir.join('/');
}

const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'enforces the layering of src/ (eslint-rules/layers.js, LAYERS)' },
    schema: [],
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const area = areaOf(file);
    if (area === undefined) return {};
    const layer = LAYERS[area];
    const where = `src/${area}`;
    const report = (node, message) => context.report({ node, message: `layering: ${message}` });
    if (!layer) {
      return {
        Program(node) {
          report(node, `${file} is in ${where}, which is not a layer: add it to LAYERS in eslint-rules/layers.js`);
        },
      };
    }
    const title = `${where} (${layer.core ? 'core layer' : 'layer'}: ${layer.what})`;

    function checkSource(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = areaOf(resolveRelative(file, spec));
        if (target === undefined || target === area) return;
        if (layer.may.includes('*') || layer.may.includes(target)) return;
        const known = LAYERS[target] ? '' : ` (src/${target} is not a layer)`;
        report(
          node,
          `${title} may not import src/${target}${known}; it may import ${layer.may.join(', ') || 'nothing'} (see LAYERS in eslint-rules/layers.js)`,
        );
        return;
      }
      const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
      if (layer.browser && (spec.startsWith('node:') || BANNED_MODULES.has(bare) || bare === 'crypto')) {
        report(node, `${title} runs in a browser: it may not import ${spec}`);
        return;
      }
      if (!layer.core) return;
      if (BANNED_MODULES.has(bare)) {
        report(
          node,
          `${title} may not import ${spec} (move I/O to src/io, threads to the ml runtime, OS access to src/node)`,
        );
      }
    }

    const handlers = {
      ImportDeclaration: (node) => checkSource(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && checkSource(node.source, node.source.value),
      ExportAllDeclaration: (node) => checkSource(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && checkSource(node.source, node.source.value),
    };
    if (layer.browser) {
      return {
        ...handlers,
        'Program:exit'() {
          for (const ref of globalReferences())
            report(ref.identifier, `${title} runs in a browser: no ${ref.identifier.name} global`);
        },
      };
    }
    if (!layer.core) return handlers;

    return {
      ...handlers,
      MemberExpression(node) {
        if (node.object.type !== 'Identifier' || node.computed || node.property.type !== 'Identifier') return;
        const key = `${node.object.name}.${node.property.name}`;
        if (key in BANNED_CALLS && isGlobal(node.object))
          report(node, `${title} may not read ${key}() (${BANNED_CALLS[key]})`);
      },
      NewExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'Date' && isGlobal(node.callee)) {
          report(node, `${title} may not read the clock with new Date() (pass the time in as a value)`);
        }
      },
      'Program:exit'() {
        for (const ref of globalReferences()) {
          const name = ref.identifier.name;
          report(ref.identifier, `${title} may not use the ${name} global (${BANNED_GLOBALS[name]})`);
        }
      },
    };

    /** References to the BANNED_GLOBALS, whether eslint's config declares them (global.set) or not (through). */
    function globalReferences() {
      const global = context.sourceCode.scopeManager.globalScope;
      const refs = [...global.through];
      for (const name of Object.keys(BANNED_GLOBALS)) refs.push(...(global.set.get(name)?.references ?? []));
      const seen = new Set();
      return refs.filter((ref) => {
        if (!(ref.identifier.name in BANNED_GLOBALS) || seen.has(ref.identifier)) return false;
        seen.add(ref.identifier);
        return true;
      });
    }

    function isGlobal(id) {
      let scope = context.sourceCode.getScope(id);
      while (scope) {
        const v = scope.set.get(id.name);
        if (v && v.defs.length > 0) return false;
        scope = scope.upper;
      }
      return true;
    }
  },
};

export default { meta: { name: 'coinai' }, rules: { layers: layerRule } };
