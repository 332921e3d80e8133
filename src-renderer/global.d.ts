import type { NetSentinelApi } from '../src-shared/api';

declare global {
  interface Window {
    /** Provided by the Electron preload (or the browser-test adapter); the renderer's only way to main. */
    netsentinel: NetSentinelApi;
  }
}

export {};
