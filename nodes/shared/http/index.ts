/**
 * The package's one HTTP core, shared by every node: sending (send.ts), retries and back-off
 * (retry.ts), errors (errors.ts), text helpers (text.ts) and the settings and input checks every
 * transport shares (parameters.ts). It knows nothing of Userlike's JSON API or webhooks.
 */
export * from './errors';
export * from './parameters';
export * from './retry';
export * from './send';
export * from './text';
