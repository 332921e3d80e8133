// The core process's side of the contract: answers main's requests with the SessionController and
// sends every batch and status change back, each as one message.
import type { CoreEvent, CoreEvents, CoreMethod, CoreRequests, CoreToMain, EnrichmentSummary, MainToCore } from '../../src-shared/core-protocol';
import { isMainToCore } from '../../src-shared/core-protocol';
import { serializedOnly } from '../../src-shared/report-budget';
import type { SessionController } from './session-controller';
import { errorMessage } from '../../src-shared/error-message';

/** One end of the channel to main (the utility process's parent port). */
export interface CorePort {
  post(message: CoreToMain): void;
  onMessage(listener: (data: unknown) => void): void;
}

type Handlers = { [M in CoreMethod]: (params: CoreRequests[M]['params']) => Promise<CoreRequests[M]['result']> };

export function serveCore(port: CorePort, controller: SessionController, pid: number, enrichmentStatus: () => Promise<EnrichmentSummary>): void {
  const handlers: Handlers = {
    start: ({ settings, journal }) => controller.start(settings, journal),
    stop: () => controller.stop(),
    getState: async () => controller.snapshotState(),
    getStatePage: async ({ id, index }) => controller.statePage(id, index),
    buildReport: async () => {
      const report = controller.buildReport();
      return report && serializedOnly(report);
    },
    restore: async ({ settings, seed, journal }) => ({ status: await controller.restore(settings, seed, journal), ...controller.restoredFrom() }),
    applySettings: ({ settings }) => controller.applySettings(settings),
    describeLists: ({ lists }) => controller.describeLists(lists),
    exportData: async ({ kind }) => controller.exportData(kind),
    enrichmentStatus: () => enrichmentStatus(),
  };
  const emit = <E extends CoreEvent>(event: E, payload: CoreEvents[E]): void => {
    port.post({ kind: 'event', event, payload } as CoreToMain);
  };
  controller.onBatch((batch) => emit('batch', batch));
  controller.onStatus((status) => emit('status', status));
  controller.onJournal((event) => emit('journal', event));

  const answer = async (request: MainToCore): Promise<void> => {
    const handler = handlers[request.method] as (params: unknown) => Promise<unknown>;
    try {
      port.post({ kind: 'response', id: request.id, ok: true, value: await handler(request.params) });
    } catch (error) {
      port.post({ kind: 'response', id: request.id, ok: false, error: errorMessage(error) });
    }
  };
  port.onMessage((data) => {
    if (isMainToCore(data)) void answer(data);
  });
  port.post({ kind: 'ready', pid });
}
