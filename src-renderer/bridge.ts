import type { NetSentinelApi } from '../src-shared/api';

/** The preload's API, or undefined when the page was opened outside NetSentinel. */
export const api: NetSentinelApi | undefined = (window as Partial<Window>).netsentinel;
