#!/usr/bin/env node
// The coinai command line: one file per command under ./commands, registered here.
import { Command } from 'commander';
import { loadWasmKernels } from '../io/wasm-files.js';
import { runMain } from './output.js';

loadWasmKernels();

const program = new Command('coinai')
  .description('Coin.AI full node, miner and wallet: proof of work that trains neural networks')
  .version('0.1.0')
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

// Each command module exports register(program). Keep this list sorted.
const modules: { register(program: Command): void }[] = await Promise.all([
  // commands:begin
  import('./commands/account.js'),
  import('./commands/arch.js'),
  import('./commands/block.js'),
  import('./commands/chain.js'),
  import('./commands/devnet.js'),
  import('./commands/eval.js'),
  import('./commands/export.js'),
  import('./commands/grammar.js'),
  import('./commands/init.js'),
  import('./commands/keeper.js'),
  import('./commands/model.js'),
  import('./commands/mine.js'),
  import('./commands/node.js'),
  import('./commands/predict.js'),
  import('./commands/propose.js'),
  import('./commands/proposals.js'),
  import('./commands/status.js'),
  import('./commands/storage.js'),
  import('./commands/support.js'),
  import('./commands/train.js'),
  import('./commands/tx.js'),
  import('./commands/wallet.js'),
  import('./commands/withdraw.js'),
  // commands:end
]);
for (const m of modules) m.register(program);

await runMain(program);
