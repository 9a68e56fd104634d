// Turns stored entities into the summaries card models carry.
import type { GroupSummary, PersonSummary } from './cards.js';
import { mention, type Mention } from './messages.js';
import { displayName, type Group, type Person } from './model.js';

export function mentionOf(person: Person): Mention {
  return mention(person.address, displayName(person));
}

export function personSummary(person: Person): PersonSummary {
  return {
    mention: mentionOf(person),
    displayName: person.displayName,
    realName: person.realName,
    title: person.title,
    department: person.department,
    employment: person.employment,
    isExternal: person.isExternal,
  };
}

export function groupSummary(group: Group): GroupSummary {
  return {
    name: group.name,
    type: group.type,
    tier: group.tier,
    purpose: group.purpose,
    expiresOn: group.expiresOn,
  };
}
