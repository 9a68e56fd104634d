// MSG-7: sensitive-data detectors. Test numbers are computed here (checksums, Luhn),
// never a real person's.
import { describe, expect, it } from 'vitest';
import { detectSensitive, redact, type Detector, type Finding } from '../../src/features/keywords/engine/dlp.js';
import { fold } from '../../src/features/keywords/engine/normalize.js';

const NOW = new Date('2026-01-15T12:00:00Z');
const detect = (text: string, only?: Detector[]) => detectSensitive(text, only === undefined ? undefined : new Set(only), { now: NOW });
/** [detector, original slice, confidence, redacted] of each finding. */
const seen = (text: string, only?: Detector[]) => detect(text, only).map((f) => [f.detector, text.slice(f.start, f.end), f.confidence, f.redacted]);

/** GB 11643 (ISO 7064 MOD 11-2), written independently of the engine. */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
/** A wrong check character for the same 17 digits. */
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
/** The prefix completed with the digit that makes it pass (or, with fail, not pass) Luhn. */
function luhn(prefix: string, fail = false): string {
  for (let d = 0; d < 10; d += 1) if (luhnValid(`${prefix}${d}`) !== fail) return `${prefix}${d}`;
  throw new Error('unreachable');
}

const ID = withCheck('11010519900307123'); // born 1990-03-07
/** An ID whose check character is X. */
const ID_X = (() => {
  for (let n = 100; n < 1000; n += 1) {
    const id = withCheck(`11010519851120${n}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X in range');
})();

describe('resident ID numbers', () => {
  it('finds a valid 18-character ID, redacted to the first and last four', () => {
    expect(seen(`身份证号：${ID}。`)).toEqual([['resident-id', ID, 0.95, `${ID.slice(0, 4)}**********${ID.slice(-4)}`]]);
    expect(detect(`id ${ID}`)[0]).toMatchObject({ start: 3, end: 21 });
  });

  it('accepts the check character X in either case', () => {
    expect(seen(ID_X)).toEqual([['resident-id', ID_X, 0.95, `${ID_X.slice(0, 4)}**********${ID_X.slice(14)}`]]);
    const lower = ID_X.toLowerCase();
    expect(seen(`no. ${lower}`)).toEqual([['resident-id', lower, 0.95, `${ID_X.slice(0, 4)}**********${ID_X.slice(14)}`]]);
  });

  it.each([
    ['a wrong check character', wrongCheck(ID)],
    ['an impossible date (1999-02-30)', withCheck('11010519990230123')],
    ['29 February of a year that is not leap (1900)', withCheck('11010519000229123')],
    ['a month 13', withCheck('11010519901301123')],
    ['a birth date in the future', withCheck('11010520260116123')],
    ['a year before 1900', withCheck('11010518991231123')],
    ['an area code starting with 0', withCheck('01010519900307123')],
  ])('refuses %s', (_name, id) => {
    expect(detect(id, ['resident-id'])).toEqual([]);
  });

  it('accepts 29 February of a leap year and today', () => {
    const leap = withCheck('11010520000229123');
    const today = withCheck('11010520260115123');
    expect(seen(`${leap} ${today}`, ['resident-id']).map((f) => f[1])).toEqual([leap, today]);
  });

  it('finds the 15-digit legacy form with a valid date, with lower confidence', () => {
    expect(seen('旧证 110105900307123', ['resident-id'])).toEqual([['resident-id', '110105900307123', 0.6, '1101*******7123']]);
    expect(detect('110105990230123', ['resident-id'])).toEqual([]);
    expect(detect('110105901307123', ['resident-id'])).toEqual([]);
  });

  it('finds an ID written 6-8-4, in full-width digits, or with characters inserted', () => {
    const spaced = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
    expect(seen(`ID ${spaced}`).map((f) => f.slice(0, 2))).toEqual([['resident-id', spaced]]);
    const wide = [...ID].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(seen(`号${wide}号`).map((f) => f.slice(0, 2))).toEqual([['resident-id', wide]]);
    const hidden = `${ID.slice(0, 9)}\u200b${ID.slice(9)}`;
    expect(seen(hidden).map((f) => f.slice(0, 2))).toEqual([['resident-id', hidden]]);
  });

  it('finds an ID written with dots between groups, or with every digit spaced out', () => {
    const dotted = ID.replace(/(\d{4})(?=\d)/g, '$1.');
    expect(seen(`ID ${dotted}.`).map((f) => f.slice(0, 2))).toEqual([['resident-id', dotted]]);
    const spaced = [...ID].join(' ');
    expect(seen(`身份证 ${spaced} 谢谢`).map((f) => f.slice(0, 2))).toEqual([['resident-id', spaced]]);
    const phone = [...'13812345678'].join(' ');
    expect(seen(`call ${phone}`).map((f) => f.slice(0, 2))).toEqual([['mobile', phone]]);
    // A version number or a date with dots is none of these.
    expect(detect('v1.2.3 on 2026.01.15 and 3.14')).toEqual([]);
    expect(detect([...wrongCheck(ID)].join(' '), ['resident-id'])).toEqual([]);
  });

  it('never finds an ID inside a longer run of digits', () => {
    expect(detect(`9${ID}`, ['resident-id'])).toEqual([]);
    expect(detect(`${ID}0`, ['resident-id'])).toEqual([]);
  });

  it('reports a valid ID as an ID only, not as a card or a phone number', () => {
    // 110113 199003071… holds the mobile-looking 13199003071.
    const id = withCheck('11011319900307123');
    expect(id.slice(4, 15)).toBe('13199003071');
    expect(seen(id).map((f) => f[0])).toEqual(['resident-id']);
    // An ID whose 18 digits also pass Luhn and start with 62.
    const cardLike = Array.from({ length: 900 }, (_, n) => withCheck(`62220519900307${n + 100}`)).find((x) => /^\d+$/.test(x) && luhnValid(x));
    expect(cardLike).toMatch(/^62\d{16}$/);
    expect(seen(cardLike!).map((f) => f[0])).toEqual(['resident-id']);
    const grouped = `${ID.slice(0, 4)} ${ID.slice(4, 8)} ${ID.slice(8, 12)} ${ID.slice(12, 16)} ${ID.slice(16)}`;
    expect(seen(grouped).map((f) => f.slice(0, 2))).toEqual([['resident-id', grouped]]);
  });
});

describe('bank card numbers', () => {
  const card16 = luhn('622202123456789');
  const card19 = luhn('622848001234567890');
  const visa = luhn('411111111111111');

  it('finds 16–19 digits that pass Luhn, redacted to the first and last four', () => {
    expect(seen(`卡号 ${card16}`)).toEqual([['bank-card', card16, 0.9, `6222 **** **** ${card16.slice(-4)}`]]);
    expect(seen(card19)).toEqual([['bank-card', card19, 0.9, `6228 **** **** ${card19.slice(-4)}`]]);
    expect(seen(`visa ${visa}`)).toEqual([['bank-card', visa, 0.9, `4111 **** **** ${visa.slice(-4)}`]]);
  });

  it('counts a UnionPay 62 prefix even when Luhn fails, with lower confidence', () => {
    const bad = luhn('622202123456789', true);
    expect(seen(bad)).toEqual([['bank-card', bad, 0.5, `6222 **** **** ${bad.slice(-4)}`]]);
  });

  it('ignores other numbers that fail Luhn, and placeholders', () => {
    expect(detect(luhn('411111111111111', true))).toEqual([]);
    expect(detect('0000000000000000')).toEqual([]);
    expect(detect(luhn('012345678901234'))).toEqual([]);
  });

  it('finds a card written in groups of four with spaces or dashes', () => {
    const spaced = card16.replace(/(\d{4})(?=\d)/g, '$1 ');
    const dashed = card19.replace(/(\d{4})(?=\d)/g, '$1-');
    expect(spaced).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(seen(`card: ${spaced}, ok`)).toEqual([['bank-card', spaced, 0.9, `6222 **** **** ${card16.slice(-4)}`]]);
    expect(seen(`${dashed}。`).map((f) => f.slice(0, 2))).toEqual([['bank-card', dashed]]);
  });

  it('never finds a card inside a longer run of digits', () => {
    expect(detect(`${card19}1`)).toEqual([]);
    expect(detect(`1${card19}`)).toEqual([]);
  });
});

describe('mobile numbers', () => {
  it.each([
    ['13812345678', '13812345678', 0.85, '138****5678'],
    ['电话13812345678。', '13812345678', 0.85, '138****5678'],
    ['call 19912345678 now', '19912345678', 0.85, '199****5678'],
    ['138 1234 5678', '138 1234 5678', 0.9, '138****5678'],
    ['138-1234-5678', '138-1234-5678', 0.9, '138****5678'],
    ['+86 138 1234 5678', '+86 138 1234 5678', 0.9, '138****5678'],
    ['+86-13812345678', '+86-13812345678', 0.9, '138****5678'],
    ['+8613812345678', '+8613812345678', 0.9, '138****5678'],
    ['0086 138-1234-5678', '0086 138-1234-5678', 0.9, '138****5678'],
    ['8613812345678', '8613812345678', 0.9, '138****5678'],
    ['１３８１２３４５６７８', '１３８１２３４５６７８', 0.85, '138****5678'],
    ['138\u200b1234\u200b5678', '138\u200b1234\u200b5678', 0.85, '138****5678'],
    ['微信一三八一二三四五六七八', '一三八一二三四五六七八', 0.85, '138****5678'],
    ['no. 138O0l23456', '138O0l23456', 0.85, '138****3456'],
  ])('finds %j', (text, typed, confidence, redacted) => {
    expect(seen(text)).toEqual([['mobile', typed, confidence, redacted]]);
  });

  it.each([
    ['12812345678', 'second digit 2'],
    ['1381234567', 'ten digits'],
    ['213812345678', 'inside a longer run (before)'],
    ['138123456789', 'inside a longer run (after)'],
    ['2013812345678901', 'inside a 16-digit order number'],
    ['13 8123 45678', 'grouped otherwise'],
  ])('ignores %j (%s)', (text) => {
    expect(detect(text, ['mobile'])).toEqual([]);
  });

  it('does not find the phone-looking digits inside a card number', () => {
    const card = luhn('621381234567890');
    expect(card.slice(2, 13)).toBe('13812345678');
    expect(seen(card).map((f) => f[0])).toEqual(['bank-card']);
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['mail Foo.Bar+tag@Mail.Example.co now', 'Foo.Bar+tag@Mail.Example.co', 'f***@mail.example.co'],
    ['邮箱：zhang_san@example.com。', 'zhang_san@example.com', 'z***@example.com'],
    ['(a@b.io)', 'a@b.io', 'a***@b.io'],
    ['ends with a dot: x.y@corp.example.org.', 'x.y@corp.example.org', 'x***@corp.example.org'],
  ])('finds %j', (text, typed, redacted) => {
    expect(seen(text)).toEqual([['email', typed, 0.9, redacted]]);
  });

  it.each(['a@b', '@example.com', 'x@.com', 'x@example.c', 'me @ example.com', 'x@exa..mple.com'])('ignores %j', (text) => {
    expect(detect(text)).toEqual([]);
  });

  it('reports a phone number used as a mailbox as the address only', () => {
    expect(seen('13812345678@qq.com')).toEqual([['email', '13812345678@qq.com', 0.9, '1***@qq.com']]);
  });
});

describe('salary', () => {
  it.each([
    ['月薪2.5万', '2.5万', 0.7],
    ['年薪 30w，很不错', '30w', 0.7],
    ['工资条：¥15,000.50', '¥15,000.50', 0.7],
    ['my salary is $120,000 a year', '$120,000', 0.7],
    ['payroll: 8000 RMB', '8000 rmb', 0.7],
    ['bonus 12k', '12k', 0.7],
    ['工资 8500', '8500', 0.5],
    ['15000 是他的工资', '15000', 0.5],
    ['工 资 8500', '8500', 0.5],
  ])('finds the amount in %j', (text, amount, confidence) => {
    const found = detect(text);
    expect(found.map((f) => [f.detector, fold(text.slice(f.start, f.end)).text, f.confidence, f.redacted])).toEqual([['salary', amount, confidence, '***']]);
  });

  it.each([
    ['工资5号发', 'a day, not an amount'],
    ['bonus round in 2024', 'a year'],
    ['工资 3 个月', 'a count'],
    ['年终奖评选共有 120 人参加', 'people'],
    ['工资的事情我们下次再谈，另外这个项目的总预算一共是 500000 元', 'too far from the word'],
    ['价格 8000 元', 'no salary word'],
  ])('ignores %j (%s)', (text) => {
    expect(detect(text, ['salary'])).toEqual([]);
  });

  it('does not take a phone number near a salary word for an amount', () => {
    expect(seen('工资问题打 13812345678').map((f) => f[0])).toEqual(['mobile']);
  });
});

describe('detectSensitive', () => {
  const card = luhn('622202123456789');
  const text = `张三 ${ID}，卡 ${card}，手机 +86 138-1234-5678，邮箱 zhang.san@example.com，月薪 2.5万`;

  it('reports every finding in order, in original offsets', () => {
    expect(seen(text).map((f) => f.slice(0, 2))).toEqual([
      ['resident-id', ID],
      ['bank-card', card],
      ['mobile', '+86 138-1234-5678'],
      ['email', 'zhang.san@example.com'],
      ['salary', '2.5万'],
    ]);
  });

  it('runs only the detectors asked for', () => {
    expect(detect(text, ['email', 'mobile']).map((f) => f.detector)).toEqual(['mobile', 'email']);
    expect(detect(text, [])).toEqual([]);
  });

  it('takes a folded text, and gives the same answer', () => {
    expect(detectSensitive(fold(text), undefined, { now: NOW })).toEqual(detect(text));
  });

  it('never puts a raw value, or its middle digits, in a finding', () => {
    const findings: Finding[] = detect(text);
    const serialised = JSON.stringify(findings);
    for (const secret of [ID, ID.slice(4, 14), card, card.slice(4, 12), '13812345678', '1234', 'zhang.san', '2.5万', '2.5']) {
      expect(serialised, secret).not.toContain(secret);
    }
    expect(findings.every((f) => Object.keys(f).sort().join() === 'confidence,detector,end,redacted,start')).toBe(true);
  });
});

describe('redact', () => {
  it.each([
    ['resident-id', '11010519900307123x', '1101**********123X'],
    ['resident-id', '110105900307123', '1101*******7123'],
    ['resident-id', '1234567', '*******'],
    ['bank-card', '6222 0212 3456 7890 128', '6222 **** **** 0128'],
    ['bank-card', '12345', '*****'],
    ['mobile', '138-1234-5678', '138****5678'],
    ['mobile', '+86 13812345678', '138****5678'],
    ['mobile', '1381', '****'],
    ['email', 'alice@example.com', 'a***@example.com'],
    ['email', '@example.com', '***'],
    ['salary', '¥15,000', '***'],
  ] as const)('%s %j → %j', (detector, raw, masked) => {
    expect(redact(detector, raw)).toBe(masked);
  });
});
