// Every NetSentinelApi method name, checked against the interface at compile time.
import { INVOKE_CHANNELS, type NetSentinelApi } from '../../src-shared/api';

export const SUBSCRIPTION_METHODS = ['onBatch', 'onStatus'] as const satisfies readonly (keyof NetSentinelApi)[];
export const API_METHODS = [...(Object.keys(INVOKE_CHANNELS) as (keyof typeof INVOKE_CHANNELS)[]), ...SUBSCRIPTION_METHODS].sort();

type Listed = keyof typeof INVOKE_CHANNELS | (typeof SUBSCRIPTION_METHODS)[number];
// Fails to compile when the interface gains a method this list (or INVOKE_CHANNELS) does not name, or the reverse.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const listsEveryMethod: Exact<Listed, keyof NetSentinelApi> = true;
void listsEveryMethod;
