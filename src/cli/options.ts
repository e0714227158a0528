// The one way the CLI reads option values. Each parse* returns a commander-compatible parser, `(text) => value`:
// give it to `.option(flags, description, parser, default)` (commander does not run it on the default, so give
// the default as a value), or call it on a string. Every bad value fails the same way, a CliError worded
//   "<flag> must be <what is expected>, not '<what was given>'"
// e.g. "--blocks must be an integer in 1..1000000000, not 'abc'".
//
// Integers are decimal digits only (no sign, exponent, fraction or separators). Sizes are bytes: a plain integer,
// or one with a unit, decimal (B, kB, MB, GB, TB: powers of 1000) or binary (KiB, MiB, GiB, TiB: powers of 1024),
// e.g. 10kB, 512MiB, 2GiB; a size is a whole number of bytes. Durations are seconds: a plain decimal number, or one
// with a unit (ms, s, m, h), e.g. 500ms, 90s, 1.5m, 1h; the parser returns seconds. A threshold schedule is four
// integers, start,floor,decay,seconds.
import { isIP } from 'node:net';
import { thresholdFault, type ThresholdParams } from '../chain/governance/problem-spec.js';
import { parseAddress, type Address } from '../crypto/address.js';
import { fromHex } from '../codec/hex.js';
import { parseHostName } from '../node/api/host-check.js';
import { CliError } from './output.js';

export type OptionParser<T> = (text: string) => T;

export interface Bounds {
  /** Smallest value allowed (default 0). */
  min?: number;
  /** Largest value allowed (default: MAX_INTEGER for integers and sizes, no limit for numbers and durations). */
  max?: number;
}

/** The default upper bound of parseInteger: larger counts are typos, not requests. */
export const MAX_INTEGER = 1_000_000_000;

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};
const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** Shows what was given, cut short when long (a mistyped hash is 128 characters). */
function quote(text: string): string {
  return text.length <= 40 ? `'${text}'` : `'${text.slice(0, 32)}…' (${text.length} characters)`;
}

function fail(flag: string, expected: string, text: string): never {
  throw new CliError(`${flag} must be ${expected}, not ${quote(text)}`);
}

function range(min: number, max: number, unit = ''): string {
  if (max === Infinity) return `at least ${min}${unit}`;
  return min === max ? `${min}${unit}` : `in ${min}..${max}${unit}`;
}

/** A whole number in min..max. */
export function parseInteger(flag: string, { min = 0, max = MAX_INTEGER }: Bounds = {}): OptionParser<number> {
  return (text) => {
    const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) fail(flag, `an integer ${range(min, max)}`, text);
    return value;
  };
}

/** A whole number in 0..max, as a bigint (amounts of coin, up to 2^128 - 1). */
export function parseBigInteger(flag: string, max: bigint): OptionParser<bigint> {
  return (text) => {
    if (!/^[0-9]+$/.test(text) || BigInt(text) > max) fail(flag, `an integer in 0..${max}`, text);
    return BigInt(text);
  };
}

/** A TCP port, 0..65535 (0: any free port). */
export function parsePort(flag: string): OptionParser<number> {
  return (text) => {
    const value = /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(value <= 65535)) fail(flag, 'a port number in 0..65535', text);
    return value;
  };
}

/** A decimal number in min..max (default: 0 or more). */
export function parseNumber(flag: string, { min = 0, max = Infinity }: Bounds = {}): OptionParser<number> {
  return (text) => {
    const value = DECIMAL.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) fail(flag, `a number ${range(min, max)}`, text);
    return value;
  };
}

/** A size in bytes: 1048576, 10kB, 512MiB, 2GiB (see the units above), min..max bytes. */
export function parseSize(flag: string, { min = 0, max = Number.MAX_SAFE_INTEGER }: Bounds = {}): OptionParser<number> {
  return (text) => {
    const m = /^([0-9]+)(?:\.([0-9]+))?\s*([A-Za-z]*)$/.exec(text);
    const unit = m && (m[3] === '' ? 1 : SIZE_UNITS[m[3]]);
    let value = NaN;
    if (m && unit) {
      // Exactly, so that 1.1kB is 1100 bytes and 1.5B is refused rather than rounded.
      const fraction = m[2] ?? '';
      const scaled = BigInt(m[1] + fraction) * BigInt(unit);
      const scale = 10n ** BigInt(fraction.length);
      if (scaled % scale === 0n) value = Number(scaled / scale);
    }
    if (!(value >= min && value <= max)) {
      fail(flag, `a size (bytes, or e.g. 10kB, 512MiB, 2GiB) ${range(min, max, ' bytes')}`, text);
    }
    return value;
  };
}

