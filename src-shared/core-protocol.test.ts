import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, type EventPayloads } from './api';
import { isCoreToMain, isMainToCore, type CoreEventMessage, type CoreRequestMessage } from './core-protocol';
import { defaultSettings } from './settings';

describe('core protocol guards', () => {
  it('accept the messages of the contract', () => {
    expect(isMainToCore({ kind: 'request', id: 1, method: 'getState', params: {} })).toBe(true);
    expect(isCoreToMain({ kind: 'ready', pid: 42 })).toBe(true);
    expect(isCoreToMain({ kind: 'response', id: 1, ok: false, error: 'x' })).toBe(true);
    expect(isCoreToMain({ kind: 'event', event: 'status', payload: { state: 'idle', hostname: 'h' } })).toBe(true);
  });

  it.each([
    null,
    'ready',
    { kind: 'request', id: '1', method: 'start', params: {} },
    { kind: 'request', id: 1, method: 'exec', params: {} },
    { kind: 'request', id: 1, method: 'stop' },
    { kind: 'event', event: 'batches', payload: {} },
    { kind: 'response', id: 1 },
  ])('refuse %j', (message) => {
    expect(isMainToCore(message)).toBe(false);
    expect(isCoreToMain(message)).toBe(false);
  });
});

describe('channel names are checked at compile time', () => {
  it('maps every method, event and IPC channel to its payload type', () => {
    const request: CoreRequestMessage = { kind: 'request', id: 1, method: 'start', params: { settings: defaultSettings() } };
    // @ts-expect-error a misspelt method does not compile
    const misspelt: CoreRequestMessage = { kind: 'request', id: 2, method: 'strat', params: {} };
    // @ts-expect-error an event's payload must be its type (a batch is not a status)
    const wrongPayload: CoreEventMessage = { kind: 'event', event: 'status', payload: { seq: 1 } };
    // @ts-expect-error a misspelt renderer event channel has no payload type
    type Misspelt = EventPayloads['netsentinel:bacth'];
    const status: EventPayloads[typeof EVENT_CHANNELS.status] = { state: 'idle', hostname: 'h' };
    expect([request.method, misspelt.method, wrongPayload.event, status.state]).toEqual(['start', 'strat', 'status', 'idle']);
    expect(undefined as Misspelt | undefined).toBeUndefined();
  });
});
