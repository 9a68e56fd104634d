// Verbs of the grammar whose features arrive in later versions: recognised with
// their Chinese aliases, listed in help, answered "not available yet". A feature
// that arrives takes its verb out of this list and declares it itself.
import { notYetReply, notYetVerb, type NotYet } from '../../core/commands/notYet.js';
import { defineFeature } from '../../core/feature.js';

type LaterCommand = NotYet<'later.notYet'>;

const LATER: readonly [verb: string, alias: string][] = [
  ['report', '报告'],
  ['dashboard', '看板'],
];

export const later = defineFeature<LaterCommand>({
  name: 'later',
  verbs: LATER.map(([verb, alias]) => notYetVerb('later.notYet', verb, { [alias]: {} })),
  commands: { 'later.notYet': notYetReply },
});
