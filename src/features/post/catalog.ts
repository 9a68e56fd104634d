// MSG-1/MSG-2: the tag catalog. Built-in tags with their templates, and tags a
// workspace adds (name in both languages, class, urgent or not; their template is
// a body and an optional owner). A tag is recognised at the start of a message in
// either language — `[Notice]`, `【通知】`, full-width or half-width brackets, any
// case, after leading spaces — and nowhere else.
import { commandWord } from '../../core/clean.js';
import type { Locale } from '../../core/locale.js';

export const CLASSES = ['notice', 'discussion', 'report'] as const;
/** MSG-3 information classes. */
export type InfoClass = (typeof CLASSES)[number];

export type FieldKind = 'text' | 'multiline' | 'date' | 'time' | 'user';

export interface TemplateField {
  id: string;
  kind: FieldKind;
  required: boolean;
}

export interface Tag {
  key: string;
  names: Record<Locale, string>;
  class: InfoClass;
  urgent: boolean;
  fields: readonly TemplateField[];
  builtIn: boolean;
}

const f = (id: string, kind: FieldKind, required = true): TemplateField => ({ id, kind, required });

/** The field guides' tags: 【通知】【请假】【审批】【BUG紧急】【汇报】【会议】. */
export const BUILT_IN: readonly Tag[] = [
  { key: 'notice', names: { en: 'Notice', 'zh-CN': '通知' }, class: 'notice', urgent: false, builtIn: true, fields: [f('title', 'text'), f('body', 'multiline'), f('deadline', 'date', false)] },
  { key: 'leave', names: { en: 'Leave', 'zh-CN': '请假' }, class: 'report', urgent: false, builtIn: true, fields: [f('from', 'date'), f('to', 'date'), f('delegate', 'user'), f('note', 'multiline', false)] },
  { key: 'approval', names: { en: 'Approval', 'zh-CN': '审批' }, class: 'discussion', urgent: false, builtIn: true, fields: [f('subject', 'text'), f('details', 'multiline'), f('approver', 'user'), f('deadline', 'date', false)] },
  { key: 'urgent-bug', names: { en: 'Urgent-Bug', 'zh-CN': 'BUG紧急' }, class: 'discussion', urgent: true, builtIn: true, fields: [f('system', 'text'), f('impact', 'multiline'), f('owner', 'user'), f('steps', 'multiline')] },
  { key: 'report', names: { en: 'Report', 'zh-CN': '汇报' }, class: 'report', urgent: false, builtIn: true, fields: [f('done', 'multiline'), f('next', 'multiline'), f('blockers', 'multiline', false), f('owner', 'user')] },
  { key: 'meeting', names: { en: 'Meeting', 'zh-CN': '会议' }, class: 'discussion', urgent: false, builtIn: true, fields: [f('topic', 'text'), f('date', 'date'), f('time', 'time'), f('place', 'text'), f('agenda', 'multiline'), f('owner', 'user')] },
];

/** The template of a workspace's own tags. */
export const CUSTOM_FIELDS: readonly TemplateField[] = [f('body', 'multiline'), f('owner', 'user', false)];

/** Words that name sub-commands of `post`, so no tag may be called so. */
export const RESERVED = new Set(['tags', 'tag', 'scheduled', 'list', '标签', '定时']);

/** How a tag name is compared: compatibility forms folded, case and inner spaces ignored. */
export function tagWord(name: string): string {
  return commandWord(name).replace(/[\s_]+/g, '-');
}

export class Catalog {
  private readonly byWord = new Map<string, Tag>();

  constructor(readonly tags: readonly Tag[]) {
    for (const tag of tags) for (const w of [tag.key, tag.names.en, tag.names['zh-CN']]) if (!this.byWord.has(tagWord(w))) this.byWord.set(tagWord(w), tag);
  }

  /** A tag by its key or either name. */
  find(word: string): Tag | undefined {
    return this.byWord.get(tagWord(word));
  }

  /** The tag a message starts with, if any. */
  recognise(text: string): Tag | undefined {
    const name = bracketed(text);
    return name === undefined ? undefined : this.find(name);
  }
}

/** The name in the brackets a message starts with, if it starts with brackets. */
export function bracketed(text: string): string | undefined {
  return /^\s*[[【［〔]\s*([^\]】］〕\n]{1,40}?)\s*[\]】］〕]/u.exec(text)?.[1];
}

/** The built-in tags alone: what most messages need, without reading a workspace's own. */
export const BUILT_IN_CATALOG = new Catalog(BUILT_IN);