/** A duration in seconds: 90, 90s, 500ms, 5m, 1.5h, min..max seconds. */
export function parseDuration(flag: string, { min = 0, max = Infinity }: Bounds = {}): OptionParser<number> {
  return (text) => {
    const m = /^([0-9.]+)\s*([a-z]*)$/.exec(text);
    const unit = m && DECIMAL.test(m[1]) && (m[2] === '' ? 1 : DURATION_UNITS[m[2]]);
    const value = m && unit ? Number(m[1]) * unit : NaN;
    if (!(value >= min && value <= max))
      fail(flag, `a duration (seconds, or e.g. 90s, 5m, 1h) ${range(min, max, ' s')}`, text);
    return value;
  };
}

/** Exactly `bytes` bytes as hex (2 * bytes digits, either case). */
export function parseHex(flag: string, bytes: number): OptionParser<Uint8Array> {
  return (text) => {
    if (!/^[0-9a-fA-F]*$/.test(text) || text.length !== 2 * bytes)
      fail(flag, `${2 * bytes} hex digits (${bytes} bytes)`, text);
    return fromHex(flag, text, bytes);
  };
}

/** An account address as wallets print it (cai…, with its checksum). */
export function parseAddressOption(flag: string): OptionParser<Address> {
  return (text) => {
    try {
      return parseAddress(text, flag);
    } catch (err) {
      const reason = (err as { reason?: string }).reason ?? (err as Error).message;
      throw new CliError(`${flag} must be an address (cai…), not ${quote(text)}: ${reason}`);
    }
  };
}

/** One of a fixed list of words. */
export function parseChoice<T extends string>(flag: string, allowed: readonly T[]): OptionParser<T> {
  return (text) => {
    if (!allowed.includes(text as T))
      fail(flag, allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`, text);
    return text as T;
  };
}

/** Comma-separated `key=value` pairs (keys: letters and digits, each at most once); values are left to the caller. */
export function parseKeyValues(flag: string): OptionParser<Record<string, string>> {
  return (text) => {
    const pairs = text.split(',').map((p) => /^([A-Za-z][A-Za-z0-9]*)=([^=]+)$/.exec(p.trim()));
    const keys = pairs.map((m) => m?.[1]);
    if (pairs.some((m) => m === null) || new Set(keys).size !== keys.length)
      fail(flag, 'key=value pairs, comma-separated, each key once', text);
    return Object.fromEntries(pairs.map((m) => [m![1], m![2]]));
  };
}

/** An address to listen on: an IPv4 or IPv6 literal (without brackets: ::1, 0.0.0.0) or a host name (localhost). */
export function parseListenHost(flag: string): OptionParser<string> {
  return (text) => {
    const name = isIP(text) === 0 && !text.startsWith('[') ? parseHostName(text) : undefined;
    if (isIP(text) === 0 && (name === undefined || name.port !== undefined))
      fail(flag, 'an IP address or a host name', text);
    return text;
  };
}

/** Comma-separated Host header names: `name`, `name:port`, `[ipv6]`, `[ipv6]:port`, or `*` (any). */
export function parseHostList(flag: string): OptionParser<string[]> {
  return (text) => {
    const entries = text.split(',').map((e) => e.trim());
    if (!entries.every((e) => e === '*' || parseHostName(e) !== undefined))
      fail(flag, 'host names (name or name:port, comma-separated, or *)', text);
    return entries;
  };
}

/** A fixed threshold schedule (docs/PROTOCOL.md 5.3) as `start,floor,decay,seconds`: basis points, the floor at
 * most the start, decaying by `decay` basis points every `seconds` (1..2^32 - 1) without a block. */
export function parseThresholdSchedule(flag: string): OptionParser<ThresholdParams> {
  return (text) => {
    const parts = text.split(',');
    const [startBp, floorBp, decayBp, decaySeconds] = parts.map((p) => (/^[0-9]{1,10}$/.test(p) ? Number(p) : NaN));
    const bp = (v: number) => v <= 10_000;
    if (parts.length !== 4 || ![startBp, floorBp, decayBp].every(bp) || !(decaySeconds <= 0xffff_ffff))
      fail(flag, 'start,floor,decay,seconds (basis points in 0..10000, seconds in 1..4294967295)', text);
    const schedule: ThresholdParams = { mode: 'fixed', startBp, floorBp, decayBp, decaySeconds };
    const fault = thresholdFault(schedule);
    if (fault) fail(flag, `a usable schedule (this one has ${fault})`, text);
    return schedule;
  };
}
