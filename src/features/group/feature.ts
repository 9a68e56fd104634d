// GRP: governed groups. Registration (GRP-1), info and list, and following a
// channel's rename on the platform so `join #name` keeps working.
import { notYetReply } from '../../core/commands/notYet.js';
import { defineFeature } from '../../core/feature.js';
import { bySystem } from '../audit/entries.js';
import type { GroupCard } from './cards.js';
import { groupVerb, type GroupCommand } from './grammar.js';
import { GROUP_PERMISSIONS } from './permissions.js';
import { registerGroup } from './register.js';
import { groupInfo, groupList } from './show.js';

export const group = defineFeature<GroupCommand, unknown, GroupCard>({
  name: 'group',
  verbs: [groupVerb],
  commands: {
    'group.register': registerGroup,
    'group.info': groupInfo,
    'group.list': groupList,
    'group.notYet': notYetReply,
  },
  permissions: GROUP_PERMISSIONS,
  events: {
    channelRenamed: {
      order: 100,
      async handle(deps, { workspace, channelId, channelName }) {
        const renamed = await deps.store.groups.renameChannel(workspace.id, channelId, channelName);
        if (renamed === null) return;
        await deps.store.audit.append(
          bySystem(workspace.id, 'group.channel.rename', { targetType: 'group', targetId: renamed.id, groupId: renamed.id, details: { channelName } }),
          deps.clock.now(),
        );
      },
    },
  },
});
