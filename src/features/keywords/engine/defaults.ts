// The default ads/spam list (MSG-6), in Chinese and English, seeded into a new
// workspace's "ads/spam" list; administrators edit it like any other list.
//
// Patterns are matched on folded text (normalize.ts: lower case, NFKC, no zero-width
// characters, no separators between Chinese characters, Chinese numerals in digit
// runs as digits), so `加 微 信`, `加.微.信` and `ＷＯＲＫ from home` are caught
// without variants here. Regexes are written for that folded text (lower case,
// `:` rather than `：`).
//
// Choices: `日结` (daily pay) alone is a substring of ordinary words (`今日结束`,
// `每日结算`), so it is a regex for job ads (`兼职…日结`, `日结300`); `加v` is a regex
// with a word boundary so that `加vip` is not caught; `代开…发票` allows a few
// characters between (`代开增值税发票`).
import type { EntryKind } from './matcher.js';

export interface DefaultEntry {
  kind: EntryKind;
  pattern: string;
}

export const DEFAULT_SPAM_ENTRIES: readonly DefaultEntry[] = [
  // Chinese: contact bait, job scams, invoices, gambling, loans, giveaways.
  { kind: 'word', pattern: '加微信' },
  { kind: 'word', pattern: '加我微信' },
  { kind: 'word', pattern: '加薇信' },
  { kind: 'regex', pattern: '(?:加|\\+)\\s?(?:vx|wx|v|qq)\\b' },
  { kind: 'regex', pattern: '(?:qq|扣扣)群?\\s?:?\\s?\\d{5,11}' },
  { kind: 'word', pattern: '兼职刷单' },
  { kind: 'word', pattern: '刷单返利' },
  { kind: 'regex', pattern: '(?:兼职|临时工|招聘).{0,8}日结|日结\\s?\\d{2,}' },
  { kind: 'regex', pattern: '日[赚入]\\s?\\d{3,}' },
  { kind: 'regex', pattern: '代开.{0,6}发票' },
  { kind: 'word', pattern: '免费领取' },
  { kind: 'word', pattern: '点击领取' },
  { kind: 'word', pattern: '扫码领红包' },
  { kind: 'word', pattern: '博彩' },
  { kind: 'word', pattern: '网赌' },
  { kind: 'word', pattern: '六合彩' },
  { kind: 'word', pattern: '贷款秒批' },
  { kind: 'word', pattern: '无抵押贷款' },
  { kind: 'word', pattern: '稳赚不赔' },
  { kind: 'word', pattern: '高额返利' },
  { kind: 'word', pattern: '裸聊' },
  // English.
  { kind: 'whole', pattern: 'work from home' },
  { kind: 'whole', pattern: 'earn money fast' },
  { kind: 'whole', pattern: 'make money online' },
  { kind: 'whole', pattern: 'crypto giveaway' },
  { kind: 'regex', pattern: '\\bdouble your (?:bitcoin|btc|eth|crypto|money)\\b' },
  { kind: 'whole', pattern: 'click here to claim' },
  { kind: 'whole', pattern: 'claim your prize' },
  { kind: 'whole', pattern: 'free gift card' },
  { kind: 'whole', pattern: 'guaranteed profit' },
  { kind: 'whole', pattern: 'online casino' },
  { kind: 'whole', pattern: 'payday loan' },
];
