import { describe, expect, it } from 'vitest';
import { unwrap, validateNoArgs, validateSessionId, validateSettingsPatch } from './ipc-validate';

describe('validateSettingsPatch', () => {
  it('accepts each known key with a valid value', () => {
    expect(validateSettingsPatch({ intervalSec: 0.5 })).toEqual({ ok: true, value: { intervalSec: 0.5 } });
    expect(validateSettingsPatch({ intervalSec: 3600 })).toEqual({ ok: true, value: { intervalSec: 3600 } });
    expect(validateSettingsPatch({ notifications: false })).toEqual({ ok: true, value: { notifications: false } });
    expect(validateSettingsPatch({ homeNet: ['10.0.0.0/8', 'fd00::/8'] })).toEqual({ ok: true, value: { homeNet: ['10.0.0.0/8', 'fd00::/8'] } });
    expect(validateSettingsPatch({})).toEqual({ ok: true, value: {} });
  });

  it('trims and de-duplicates HOME_NET entries', () => {
    expect(validateSettingsPatch({ homeNet: [' 10.0.0.0/8', '10.0.0.0/8 '] })).toEqual({ ok: true, value: { homeNet: ['10.0.0.0/8'] } });
  });

  it.each([
    [{ intervalSec: 0.4 }, /^intervalSec: must be a number between 0.5 and 3600 seconds, got 0.4$/],
    [{ intervalSec: 3600.01 }, /^intervalSec: .*between 0.5 and 3600/],
    [{ intervalSec: '2' }, /^intervalSec: must be a number/],
    [{ intervalSec: Number.NaN }, /^intervalSec: must be a number/],
    [{ intervalSec: Number.POSITIVE_INFINITY }, /^intervalSec: must be a number/],
    [{ notifications: 'yes' }, /^notifications: must be true or false/],
    [{ notifications: 1 }, /^notifications: must be true or false/],
    [{ homeNet: '10.0.0.0/8' }, /^homeNet: must be a list of CIDRs/],
    [{ homeNet: [42] }, /^homeNet.0: must be a CIDR string/],
    [{ homeNet: ['10.0.0.1'] }, /^homeNet.0: must be a CIDR such as/],
    [{ homeNet: ['0.0.0.0/0'] }, /^homeNet.0: "0.0.0.0\/0" is refused: a prefix shorter than \/8/],
    [{ homeNet: ['10.0.0.0/8', '::/0'] }, /^homeNet.1: "::\/0" is refused: a prefix shorter than \/8/],
    [{ homeNet: ['10.0.0.0/8', 'evil; rm -rf'] }, /^homeNet.1: must be a CIDR/],
    [{ homeNet: Array.from({ length: 257 }, () => '10.0.0.0/8') }, /^homeNet: accepts at most 256 CIDRs/],
    [{ intervalSec: 2, extra: true }, /unknown setting "extra"/],
    [{ __proto__: null, hostname: 'x' }, /unknown setting/],
    [
      { rules: { 'network-scan': { thresholds: { inboundDistinctPorts: 1 } } } },
      /^rules.network-scan.thresholds.inboundDistinctPorts: must be a whole number between 2 and 65535, got 1$/,
    ],
    [{ rules: { 'no-such-rule': {} } }, /^rules.no-such-rule: unknown rule "no-such-rule"/],
  ])('rejects %j', (patch, message) => {
    const result = validateSettingsPatch(patch);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it.each([null, undefined, 'intervalSec=2', 3, [], [{ intervalSec: 2 }], new Date(), new Map()])('rejects non-object %j', (patch) => {
    expect(validateSettingsPatch(patch)).toEqual({ ok: false, error: expect.stringMatching(/^settings: must be a JSON object, got /) });
  });

  it('rejects a value whose prototype is not a plain object', () => {
    class Sneaky {
      intervalSec = 2;
    }
    expect(validateSettingsPatch(new Sneaky()).ok).toBe(false);
  });

  it('rejects the whole patch when one key is invalid', () => {
    expect(validateSettingsPatch({ intervalSec: 5, notifications: 'no' }).ok).toBe(false);
  });
});

describe('validateNoArgs and unwrap', () => {
  it('accepts an empty argument list only', () => {
    expect(validateNoArgs([]).ok).toBe(true);
    expect(validateNoArgs([undefined]).ok).toBe(false);
  });

  it('throws an Error naming the channel', () => {
    expect(() => unwrap(validateSettingsPatch(null), 'netsentinel:update-settings')).toThrow(
      /^netsentinel:update-settings: settings: must be a JSON object, got null$/,
    );
    expect(unwrap(validateSettingsPatch({ notifications: true }), 'c')).toEqual({ notifications: true });
  });
});

describe('validateSessionId', () => {
  it('accepts one journal file name, nothing that could name another file', () => {
    const id = '2026-11-29T20-01-02-123Z_web-1_4242.ndjson';
    expect(validateSessionId([id])).toEqual({ ok: true, value: id });
    for (const bad of ['../settings.json', `../${id}`, `/tmp/${id}`, `${id}/..`, id.replace('.ndjson', '.json'), 42, null, '']) {
      expect(validateSessionId([bad])).toEqual({ ok: false, error: 'not a session id' });
    }
    expect(validateSessionId([])).toEqual({ ok: false, error: 'expected one session id, got 0 arguments' });
    expect(validateSessionId([id, id]).ok).toBe(false);
  });
});
