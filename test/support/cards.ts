// Checks renderings against the platforms' documented limits: Block Kit's (as
// DESIGN.md lists them) and the Adaptive Cards parser's own verdict.
import { createRequire } from 'node:module';
import type { KnownBlock, ModalView } from '@slack/types';
import type * as AdaptiveCards from 'adaptivecards';

const require = createRequire(import.meta.url);
// The package's ESM build uses extensionless imports Node cannot load; its UMD bundle works.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

type Json = Record<string, unknown>;

function texts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) texts(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Json)) {
      if (k === 'text' && typeof v === 'string') out.push(v);
      else texts(v, out);
    }
  }
  return out;
}

export function blockKitProblems(blocks: KnownBlock[], limit = 50): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  check(blocks.length <= limit, `${blocks.length} blocks > ${limit}`);
  const blockIds = new Set<string>();
  for (const b of blocks as unknown as Json[]) {
    const blockId = b['block_id'];
    if (typeof blockId === 'string') {
      check(blockId.length <= 255, `block_id too long`);
      check(!blockIds.has(blockId), `block_id ${blockId} repeated`);
      blockIds.add(blockId);
    }
    switch (b['type']) {
      case 'header':
        check(((b['text'] as Json)['text'] as string).length <= 150, 'header text > 150');
        check((b['text'] as Json)['type'] === 'plain_text', 'header text must be plain_text');
        break;
      case 'section': {
        const t = b['text'] as Json | undefined;
        if (t) check((t['text'] as string).length <= 3000, 'section text > 3000');
        const fields = (b['fields'] as Json[] | undefined) ?? [];
        check(fields.length <= 10, 'more than 10 fields');
        for (const f of fields) check((f['text'] as string).length <= 2000, 'field > 2000');
        check(t !== undefined || fields.length > 0, 'empty section');
        break;
      }
      case 'context': {
        const els = b['elements'] as Json[];
        check(els.length >= 1 && els.length <= 10, 'context elements not 1..10');
        for (const e of els) check((e['text'] as string).length <= 3000, 'context text > 3000');
        break;
      }
      case 'actions': {
        const els = b['elements'] as Json[];
        check(els.length >= 1 && els.length <= 25, 'actions elements not 1..25');
        const ids = els.map((e) => String(e['action_id'] ?? ''));
        check(new Set(ids).size === ids.length, `action_id repeated in a block: ${ids.join(', ')}`);
        for (const e of els) {
          check((((e['text'] as Json)['text']) as string).length <= 75, 'button text > 75');
          check(((e['action_id'] as string) ?? '').length <= 255, 'action_id > 255');
          check(((e['value'] as string) ?? '').length <= 2000, 'value > 2000');
        }
        break;
      }
      case 'input': {
        check((((b['label'] as Json)['text']) as string).length <= 2000, 'input label > 2000');
        const e = b['element'] as Json;
        switch (e['type']) {
          case 'plain_text_input':
            check(e['max_length'] === undefined || (Number(e['max_length']) >= 1 && Number(e['max_length']) <= 3000), 'plain_text_input max_length not 1..3000');
            break;
          case 'datepicker':
            check(e['initial_date'] === undefined || /^\d{4}-\d{2}-\d{2}$/.test(String(e['initial_date'])), 'initial_date not YYYY-MM-DD');
            break;
          case 'timepicker':
            check(e['initial_time'] === undefined || /^([01]\d|2[0-3]):[0-5]\d$/.test(String(e['initial_time'])), 'initial_time not HH:mm');
            check(e['timezone'] === undefined || typeof e['timezone'] === 'string', 'timezone not a string');
            break;
          case 'users_select':
            break;
          case 'file_input':
            check(Array.isArray(e['filetypes']) && Number(e['max_files']) >= 1 && Number(e['max_files']) <= 10, 'file_input filetypes or max_files');
            break;
          default:
            problems.push(`unexpected input element ${String(e['type'])}`);
        }
        break;
      }
      default:
        problems.push(`unexpected block type ${String(b['type'])}`);
    }
  }
  for (const t of texts(blocks)) check(t.trim().length > 0, 'empty text');
  return problems;
}

export function modalProblems(view: ModalView): string[] {
  const problems = blockKitProblems(view.blocks as KnownBlock[], 100);
  for (const key of ['title', 'submit', 'close'] as const) {
    const t = view[key];
    if (t !== undefined && t.text.length > 24) problems.push(`modal ${key} > 24`);
  }
  if ((view.private_metadata ?? '').length > 3000) problems.push('private_metadata > 3000');
  return problems;
}

/** Parses with the adaptivecards package; any parse event (warning or error) is a problem. */
export function adaptiveProblems(card: Json): string[] {
  const problems: string[] = [];
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parse: ${context.getEventAt(i).message}`);
  const validation = parsed.validateProperties();
  for (const e of validation.validationEvents) problems.push(`validate: ${e.message}`);
  if (card['version'] !== '1.5') problems.push('version is not 1.5');
  const refresh = card['refresh'] as { userIds?: unknown[] } | undefined;
  if (refresh?.userIds !== undefined && refresh.userIds.length > 60) problems.push('refresh.userIds > 60');
  if (JSON.stringify(card).length > 28_000) problems.push('card larger than 28 KB');
  // Every <at>…</at> written must be declared as an entity with exactly that text.
  const entities = ((card['msteams'] as Json | undefined)?.['entities'] as { text: string }[] | undefined) ?? [];
  for (const t of texts(card)) {
    for (const m of t.match(/<at>[^<]*<\/at>/g) ?? []) if (!entities.some((e) => e.text === m)) problems.push(`undeclared mention ${m}`);
  }
  return problems;
}
