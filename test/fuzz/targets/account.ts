import { decodeAccount, encodeAccount, type Account } from '../../../src/chain/account.js';
import { DecodeError } from '../../../src/codec/errors.js';
import type { Target } from '../harness.js';
import { seedAccounts } from './chain-seeds.js';

export const accountTarget: Target<Account> = {
  name: 'account',
  about: 'decodeAccount (src/chain/account.ts): account records in the chain store',
  seeds: () => seedAccounts().map(encodeAccount),
  decode: decodeAccount,
  isRejection: (err) => err instanceof DecodeError,
  encode: encodeAccount,
  maxInputBytes: 256,
};
