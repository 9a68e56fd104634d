// MSG-6..8 on the message event itself (new posts and edits): the group's keyword
// lists, the sensitive-data detectors, links outside the group's domains and
// sensitive files. Findings are recorded with the rule, the position and a
// redacted sample — never the text, never a raw value — once per rule per
// message (a retried event or an edit repeating it counts once). The strongest
// action wins: remove (where the platform can, with private guidance to the
// author; else the author is warned and the moderators alerted), alert (a card to
// the group's moderators, and for sensitive data the security contacts), warn (the
// author, privately). Each violation counts toward MSG-9 escalation.
import { localeOf } from '../../core/actor.js';
import type { MessageContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import { qualifiedId, type RoleName } from '../../core/model.js';
import type { Policy } from '../../core/settings.js';
import { bySystem } from '../audit/entries.js';
import { ALERT_JOB, escalateIfDue } from './alerts.js';
import { ruleText, safeSample } from './rules.js';
import { detectSensitive, extractLinks, fold, hostAllowed, sensitiveFileKind, type Detector, type Folded } from './engine/index.js';
import { matcherFor, type KeywordDeps } from './lists.js';
import {
  DLP_BANK_CARD,
  DLP_EMAIL,
  DLP_FILES,
  DLP_MOBILE,
  DLP_RESIDENT_ID,
  DLP_SALARY,
  ESCALATE_AFTER,
  ESCALATE_WINDOW,
  LINK_ACTION,
  LINK_DOMAINS,
  LISTS,
  type DetectorAction,
} from './settings.js';
import type { ListAction, NewFinding } from './store.js';

const DETECTOR_SETTINGS = {
  'resident-id': DLP_RESIDENT_ID,
  'bank-card': DLP_BANK_CARD,
  mobile: DLP_MOBILE,
  email: DLP_EMAIL,
  salary: DLP_SALARY,
} as const satisfies Record<Detector, unknown>;

const SEVERITY: Record<ListAction, number> = { warn: 1, alert: 2, remove: 3 };

/** A finding before it is tied to its message and recorded. */
type Candidate = Omit<NewFinding, 'workspaceId' | 'groupId' | 'messageId' | 'authorId'>;

const active = (a: DetectorAction): a is ListAction => a !== 'off';

async function keywordCandidates(deps: KeywordDeps, ctx: MessageContext, policy: Policy, folded: () => Folded): Promise<Candidate[]> {
  const enabled = policy.get(LISTS);
  if (enabled.length === 0 || ctx.event.text === '') return [];
  const m = await matcherFor(deps, ctx.workspace.id);
  const lists = m.lists.filter((l) => enabled.includes(l.key));
  if (lists.length === 0) return [];
  const hits = m.keywords.match(folded());
  if (hits.length === 0) return [];
  let roles: Set<RoleName> | null = null;
  const out: Candidate[] = [];
  for (const list of lists) {
    const hit = hits.find((h) => h.listId === list.id);
    if (hit === undefined) continue;
    if (list.exempt.length > 0 && ctx.author !== null) {
      roles ??= new Set<RoleName>([
        ...(await deps.store.roles.rolesIn(ctx.author.id, ctx.group.id)),
        ...(deps.settings.superAdmins.has(qualifiedId(ctx.author)) ? (['super-admin'] as const) : []),
        ...(await deps.store.roles.rolesIn(ctx.author.id, null)),
      ]);
      if (list.exempt.some((r) => roles?.has(r) === true)) continue;
    }
    // The sample is the list's entry that matched (administrators' words), not the message.
    out.push({ source: 'keyword', rule: list.key, start: hit.start, end: hit.end, sample: safeSample(m.patterns.get(hit.entryId) ?? list.key), confidence: 1, action: list.action });
  }
  return out;
}

function sensitiveCandidates(ctx: MessageContext, policy: Policy, folded: () => Folded, now: Date): Candidate[] {
  const actions = new Map<Detector, ListAction>();
  for (const [detector, def] of Object.entries(DETECTOR_SETTINGS) as [Detector, (typeof DETECTOR_SETTINGS)[Detector]][]) {
    const a = policy.get(def);
    if (active(a)) actions.set(detector, a);
  }
  const out: Candidate[] = [];
  if (actions.size > 0 && ctx.event.text !== '') {
    for (const f of detectSensitive(folded(), new Set(actions.keys()), { now })) {
      // One finding per detector per message: its most confident occurrence.
      const seen = out.find((c) => c.rule === f.detector);
      if (seen !== undefined && seen.confidence >= f.confidence) continue;
      if (seen !== undefined) out.splice(out.indexOf(seen), 1);
      out.push({ source: 'dlp', rule: f.detector, start: f.start, end: f.end, sample: f.redacted, confidence: f.confidence, action: actions.get(f.detector) as ListAction });
    }
  }
  const files = policy.get(DLP_FILES);
  if (files !== 'allow') {
    for (const file of ctx.event.files) {
      const kind = sensitiveFileKind(file.name, file.mimeType);
      if (kind === null || out.some((c) => c.source === 'file' && c.rule === kind)) continue;
      const ext = /\.([A-Za-z0-9]{1,10})$/.exec(file.name)?.[1]?.toLowerCase();
      out.push({ source: 'file', rule: kind, start: 0, end: 0, sample: ext === undefined ? kind : `*.${ext}`, confidence: 1, action: files });
    }
  }
  const domains = policy.get(LINK_DOMAINS);
  const linkAction = policy.get(LINK_ACTION);
  if (domains !== 'any' && active(linkAction) && (ctx.event.text !== '' || (ctx.event.links ?? []).length > 0)) {
    // The links in the text, and the targets of anchors whose labels the text shows (Teams HTML).
    const hidden = extractLinks((ctx.event.links ?? []).join(' ')).map((l) => ({ ...l, start: 0, end: 0 }));
    const outside = [...extractLinks(ctx.event.text), ...hidden].find((l) => !hostAllowed(l.host, domains));
    if (outside !== undefined) out.push({ source: 'link', rule: 'link', start: outside.start, end: outside.end, sample: safeSample(outside.host), confidence: 1, action: linkAction });
  }
  return out;
}

/** The message handler. */
export async function scanMessage(deps: KeywordDeps, ctx: MessageContext): Promise<void> {
  const { event, group, workspace, author } = ctx;
  if (event.kind === 'deleted' || author === null || event.author?.isBot === true) return;
  const policy = await ctx.policy();
  // Folded once (width, case, invisible characters, separators), for both matchers.
  let f: Folded | undefined;
  const folded = () => (f ??= fold(event.text));
  const now = deps.clock.now();
  const candidates = [...(await keywordCandidates(deps, ctx, policy, folded)), ...sensitiveCandidates(ctx, policy, folded, now)];
  if (candidates.length === 0) return;

  // What this message was found for already (a retried event, an edit repeating it) counts once.
  const known = new Set((await deps.store.findings.forMessage(group.id, event.messageId)).map((f) => `${f.source}:${f.rule}`));
  const fresh = candidates.filter((c) => !known.has(`${c.source}:${c.rule}`));
  if (fresh.length === 0) return;
  const action = fresh.reduce<ListAction>((a, c) => (SEVERITY[c.action] > SEVERITY[a] ? c.action : a), 'warn');

  // Removed before anything is recorded (removing twice is harmless): a crash after this
  // leaves the platform's retry to record, alert and count.
  const removedBefore = ctx.removed;
  let removed = removedBefore;
  if (!removed && action === 'remove' && deps.capabilities.deleteMessage) {
    try {
      removed = await deps.moderation.deleteMessage(workspace, group, event.messageId);
      ctx.removed = removed;
    } catch (err) {
      deps.log.warn({ err, messageId: event.messageId }, 'removing a message failed');
    }
  }
  const fellBack = action === 'remove' && !removed;
  const sensitive = fresh.some((c) => c.source === 'dlp' || c.source === 'file');
  const alerted = action !== 'warn';
  const windowStart = new Date(now.getTime() - policy.get(ESCALATE_WINDOW));
  const threshold = policy.get(ESCALATE_AFTER);

  const recorded = await deps.store.transaction(async (tx) => {
    const rows: NewFinding[] = fresh.map((c) => ({ workspaceId: workspace.id, groupId: group.id, messageId: event.messageId, authorId: author.id, ...c }));
    const rec = await tx.findings.record(rows, now);
    if (rec.length === 0) return rec; // another delivery of the same message got there first
    if (alerted) {
      const alert = await tx.alerts.create(
        { workspaceId: workspace.id, groupId: group.id, messageId: event.messageId, authorId: author.id, findings: rec.map((f) => ({ source: f.source, rule: f.rule, sample: f.sample, confidence: f.confidence })), removed },
        now,
      );
      if (alert !== null) await deps.jobs.send(ALERT_JOB, { workspaceId: workspace.id, alertId: alert.id, security: sensitive }, { key: alert.id, in: tx });
    }
    await escalateIfDue(deps, tx, { workspaceId: workspace.id, groupId: group.id, personId: author.id }, windowStart, threshold, now);
    await tx.audit.append(
      bySystem(workspace.id, 'message.keywords', {
        targetType: 'message',
        targetId: event.messageId,
        groupId: group.id,
        outcome: fellBack ? 'fallback' : 'ok',
        details: { author: qualifiedId(author), findings: rec.map((f) => ({ source: f.source, rule: f.rule, sample: f.sample })), action, removed, alerted, edited: event.kind === 'edited' },
      }),
      now,
    );
    return rec;
  });
  // Nothing more to say to the author when the group rules removed the message and told them already.
  if (recorded.length === 0 || action === 'alert' || removedBefore) return;

  // The author learns the rule (a list's name, the detector) and the redacted value, not the list's entries.
  const lists = recorded.some((f) => f.source === 'keyword') ? (await matcherFor(deps, workspace.id)).lists : [];
  const reasons = recorded.map((f) => {
    const rule = ruleText(f.source, f.rule, lists.find((l) => l.key === f.rule)?.names);
    return f.source === 'keyword' ? rule : text('keywords.finding', { rule, sample: f.sample });
  });
  const key = removed ? 'keywords.toAuthor.removed' : fellBack ? 'keywords.toAuthor.notRemoved' : 'keywords.toAuthor.warned';
  try {
    await deps.moderation.remindPrivately(workspace, group, author, {
      locale: localeOf(deps, workspace, author),
      text: text(key, { group: group.name, reasons, guidance: sensitive ? text('keywords.toAuthor.guidance') : '' }),
    });
  } catch (err) {
    deps.log.warn({ err, messageId: event.messageId }, 'could not tell the author privately');
  }
}
