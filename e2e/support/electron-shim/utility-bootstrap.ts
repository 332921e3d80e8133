// Runs in the Node child that stands in for an Electron utility process: gives the module
// process.parentPort (Electron's ParentPort: 'message' events carrying { data, ports }, postMessage),
// over Node's IPC channel, then imports it. Messages that arrive before a listener are queued, as
// Electron does. The child ends with its parent, as a utility process does.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

class ParentPort extends EventEmitter {
  private queue: unknown[] | undefined = [];

  constructor() {
    super();
    this.on('newListener', (event: string) => {
      if (event !== 'message' || !this.queue) return;
      const queued = this.queue;
      this.queue = undefined;
      queueMicrotask(() => {
        for (const data of queued) this.emit('message', { data, ports: [] });
      });
    });
    process.on('message', (data) => {
      if (this.queue) this.queue.push(data);
      else this.emit('message', { data, ports: [] });
    });
  }

  postMessage(message: unknown): void {
    process.send?.(message as never);
  }
}

const [modulePath, ...args] = process.argv.slice(2);
if (!modulePath) throw new Error('utility-bootstrap: no module path');
process.argv = [process.argv[0] ?? 'node', modulePath, ...args];
Object.defineProperty(process, 'parentPort', { value: new ParentPort(), enumerable: false });
process.on('disconnect', () => process.exit(0));
await import(pathToFileURL(modulePath).href);
