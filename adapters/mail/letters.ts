// The core writes letters (localized texts); the mailer sends strings. This renders
// a letter as plain text in its language and hands it to the mailer.
import { plainText } from '../../cards/text.js';
import type { Letters, Mailer } from '../../src/core/ports.js';
import type { Translator } from '../../src/i18n.js';

export function lettersVia(mailer: Mailer, i18n: Translator): Letters {
  return {
    enabled: mailer.enabled,
    send: (letter) => mailer.send({ to: letter.to, subject: plainText(i18n, letter.locale, letter.subject), text: plainText(i18n, letter.locale, letter.body) }),
  };
}
