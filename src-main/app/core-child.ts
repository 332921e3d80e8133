// Forks the core (src-main/core/core-entry.ts, built as out/main/core.js) as an Electron utilityProcess.
import { utilityProcess } from 'electron';
import type { CoreChild } from './core-supervisor';
import { CORE_NODE_FLAGS } from '../node-flags';

export function forkCoreProcess(entryPath: string): CoreChild {
  const child = utilityProcess.fork(entryPath, [], { serviceName: 'NetSentinel core', stdio: 'inherit', execArgv: [...CORE_NODE_FLAGS] });
  return {
    pid: () => child.pid,
    post: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      child.on('exit', listener);
    },
    kill: () => {
      child.kill();
    },
  };
}
