// MSG-2: a tag's template as a form (a Slack modal; a Teams dialog), checked on
// the server whatever the client enforced — a missing or malformed field comes
// back beside that field — then posted into the group as one well-formed message:
// the tag, every field, the author, the owner mentioned. A form may be sent later
// (NOTE-2); one sent outside the group's quiet hours (MSG-4) without an urgent tag
// is offered the next allowed time instead. Who may post is the group's policy's
// (announcement groups: admins; notices in core groups: admins).
import { randomUUID } from 'node:crypto';
import { localeOf, resolveMentioned } from '../../core/actor.js';
import type { FormField, FormModel } from '../../core/cards.js';
import { invalidInput, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { date, text, type Text, localized } from '../../core/messages.js';
import type { Actor, Group, Person, Workspace } from '../../core/model.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { loadPolicy, type Policy } from '../../core/settings.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import { isAdminPerson } from '../rules/admins.js';
import { postingRefusal } from '../rules/evaluate.js';
import { localOf, zonedInstant } from '../../core/zones.js';
import { isAllowed, nextAllowed } from '../rules/quiet.js';
import { QUIET, quietHoursOf, zoneOf } from '../rules/settings.js';
import type { Tag, TemplateField } from './catalog.js';
import type { PostMessageCard } from './cards.js';
import { catalogOf, type PostDeps } from './tags.js';

export const SEND_JOB = 'post.send';
const TEXT_MAX = { text: 200, multiline: 2000 } as const;
/** How far ahead a post may be scheduled. */
const MAX_AHEAD_MS = 366 * 86_400_000;
/** The optional fields every form ends with: when to send it. */
const SEND_DATE = 'send_date';
const SEND_TIME = 'send_time';

export interface FormPayload {
  groupId: string;
  tag: string;
  /** A suggested send time (ISO), e.g. the next allowed time after quiet hours. */
  sendAt?: string;
  /** One opened form: submitting it twice (a double click, a resent request) posts once. */
  formId?: string;
}

function labelOf(tag: Tag, field: string): Text {
  return text(tag.builtIn ? `post.fields.${tag.key}.${field}` : `post.fields.custom.${field}`);
}

function formField(tag: Tag, f: TemplateField, value: string | undefined, error: Text | undefined): FormField {
  return {
    id: f.id,
    label: labelOf(tag, f.id),
    kind: f.kind === 'multiline' ? 'text' : f.kind,
    multiline: f.kind === 'multiline',
    required: f.required,
    maxLength: f.kind === 'multiline' ? TEXT_MAX.multiline : TEXT_MAX.text,
    ...(value !== undefined && value !== '' ? { value } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

export type PeopleOptions = { value: string; label: string }[];

export function formFor(tag: Tag, group: Group, timezone: string, people: PeopleOptions, formId: string, values: Record<string, string> = {}, errors: Record<string, Text> = {}): FormModel {
  const fields: FormField[] = tag.fields.map((f) => ({ ...formField(tag, f, values[f.id], errors[f.id]), ...(f.kind === 'user' ? { options: people } : {}), ...(f.kind === 'time' ? { timezone } : {}) }));
  fields.push(
    { id: SEND_DATE, label: text('post.form.sendDate', { zone: timezone }), kind: 'date', multiline: false, required: false, maxLength: 10, ...(values[SEND_DATE] ? { value: values[SEND_DATE] } : {}), ...(errors[SEND_DATE] ? { error: errors[SEND_DATE] } : {}) },
    { id: SEND_TIME, label: text('post.form.sendTime', { zone: timezone }), kind: 'time', timezone, multiline: false, required: false, maxLength: 5, ...(values[SEND_TIME] ? { value: values[SEND_TIME] } : {}), ...(errors[SEND_TIME] ? { error: errors[SEND_TIME] } : {}) },
  );
  const payload = { groupId: group.id, tag: tag.key };
  return {
    action: { id: 'post.submit', payload: { ...payload, formId }, label: text('post.form.submit') },
    open: { id: 'post.open', payload, label: text('common.openForm'), dialog: true },
    title: text('post.form.title', { tag: text('post.form.tagName', { name: localized(tag.names) }) }),
    intro: text('post.form.intro', { group: group.name, zone: timezone }),
    fields,
  };
}

async function groupFor(deps: PostDeps, actor: Actor, groupId: string): Promise<Group> {
  const group = /^[0-9a-f-]{36}$/i.test(groupId) ? await deps.store.groups.get(groupId) : null;
  if (group === null || group.workspaceId !== actor.workspace.id || group.status !== 'active') notFound(text('post.unknownGroup'));
  return group;
}

async function tagFor(deps: PostDeps, actor: Actor, key: string): Promise<Tag> {
  const tag = (await catalogOf(deps, actor.workspace.id)).find(key);
  if (tag === undefined) notFound(text('post.unknownTag', { tag: key }));
  return tag;
}

/** People a person field offers: the author and the group's admins (the platform's directory besides). */
async function peopleFor(deps: PostDeps, actor: Actor, group: Group): Promise<PeopleOptions> {
  const grants = await deps.store.roles.listForGroup(group.id);
  const people = [actor.person, ...(await deps.store.people.getMany(grants.map((g) => g.personId)))];
  const seen = new Set<string>();
  return people.flatMap((p) => (seen.has(p.address) ? [] : (seen.add(p.address), [{ value: p.address, label: p.realName ?? p.displayName }])));
}

/** Posting policy: announcement groups (admins only), notice-class tags where notices come from admins, members only. */
async function mayPost(deps: PostDeps, workspace: Workspace, person: Person, group: Group, tag: Tag, policy: Policy): Promise<void> {
  const refusal = postingRefusal(tag.class, policy, await isAdminPerson(deps, person, group));
  if (refusal === 'posting') notAllowed(text('post.adminsOnly', { group: group.name }));
  if (refusal === 'class') notAllowed(text('post.noticesByAdmins', { group: group.name }));
  if (person.employment === 'inactive') notAllowed(text('post.inactive'));
  if ((await deps.membership.isMember(workspace, group, person)) === false) notAllowed(text('post.notMember', { group: group.name }));
}

/** `post <tag>` in a group: the form, privately. */
export async function openFromCommand(deps: PostDeps, { actor, conversation }: CommandContext, tagWord: string | null): Promise<Reply> {
  if (tagWord === null) invalidInput(text('post.whichTag'));
  if (conversation.kind === 'direct') invalidInput(text('post.inGroup'));
  const group = await deps.store.groups.findActiveByChannel(actor.workspace.id, conversation.id);
  if (group === null) notFound(text('group.notRegistered'));
  const tag = await tagFor(deps, actor, tagWord);
  const policy = await loadPolicy(deps, actor.workspace.id, group);
  await mayPost(deps, actor.workspace, actor.person, group, tag, policy);
  return { kind: 'form', form: formFor(tag, group, zoneOf(policy, actor.person), await peopleFor(deps, actor, group), randomUUID()) };
}

/** The form from a button (the tag list, a reminder). */
export async function openFromButton(deps: PostDeps, actor: Actor, payload: FormPayload): Promise<ActionResult> {
  const group = await groupFor(deps, actor, payload.groupId);
  const tag = await tagFor(deps, actor, payload.tag);
  const policy = await loadPolicy(deps, actor.workspace.id, group);
  await mayPost(deps, actor.workspace, actor.person, group, tag, policy);
  const timezone = zoneOf(policy, actor.person);
  const values: Record<string, string> = {};
  const suggested = payload.sendAt === undefined ? NaN : new Date(payload.sendAt).getTime();
  if (Number.isFinite(suggested) && suggested > deps.clock.now().getTime()) {
    const local = localOf(new Date(suggested), timezone);
    values[SEND_DATE] = local.date;
    values[SEND_TIME] = `${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`;
  }
  return { kind: 'form', form: formFor(tag, group, timezone, await peopleFor(deps, actor, group), randomUUID(), values), card: null };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function realDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return DATE.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

interface Checked {
  values: Record<string, string>;
  errors: Record<string, Text>;
  people: Map<string, Person>;
}

/**
 * The person a person field names: a platform address (a Slack user id, a Teams
 * `29:` id from the offered choices) or, from Teams' people picker, an Entra object id.
 */
async function personPicked(deps: PostDeps, actor: Actor, id: string): Promise<Person | null> {
  if (id.length > 200) return null;
  const [seen] = await deps.store.people.findByPlatformUserIds(actor.workspace.id, [id.toLowerCase()]);
  return seen ?? resolveMentioned(deps, actor.workspace, id, null);
}

/** Server-side checks of every field, whatever the client enforced. */
async function check(deps: PostDeps, actor: Actor, tag: Tag, inputs: Readonly<Record<string, string>>): Promise<Checked> {
  const values: Record<string, string> = {};
  const errors: Record<string, Text> = {};
  const people = new Map<string, Person>();
  for (const f of [...tag.fields, { id: SEND_DATE, kind: 'date' as const, required: false }, { id: SEND_TIME, kind: 'time' as const, required: false }]) {
    const v = (inputs[f.id] ?? '').trim();
    values[f.id] = v;
    if (v === '') {
      if (f.required) errors[f.id] = text('post.form.required');
      continue;
    }
    if (f.kind === 'date' && !realDate(v)) errors[f.id] = text('post.form.badDate');
    else if (f.kind === 'time' && !TIME.test(v)) errors[f.id] = text('post.form.badTime');
    else if ((f.kind === 'text' && v.length > TEXT_MAX.text) || (f.kind === 'multiline' && v.length > TEXT_MAX.multiline)) {
      errors[f.id] = text('post.form.tooLong', { max: f.kind === 'text' ? TEXT_MAX.text : TEXT_MAX.multiline });
    } else if (f.kind === 'user') {
      const person = await personPicked(deps, actor, v.replace(/^<@([^|>]+)(\|[^>]*)?>$/, '$1'));
      if (person === null) errors[f.id] = text('post.form.unknownPerson');
      else people.set(f.id, person);
    }
  }
  if (values[SEND_TIME] !== '' && values[SEND_DATE] === '') errors[SEND_DATE] = text('post.form.sendDateMissing');
  return { values, errors, people };
}

function messageCard(tag: Tag, checked: Checked, author: Person, timezone: string): PostMessageCard {
  const fields = tag.fields.flatMap((f) => {
    const v = checked.values[f.id] ?? '';
    if (v === '') return [];
    const person = checked.people.get(f.id);
    const value = person !== undefined ? mentionOf(person) : f.kind === 'date' || f.kind === 'time' ? text('post.message.when', { value: v, zone: timezone }) : v;
    return [{ label: tag.builtIn ? `post.fields.${tag.key}.${f.id}` : `post.fields.custom.${f.id}`, value }];
  });
  return {
    kind: 'post.message',
    tag: { key: tag.key, names: tag.names, urgent: tag.urgent },
    fields,
    author: mentionOf(author),
    mentions: [...checked.people.values()].map(mentionOf),
  };
}

export async function submit(deps: PostDeps, actor: Actor, payload: FormPayload, inputs: Readonly<Record<string, string>>): Promise<ActionResult> {
  const group = await groupFor(deps, actor, payload.groupId);
  const tag = await tagFor(deps, actor, payload.tag);
  const policy = await loadPolicy(deps, actor.workspace.id, group);
  await mayPost(deps, actor.workspace, actor.person, group, tag, policy);
  const timezone = zoneOf(policy, actor.person);
  const checked = await check(deps, actor, tag, inputs);
  const people = await peopleFor(deps, actor, group);
  const formId = payload.formId ?? randomUUID();
  const form = () => ({ kind: 'form' as const, form: formFor(tag, group, timezone, people, formId, checked.values, checked.errors), card: null });
  if (Object.keys(checked.errors).length > 0) return form();

  const now = deps.clock.now();
  const quiet = quietHoursOf(policy, actor.person);
  const quietApplies = policy.get(QUIET) === 'on' && !tag.urgent;
  /** MSG-4: a time in quiet hours is refused with the next allowed time filled in (and named, for Slack, which cannot fill it in). */
  const offerNext = (from: Date, key: 'post.form.quietHoursNow' | 'post.form.quietHoursThen') => {
    const next = nextAllowed(from, quiet);
    if (next === null) return null;
    const local = localOf(next, timezone);
    checked.values[SEND_DATE] = local.date;
    checked.values[SEND_TIME] = formatMinutes(local.minutes);
    checked.errors[SEND_DATE] = text(key, { window: `${formatMinutes(quiet.window.start)}-${formatMinutes(quiet.window.end)}`, zone: timezone, next: `${local.date} ${formatMinutes(local.minutes)}` });
    return form();
  };
  let sendAt: Date | null = null;
  if (checked.values[SEND_DATE] !== '') {
    sendAt = zonedInstant(checked.values[SEND_DATE] as string, checked.values[SEND_TIME] === '' ? quiet.window.start : minutesOf(checked.values[SEND_TIME] as string), timezone);
    if (sendAt.getTime() <= now.getTime()) {
      checked.errors[SEND_DATE] = text('post.form.sendInPast');
      return form();
    }
    if (sendAt.getTime() > now.getTime() + MAX_AHEAD_MS) {
      checked.errors[SEND_DATE] = text('post.form.sendTooFar');
      return form();
    }
    if (quietApplies && !isAllowed(sendAt, quiet)) {
      const offered = offerNext(sendAt, 'post.form.quietHoursThen');
      if (offered !== null) return offered;
    }
  } else if (quietApplies && !isAllowed(now, quiet)) {
    const offered = offerNext(now, 'post.form.quietHoursNow');
    if (offered !== null) return offered;
  }

  const locale = localeOf(deps, actor.workspace, null);
  // Every submission is a row, claimed by its form id: the same form sent twice posts once.
  // A scheduled post keeps its fields until it is sent (NOTE-2), then they are cleared.
  const fields: Record<string, string> = { ...checked.values };
  for (const [id, person] of checked.people) fields[id] = person.address;
  const base = { workspaceId: actor.workspace.id, groupId: group.id, authorId: actor.person.id, tag: tag.key, fields, locale, createdAt: now, formId };
  if (sendAt === null) {
    // Posted now from what was checked: the row keeps no fields, only the claim.
    const post = await deps.store.scheduledPosts.create({ ...base, fields: {}, sendAt: now, sending: true });
    if (post === null) return { kind: 'notice', notice: text('post.alreadySubmitted') };
    try {
      await deps.messaging.postToGroup(actor.workspace, group, { locale, card: messageCard(tag, checked, actor.person, timezone) });
    } catch (err) {
      await deps.store.scheduledPosts.forget(post.id); // not posted: the same form may be sent again
      throw err;
    }
    // Posted: from here on the form's claim stays, whatever fails.
    await deps.store.transaction(async (tx) => {
      await tx.scheduledPosts.markSent(post.id, deps.clock.now());
      await tx.audit.append(byActor(actor, 'post.publish', { targetType: 'group', targetId: group.id, groupId: group.id, details: { tag: tag.key } }), deps.clock.now());
    });
    return { kind: 'notice', notice: text('post.posted', { group: group.name }) };
  }
  // NOTE-2: a durable job sends it once, after a restart too.
  const at = sendAt;
  const scheduled = await deps.store.transaction(async (tx) => {
    const post = await tx.scheduledPosts.create({ ...base, sendAt: at, sending: false });
    if (post === null) return null;
    await deps.jobs.send(SEND_JOB, { workspaceId: actor.workspace.id, postId: post.id }, { key: post.id, at, in: tx });
    await tx.audit.append(byActor(actor, 'post.schedule', { targetType: 'scheduled_post', targetId: post.id, groupId: group.id, details: { tag: tag.key, sendAt: at.toISOString() } }), now);
    return post;
  });
  if (scheduled === null) return { kind: 'notice', notice: text('post.alreadySubmitted') };
  return { kind: 'notice', notice: text('post.scheduled', { group: group.name, at: date(at) }) };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export { messageCard, check, mayPost };
