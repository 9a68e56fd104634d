import { describe, expect, it } from 'vitest';
import { isEmailAddress, parseMailbox } from '../../src/core/email.js';

describe('e-mail addresses', () => {
  it.each(['ada@example.com', 'a.b+tag@sub.example.co', "o'hara@example.ie", 'charter@localhost', 'zoë@bücher.example'])('%s is an address', (a) => {
    expect(isEmailAddress(a)).toBe(true);
  });

  it.each([
    '',
    'ada',
    '@example.com',
    'ada@',
    'ada@@example.com',
    'a..b@example.com',
    '.ada@example.com',
    'ada@-example.com',
    'ada@example..com',
    'ada @example.com',
    'ada@example.com, bob@example.com',
    'ada@example.com\r\nBcc: spy@evil.test',
    '<ada@example.com>',
    '"ada"@example.com',
    `${'a'.repeat(65)}@example.com`,
  ])('%j is not', (a) => {
    expect(isEmailAddress(a)).toBe(false);
  });

  it('reads a sender with or without a display name', () => {
    expect(parseMailbox('charter@example.com')).toEqual({ name: '', address: 'charter@example.com' });
    expect(parseMailbox(' Charter Bot <charter@example.com> ')).toEqual({ name: 'Charter Bot', address: 'charter@example.com' });
    expect(parseMailbox('"Charter, the bot" <charter@example.com>')).toEqual({ name: 'Charter, the bot', address: 'charter@example.com' });
    for (const bad of ['Charter', 'Charter <>', 'a <b> <c@example.com>', 'Charter <charter@example.com>\nBcc: x@example.com', 'Char"ter <c@example.com>']) {
      expect(parseMailbox(bad)).toBeNull();
    }
  });
});
