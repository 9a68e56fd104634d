// AUD: the append-only audit log every feature writes to (entries.ts builds the
// entries); the log itself is the kernel's store. `audit export` (AUD-2) is
// recognised and not offered yet.
import { notYetReply, notYetVerb, type NotYet } from '../../core/commands/notYet.js';
import { defineFeature } from '../../core/feature.js';

type AuditCommand = NotYet<'audit.notYet'>;

export const audit = defineFeature<AuditCommand>({
  name: 'audit',
  verbs: [notYetVerb('audit.notYet', 'audit', { 审计: {} })],
  commands: { 'audit.notYet': notYetReply },
});
