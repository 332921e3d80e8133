import { describe, expect, it } from 'vitest';
import { unwrap, validateNoArgs, validateSettingsPatch } from './ipc-validate';

describe('validateSettingsPatch', () => {
  it('accepts each known key with a valid value', () => {
    expect(validateSettingsPatch({ intervalSec: 0.5 })).toEqual({ ok: true, value: { intervalSec: 0.5 } });
    expect(validateSettingsPatch({ intervalSec: 60 })).toEqual({ ok: true, value: { intervalSec: 60 } });
    expect(validateSettingsPatch({ notifications: false })).toEqual({ ok: true, value: { notifications: false } });
    expect(validateSettingsPatch({ homeNet: ['10.0.0.0/8', 'fd00::/8'] })).toEqual({ ok: true, value: { homeNet: ['10.0.0.0/8', 'fd00::/8'] } });
    expect(validateSettingsPatch({})).toEqual({ ok: true, value: {} });
  });

  it('trims and de-duplicates HOME_NET entries', () => {
    expect(validateSettingsPatch({ homeNet: [' 10.0.0.0/8', '10.0.0.0/8 '] })).toEqual({ ok: true, value: { homeNet: ['10.0.0.0/8'] } });
  });

  it.each([
    [{ intervalSec: 0.4 }, /between 0.5 and 60/],
    [{ intervalSec: 60.01 }, /between 0.5 and 60/],
    [{ intervalSec: '2' }, /must be a number/],
    [{ intervalSec: Number.NaN }, /must be a number/],
    [{ intervalSec: Number.POSITIVE_INFINITY }, /must be a number/],
    [{ notifications: 'yes' }, /true or false/],
    [{ notifications: 1 }, /true or false/],
    [{ homeNet: '10.0.0.0/8' }, /array/],
    [{ homeNet: [42] }, /strings/],
    [{ homeNet: ['10.0.0.1'] }, /not a CIDR/],
    [{ homeNet: ['10.0.0.0/8', 'evil; rm -rf'] }, /not a CIDR/],
    [{ homeNet: Array.from({ length: 257 }, () => '10.0.0.0/8') }, /at most 256/],
    [{ intervalSec: 2, extra: true }, /unknown setting.*"extra"/],
    [{ __proto__: null, hostname: 'x' }, /unknown setting/],
  ])('rejects %j', (patch, message) => {
    const result = validateSettingsPatch(patch);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it.each([null, undefined, 'intervalSec=2', 3, [], [{ intervalSec: 2 }], new Date(), new Map()])('rejects non-object %j', (patch) => {
    expect(validateSettingsPatch(patch)).toEqual({ ok: false, error: 'settings patch must be an object' });
  });

  it('rejects a value whose prototype is not a plain object', () => {
    class Sneaky { intervalSec = 2; }
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
    expect(() => unwrap(validateSettingsPatch(null), 'netsentinel:update-settings')).toThrow(/^netsentinel:update-settings: settings patch must be an object$/);
    expect(unwrap(validateSettingsPatch({ notifications: true }), 'c')).toEqual({ notifications: true });
  });
});
