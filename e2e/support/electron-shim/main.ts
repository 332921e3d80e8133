// The 'electron' module as main's code sees it in the browser e2e suite (aliased at bundle time, see
// e2e/support/build-main-harness.ts). Only Electron's boundary is replaced: ipcMain is joined to the
// page's ipcRenderer through Playwright's exposeBinding, dialogs answer from the test, paths are temp
// folders, utilityProcess.fork starts a Node child. Everything behind these calls is main's real code.
import { EventEmitter } from 'node:events';
import type { Frame, Page } from 'playwright-core';
export { utilityProcess } from './utility-process';

type InvokeHandler = (event: ShimInvokeEvent, ...args: unknown[]) => unknown;
const handlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler): void {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
};

const paths = new Map<string, string>();
export const app = {
  name: 'NetSentinel',
  isPackaged: false,
  getPath(name: string): string {
    const path = paths.get(name);
    if (!path) throw new Error(`shim: no path set for app.getPath('${name}')`);
    return path;
  },
  setPath(name: string, path: string): void {
    paths.set(name, path);
  },
};

interface SaveDialogOptions {
  defaultPath?: string;
}
interface MessageBoxOptions {
  type?: string;
  message?: string;
  detail?: string;
  buttons?: string[];
}
interface OpenDialogOptions {
  title?: string;
}
/** What the dialogs were asked, for the tests; `openAnswers` are the files the open dialog picks next (none: cancelled). */
export const shownDialogs: { save: SaveDialogOptions[]; messages: MessageBoxOptions[]; open: OpenDialogOptions[]; openAnswers: string[] } = {
  save: [],
  messages: [],
  open: [],
  openAnswers: [],
};
const lastArgument = <T>(args: unknown[]): T => args.at(-1) as T;

export const dialog = {
  /** The user accepts the proposed file name in the proposed folder (app.getPath('documents')). */
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> {
    const options = lastArgument<SaveDialogOptions>(args);
    shownDialogs.save.push(options);
    return options.defaultPath ? { canceled: false, filePath: options.defaultPath } : { canceled: true };
  },
  /** The user picks the next file the test queued, or cancels when there is none. */
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    shownDialogs.open.push(lastArgument<OpenDialogOptions>(args));
    const next = shownDialogs.openAnswers.shift();
    return next === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [next] };
  },
  /** The user picks the last button (Close, for the export failure box). */
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = lastArgument<MessageBoxOptions>(args);
    shownDialogs.messages.push(options);
    return { response: Math.max(0, (options.buttons?.length ?? 1) - 1), checkboxChecked: false };
  },
};

/** No notification server in a headless test: main checks isSupported() first, as on such a desktop. */
export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return false;
  }
  show(): void {}
}

export const shell = {
  async openExternal(): Promise<void> {},
};

class ShimFrame {
  constructor(private readonly frame: Frame) {}
  get url(): string {
    return this.frame.url();
  }
}

class ShimWebContents {
  readonly mainFrame: ShimFrame;
  private delivery: Promise<unknown> = Promise.resolve();

  constructor(private readonly page: Page) {
    this.mainFrame = new ShimFrame(page.mainFrame());
  }

  isDestroyed(): boolean {
    return this.page.isClosed();
  }

  frameFor(frame: Frame): ShimFrame {
    return frame === this.page.mainFrame() ? this.mainFrame : new ShimFrame(frame);
  }

  /** In order, one page.evaluate per message, as webContents.send queues them; lost when the page is gone. */
  send(channel: string, payload: unknown): void {
    this.delivery = this.delivery
      .then(() =>
        this.page.evaluate(
          ([name, value]) => {
            const deliver = (globalThis as unknown as Record<string, ((c: string, p: unknown) => void) | undefined>)['__electronShimDeliver'];
            deliver?.(name, value);
          },
          [channel, payload] as const,
        ),
      )
      .catch(() => undefined);
  }

  /** Resolves when every message sent so far has reached the page. */
  flushed(): Promise<unknown> {
    return this.delivery;
  }
}

export class ShimWindow {
  readonly webContents: ShimWebContents;

  constructor(readonly page: Page) {
    this.webContents = new ShimWebContents(page);
  }

  isDestroyed(): boolean {
    return this.page.isClosed();
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

interface ShimInvokeEvent {
  sender: ShimWebContents;
  senderFrame: ShimFrame;
}

/** Joins the page's ipcRenderer.invoke to ipcMain's handlers; call before the page loads. */
export async function attachPage(page: Page): Promise<ShimWindow> {
  const win = new ShimWindow(page);
  await page.exposeBinding('__electronShimInvoke', async (source, channel: unknown, args: unknown) => {
    const handler = typeof channel === 'string' ? handlers.get(channel) : undefined;
    if (!handler || !Array.isArray(args)) throw new Error(`No handler registered for '${String(channel)}'`);
    const event: ShimInvokeEvent = { sender: win.webContents, senderFrame: win.webContents.frameFor(source.frame) };
    try {
      return await handler(event, ...(args as unknown[]));
    } catch (error) {
      // Electron's wording for a rejected invoke, as the renderer sees it.
      throw new Error(`Error invoking remote method '${channel as string}': ${String(error)}`);
    }
  });
  return win;
}
