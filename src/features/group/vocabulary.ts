// Group types and tiers as people type them, in both languages (matched case-insensitively).
import type { GroupType, Tier } from '../../core/model.js';

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
