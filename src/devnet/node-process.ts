// A node run as a child process (`coinai node start --json`): started with its log in a file, ready once it has
// printed its addresses, stopped with SIGTERM (or killed outright, to test recovery).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface NodeAddresses {
  readonly peerId: string;
  readonly addresses: readonly string[];
  readonly api: string;
  readonly mining: boolean;
}

export interface NodeProcessOptions {
  /** How to run the CLI: node, its flags and the main script (e.g. process.execPath, --import tsx, main.ts). */
  readonly cli: readonly string[];
  /** Arguments after `node start`; --json and --log are added. */
  readonly args: readonly string[];
  /** The node's log (pino lines, and anything it writes to stderr). */
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for the node to print its addresses. */
  readonly readyTimeoutMs?: number;
}

export class NodeProcess {
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly addresses: NodeAddresses,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
  }

  static async start(o: NodeProcessOptions): Promise<NodeProcess> {
    mkdirSync(dirname(o.logFile), { recursive: true });
    const logFd = openSync(o.logFile, 'a');
    const [command, ...prefix] = o.cli;
    const child = spawn(command, [...prefix, 'node', 'start', ...o.args, '--json', '--log', o.logFile], {
      stdio: ['ignore', 'pipe', logFd],
      env: o.env ?? process.env,
    });
    closeSync(logFd);
    try {
      return new NodeProcess(child, await readyLine(child, o.readyTimeoutMs ?? 120_000), o.logFile);
    } catch (err) {
      child.kill('SIGKILL');
      const tail = readFileSync(o.logFile, 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`${(err as Error).message}; the end of ${o.logFile}:\n${tail}`);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM, then waits for the node to stop; resolves to its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL: the node gets no chance to clean up. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

function readyLine(child: ChildProcess, timeoutMs: number): Promise<NodeAddresses> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => fail(new Error(`the node printed no addresses within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onExit = (code: number | null) => fail(new Error(`the node exited (${code}) before it was ready`));
    function fail(err: Error): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      reject(err);
    }
    child.once('exit', onExit);
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      try {
        resolve(JSON.parse(line) as NodeAddresses);
      } catch {
        reject(new Error(`the node printed '${line}' instead of its addresses`));
      }
    });
  });
}
