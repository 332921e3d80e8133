import { expect, it } from 'vitest';
import { errorMessage } from './error-message';

it('says an Error by its message and anything else thrown by its text', () => {
  expect(errorMessage(new TypeError('bad port'))).toBe('bad port');
  expect(errorMessage('plain string')).toBe('plain string');
  expect(errorMessage(42)).toBe('42');
  expect(errorMessage(undefined)).toBe('undefined');
});
