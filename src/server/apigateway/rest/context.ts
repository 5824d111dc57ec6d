import type { Random } from '../../../common/random.js';
import type { Account } from '../../functions/names.js';

/** What a pure REST API decision needs from the outside world, passed in so tests can fix it. */
export interface RestApiContext {
  account: Account;
  /** Epoch milliseconds. */
  now: number;
  /** A fresh identifier: 10 lowercase alphanumerics, as API Gateway's. */
  newId(): string;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** API Gateway's identifier form (`a1b2c3d4e5`), drawn from `random`. */
export function newApiGatewayId(random: Random): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += ID_ALPHABET[Math.floor(random.next() * ID_ALPHABET.length)];
  return id;
}

export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
