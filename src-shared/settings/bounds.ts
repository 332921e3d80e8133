// Every bound of the settings, in one place. The CLI, the settings store, IPC and the UI all
// validate against these through the schema in ./schema.ts.

export const INTERVAL_SEC = { min: 0.5, max: 3600, default: 2 } as const;
export const HOME_NET_MAX_ENTRIES = 256;
export const SUPPRESSIONS_MAX = 1000;
export const LISTS_MAX = 32;
/** Auth logs followed besides /var/log/auth.log and /var/log/secure. */
export const AUTH_LOGS_MAX = 8;
export const JOURNAL_MAX_AGE_DAYS = { min: 1, max: 3650, default: 30 } as const;
export const JOURNAL_MAX_TOTAL_MB = { min: 1, max: 100_000, default: 500 } as const;

/** Longest accepted text per suppression field (hostile hosts choose process names and keys). */
export const TEXT_MAX = { key: 512, rule: 100, process: 4096, destination: 100, reason: 500, path: 4096, listName: 100 } as const;
