// Words of the command grammar in both languages. Matching is case-insensitive.
import { commandWord } from '../clean.js';
import type { GroupType, RoleName, Tier } from '../model.js';

export const GROUP_TYPE_WORDS: Record<string, GroupType> = {
  core: 'core',
  核心: 'core',
  核心群: 'core',
  常设: 'core',
  project: 'project',
  项目: 'project',
  项目群: 'project',
  task: 'task',
  任务: 'task',
  任务群: 'task',
  community: 'community',
  社区: 'community',
  社区群: 'community',
  announcement: 'announcement',
  公告: 'announcement',
  公告群: 'announcement',
  external: 'external',
  外部: 'external',
  外部群: 'external',
};

export const TIER_WORDS: Record<string, Tier> = {
  'core-team': 'core-team',
  核心团队: 'core-team',
  'partner-department': 'partner-department',
  协作部门: 'partner-department',
  external: 'external',
  外部伙伴: 'external',
};

export const ROLE_WORDS: Record<string, RoleName> = {
  owner: 'owner',
  群主: 'owner',
  moderator: 'moderator',
  mod: 'moderator',
  管理员: 'moderator',
  版主: 'moderator',
  'super-admin': 'super-admin',
  superadmin: 'super-admin',
  超级管理员: 'super-admin',
};

/** Case-insensitive, and full-width or compatibility forms (`ｊｏｉｎ`) match their plain forms. */
export function lookup<T>(table: Record<string, T>, word: string | undefined): T | undefined {
  if (word === undefined) return undefined;
  const key = commandWord(word);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
