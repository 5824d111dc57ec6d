/** gradual's sticky routing headers (beyond Lambda), read by Invoke and the HTTP gateway alike. */
export const ROUTING_KEY_HEADER = 'x-gradual-routing-key';
/** Pins one version for SigV4-signed callers. */
export const PINNED_VERSION_HEADER = 'x-gradual-version';
