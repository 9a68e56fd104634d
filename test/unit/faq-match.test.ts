// MSG-10's matcher: questions in English and Chinese that must find their entry
// (and be answered without being asked), and ones that must leave Charter quiet.
import { describe, expect, it } from 'vitest';
import { confident, FaqIndex, looksLikeQuestion, stem, terms, THRESHOLDS } from '../../src/features/faq/match.js';

const ENTRIES = [
  'How do I reset my VPN password?',
  'What is the Wi-Fi password for guests?',
  'How do I submit an expense claim?',
  'Where is the office parking?',
  '怎么申请年假？',
  '报销流程是什么？',
  '公司WiFi密码是多少？',
].map((question, id) => ({ id, question }));
const index = new FaqIndex(ENTRIES);
const answered = (q: string) => confident(index.rank(q))?.entry.id ?? null;

describe('FAQ matching', () => {
  it.each([
    ['I forgot my VPN password, how can I reset it?', 0],
    ['Hi team, quick question: how do I reset my VPN password? Thanks!', 0],
    ["What's the guest wifi password?", 1],
    ['Where do guests find the wifi password?', 1],
    ['How can I claim expenses?', 2],
    ['<@U0BOB> do you know where the office parking is?', 3],
    ['年假怎么申请？', 4],
    ['请问报销的流程是什么', 5],
    ['出差报销的流程是怎样的？', 5],
    ['公司的WiFi密码是多少？', 6],
  ])('answers %j with entry %i', (question, id) => {
    expect(answered(question)).toBe(id);
  });

  it.each([
    'Is the VPN down for everyone?',
    'What time is the all-hands meeting?',
    'Can someone review my PR?',
    'Password policy for new laptops?',
    'expense?',
    '年会在哪里举行？',
    '这个bug怎么修？',
    '明天开会吗？',
    '年假有几天？',
    '怎么重置VPN密码？',
  ])('stays quiet for %j', (question) => {
    expect(answered(question)).toBeNull();
  });

  it('answers `faq ask` more readily, and names close entries otherwise', () => {
    expect(index.rank('年假要怎么请？')[0]).toMatchObject({ entry: { id: 4 } });
    expect(index.rank('年假要怎么请？')[0]!.score).toBeGreaterThanOrEqual(THRESHOLDS.ask);
    expect(index.rank('expense?')[0]!.score).toBeGreaterThanOrEqual(THRESHOLDS.ask);
    const vpnDown = index.rank('Is the VPN down?')[0]!;
    expect(vpnDown.entry.id).toBe(0);
    expect(vpnDown.score).toBeLessThan(THRESHOLDS.ask);
    expect(vpnDown.score).toBeGreaterThanOrEqual(THRESHOLDS.close);
    expect(index.rank('!!!')).toEqual([]);
  });

  it('stays quiet when two entries are as good', () => {
    const twins = new FaqIndex([{ question: 'How do I book a meeting room?' }, { question: 'How can I book the meeting room?' }]);
    expect(twins.rank('how do I book a meeting room?')[0]!.score).toBeGreaterThan(THRESHOLDS.auto);
    expect(confident(twins.rank('how do I book a meeting room?'))).toBeNull();
  });

  it('stems lightly and cuts Chinese into bigrams and characters without question words', () => {
    expect(['resetting', 'passwords', 'policies', 'parking', 'claimed', 'expenses', 'access', 'vpn'].map(stem)).toEqual(['reset', 'password', 'policy', 'park', 'claim', 'expens', 'access', 'vpn']);
    expect([...terms('怎么申请年假？').keys()]).toEqual(['申', '申请', '请年', '年', '年假', '假']);
    expect([...terms('How do I reset my Wi-Fi password at <https://it.example|the IT portal>?').keys()]).toEqual(['reset', 'wifi', 'password', 'portal']);
  });

  it('knows a question when it sees one', () => {
    for (const q of ['How do I reset my VPN password', 'vpn down?', 'Is it down？', 'hey all, where is the doc', '<@U1> who owns billing', '年假怎么申请', '有人知道打印机在哪吗', '报销流程是什么？']) {
      expect(looksLikeQuestion(q), q).toBe(true);
    }
    for (const q of ['Deploy finished.', '明天上午十点开会。', 'Thanks all!', '[Notice] office closed Friday', '', 'Please review the doc']) {
      expect(looksLikeQuestion(q), q).toBe(false);
    }
  });
});
