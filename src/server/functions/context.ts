import type { Account } from './names.js';

/** What a pure decision needs from the outside world, passed in so tests can fix it. */
export interface DecisionContext {
  account: Account;
  now: number;
  newRevisionId(): string;
}
