// Structure-aware mutation of JSON inputs (chain configs, data-set manifests): byte mutations of JSON text are
// nearly always syntax errors, so most of these inputs parse and reach the field checks. One to four edits on the
// parsed value: replace a value with an interesting one (numbers JSON.stringify cannot write, such as -0, 1e400
// or 2^53+1, go in as raw text), delete, add or rename a key (also __proto__ and inherited names), duplicate a key
// in the text, move a value to another place, or nest deeply.
import type { Rng } from './mutate.js';

/** A JSON value written as this exact text. */
class Raw {
  constructor(readonly text: string) {}
}

type Value = null | boolean | number | string | Raw | Value[] | { [k: string]: Value };

const RAW_NUMBERS = [
  '-0',
  '0',
  '1',
  '-1',
  '2',
  '0.5',
  '1.0',
  '1e2',
  '1e400',
  '-1e400',
  '1e-400',
  '255',
  '256',
  '257',
  '9999',
  '10000',
  '10001',
  '65535',
  '65536',
  '4294967295',
  '4294967296',
  '67108864',
  '67108865',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '1e21',
  '123456789012345678901234567890',
];

const STRINGS = [
  '',
  '0',
  '00',
  '01',
  '-1',
  '1',
  '1.5',
  ' 1',
  '1e3',
  '340282366920938463463374607431768211455', // 2^128 - 1
  '340282366920938463463374607431768211456', // 2^128
  '9'.repeat(40),
  'ff',
  'FF'.repeat(32),
  '0'.repeat(63),
  '0'.repeat(64),
  '0'.repeat(65),
  'g'.repeat(64),
  'cai',
  'cai' + '0'.repeat(48),
  '../x',
  '/etc/passwd',
  'a\\..\\b',
  'x.bnf',
  '.bnf',
  'a/b.bnf',
  'toString',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'image',
  'flat',
  'fixed',
  'adaptive',
  'accuracy',
  'macro-f1',
  'default',
  '\u0000',
  '\ud800',
  'é'.repeat(200),
  'x'.repeat(300),
];

const KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'extra',
  '',
  'test',
  'checkpoints',
  'assumeValid',
];

function interesting(rng: Rng, seedStrings: readonly string[]): Value {
  switch (rng.below(9)) {
    case 0:
      return rng.pick([null, true, false]);
    case 1:
    case 2:
      return new Raw(rng.pick(RAW_NUMBERS));
    case 3:
    case 4:
      return rng.pick(STRINGS);
    case 5:
      return seedStrings.length > 0 ? rng.pick(seedStrings) : '';
    case 6:
      return rng.chance(0.5) ? [] : {};
    case 7:
      return [rng.pick(STRINGS), new Raw(rng.pick(RAW_NUMBERS))];
    default:
      return rng.u32() % 100000;
  }
}

/** Every container in `v` with the keys (or indices) it holds. */
function containers(v: Value, out: (Value[] | { [k: string]: Value })[] = []): (Value[] | { [k: string]: Value })[] {
  if (v !== null && typeof v === 'object' && !(v instanceof Raw)) {
    out.push(v);
    for (const c of Array.isArray(v) ? v : Object.values(v)) containers(c, out);
  }
  return out;
}

function strings(v: Value, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v !== null && typeof v === 'object' && !(v instanceof Raw))
    for (const c of Array.isArray(v) ? v : Object.values(v)) strings(c, out);
  return out;
}

function write(v: Value, indent: string | undefined, depth = 0, dupKey?: string): string {
  if (v instanceof Raw) return v.text;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const nl = indent === undefined ? '' : '\n' + indent.repeat(depth + 1);
  const end = indent === undefined ? '' : '\n' + indent.repeat(depth);
  const sep = indent === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => nl + write(x, indent, depth + 1, dupKey)).join(',') + end + ']';
  }
  const entries = Object.entries(v).map(([k, x]) => nl + JSON.stringify(k) + sep + write(x, indent, depth + 1, dupKey));
  // A duplicated key: JSON.parse keeps the last one.
  if (dupKey !== undefined && dupKey in v && Object.hasOwn(v, dupKey))
    entries.unshift(nl + JSON.stringify(dupKey) + sep + '0');
  return entries.length === 0 ? '{}' : '{' + entries.join(',') + end + '}';
}

/** One structure-aware mutation of a JSON text; undefined when `text` is not JSON. */
export function mutateJson(rng: Rng, text: string, maxBytes: number): string | undefined {
  try {
    return mutateParsed(rng, text, maxBytes);
  } catch (err) {
    // A value nested too deeply for this file's recursive walks: the caller mutates the bytes instead.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

function mutateParsed(rng: Rng, text: string, maxBytes: number): string | undefined {
  let root: Value;
  try {
    root = JSON.parse(text) as Value;
  } catch {
    return undefined;
  }
  const seedStrings = strings(root);
  let dupKey: string | undefined;
  const edits = 1 + rng.below(4);
  for (let k = 0; k < edits; k++) {
    const all = containers(root);
    if (all.length === 0) {
      root = rng.chance(0.5) ? interesting(rng, seedStrings) : { x: root };
      continue;
    }
    const c = rng.pick(all);
    const keys = Array.isArray(c) ? c.map((_, i) => String(i)) : Object.keys(c);
    const key = keys.length > 0 ? rng.pick(keys) : undefined;
    const set = (kk: string, v: Value) => {
      if (Array.isArray(c)) c[Number(kk)] = v;
      else Object.defineProperty(c, kk, { value: v, enumerable: true, writable: true, configurable: true });
    };
    switch (rng.below(8)) {
      case 0:
      case 1:
      case 2:
        if (key !== undefined) set(key, interesting(rng, seedStrings));
        break;
      case 3: // delete
        if (key !== undefined) {
          if (Array.isArray(c)) c.splice(Number(key), 1);
          else delete c[key];
        }
        break;
      case 4: // add a key or element
        if (Array.isArray(c)) c.push(interesting(rng, seedStrings));
        else set(rng.chance(0.5) ? rng.pick(KEYS) : rng.pick(seedStrings.concat(KEYS)), interesting(rng, seedStrings));
        break;
      case 5: // rename a key
        if (key !== undefined && !Array.isArray(c)) {
          const v = c[key];
          delete c[key];
          set(rng.pick(KEYS.concat(keys)) + (rng.chance(0.3) ? 'x' : ''), v);
        }
        break;
      case 6: {
        // move a value from elsewhere
        const from = rng.pick(all);
        const fromValues = Array.isArray(from) ? from : Object.values(from);
        if (key !== undefined && fromValues.length > 0) set(key, structuredClone(rng.pick(fromValues)));
        break;
      }
      default:
        if (key !== undefined && rng.chance(0.5)) dupKey = key;
        else if (key !== undefined) {
          let v: Value = c[key as never];
          const depth = 1 + rng.below(rng.chance(0.1) ? 1000 : 20);
          for (let d = 0; d < depth; d++) v = rng.chance(0.5) ? [v] : { [key]: v };
          set(key, v);
        }
    }
  }
  const out = write(root, rng.chance(0.5) ? undefined : '  ', 0, dupKey);
  return out.length > maxBytes ? out.slice(0, maxBytes) : out;
}
