// Where a node keeps its chain, keys and config unless --datadir says otherwise.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_DATADIR = process.env.COINAI_DATADIR ?? join(homedir(), '.coinai');
