// Role names as people type them, in both languages (matched case-insensitively).
import type { RoleName } from '../../core/model.js';

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
