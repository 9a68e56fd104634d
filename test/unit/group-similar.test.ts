// GRP-4: how closely a requested group resembles existing ones, in Chinese and English.
import { describe, expect, it } from 'vitest';
import { NAME_THRESHOLD, PURPOSE_THRESHOLD, similarGroups, similarity } from '../../src/features/group/similar.js';

describe('GRP-4 similarity', () => {
  it('matches Chinese names that share their words (character bigrams), generic 群/组 aside', () => {
    for (const [a, b] of [
      ['市场部周报群', '市场周报'],
      ['客户投诉处理', '客户投诉跟进群'],
      ['数据平台项目群', '数据平台'],
      ['市场周报', '市场周报'],
    ]) expect(similarity(a!, b!), `${a} ~ ${b}`).toBeGreaterThanOrEqual(NAME_THRESHOLD);
  });
  it('matches English names whatever their case, punctuation and word endings (trigrams)', () => {
    for (const [a, b] of [
      ['Marketing Weekly Report', 'marketing-weekly'],
      ['Q3 Launch Plan', 'q3-launch-plan!'],
      ['Design reviews', 'design_review'],
      ['ship-v2', 'Ship V2 release'],
    ]) expect(similarity(a!, b!), `${a} ~ ${b}`).toBeGreaterThanOrEqual(NAME_THRESHOLD);
    expect(similarity('Weekly marketing report for the region', 'Regional marketing weekly reports')).toBeGreaterThanOrEqual(PURPOSE_THRESHOLD);
  });
  it('does not match groups that only share a generic word or nothing', () => {
    for (const [a, b] of [
      ['研发周报', '市场周报'],
      ['市场部', '研发部'],
      ['春节值班安排', '财务报销审批'],
      ['数据平台', '数据安全'],
      ['Sales Team', 'Engineering Team'],
      ['Payroll questions', 'Office move'],
      ['Coordinate the office move to Pudong', 'Plan the Q3 product launch'],
      ['', 'anything'],
    ]) expect(similarity(a!, b!), `${a} ≁ ${b}`).toBeLessThan(NAME_THRESHOLD);
  });
  it('lists the similar groups closest first, by name or by purpose', () => {
    const groups = [
      { name: 'research-weekly', purpose: 'Research updates' },
      { name: '市场部周报群', purpose: '市场部每周汇报' },
      { name: 'office-move', purpose: 'Coordinate the office move' },
      { name: 'launch', purpose: 'Marketing weekly report for the region' },
    ];
    expect(similarGroups({ name: '市场周报', purpose: '汇总市场数据' }, groups).map((s) => s.group.name)).toEqual(['市场部周报群']);
    expect(similarGroups({ name: 'regional-news', purpose: 'Regional marketing weekly reports' }, groups).map((s) => s.group.name)).toEqual(['launch']);
    expect(similarGroups({ name: 'Payroll', purpose: 'Salary questions' }, groups)).toEqual([]);
  });
});
