// The CLI's side of a running node's HTTP API (src/node/api): JSON over fetch, each failure one CliError line.
import type { Command } from 'commander';
import { DEFAULT_API_URL } from '../node/api/defaults.js';
import { CliError } from './output.js';

export const API_ENV = 'COINAI_API';

/** A model file is at most 64 MiB; a node that says nothing for this long is taken as gone. */
const TIMEOUT_MS = 120_000;

/** Adds --api: the node's API base URL, from COINAI_API or the default. */
export function withApiOption(cmd: Command): Command {
  return cmd.option('--api <url>', `the node's HTTP API (or ${API_ENV})`, process.env[API_ENV] ?? DEFAULT_API_URL);
}

export class ApiClient {
  private readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request(path)).json() as Promise<T>;
  }

  /** get, but undefined where the node answers 404 (an unknown id). */
  async find<T>(path: string): Promise<T | undefined> {
    const res = await this.request(path, {}, [404]);
    return res.status === 404 ? undefined : (res.json() as Promise<T>);
  }

  /** Sends `bytes` as the raw body (application/octet-stream). */
  async upload<T>(path: string, bytes: Uint8Array): Promise<T> {
    const init = { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes };
    return (await this.request(path, init)).json() as Promise<T>;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return (await this.request(path, init)).json() as Promise<T>;
  }

  async bytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request(path)).arrayBuffer());
  }

  /** `allowed`: statuses besides 2xx returned rather than thrown. */
  private async request(path: string, init: RequestInit = {}, allowed: readonly number[] = []): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new CliError(`cannot reach the node at ${this.base}: ${reason(err)}`);
    }
    if (!res.ok && !allowed.includes(res.status))
      throw new CliError(`the node at ${this.base} answered ${res.status}: ${await errorMessage(res)}`);
    return res;
  }
}

/** fetch hides the socket error (ECONNREFUSED …) in its cause. */
function reason(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    return String((JSON.parse(text) as { error: unknown }).error);
  } catch {
    return text.split('\n')[0] || res.statusText;
  }
}
