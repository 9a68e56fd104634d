// Links in a message (MSG-8: links only to approved domains), as the platforms send
// them: Slack wraps every link as `<https://x.com>` or `<https://x.com|label>`,
// Teams sends HTML `<a href="https://x.com">label</a>`, and plain text may hold bare
// `https://…` or `www.…` addresses. Every scan is linear in the text.

export interface Link {
  /** Absolute URL (`http://` added to a bare `www.` address), HTML entities decoded. */
  url: string;
  /** Lower-case host name, IDN in punycode (`xn--…`), no trailing dot. */
  host: string;
  /** [start, end) of the address as written in the text. */
  start: number;
  end: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

/** The host of an http(s) URL, or null when it is not one. */
function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const host = u.hostname.replace(/\.$/, '').toLowerCase();
    return host.length > 0 ? host : null;
  } catch {
    return null;
  }
}

// Slack: <url> or <url|label> (Slack escapes < and > in text as entities). A tag never
// holds '<', so each scan stops at the next one: linear.
const SLACK = /<((?:https?:\/\/|www\.)[^|<>\s]{1,4000})(?:\|[^<>]{0,4000})?>/gi;
// Teams: the opening tag of an anchor, with its attributes, and the closing tags.
const ANCHOR = /<a\s[^<>]{0,4000}>/gi;
const ANCHOR_CLOSE = /<\/a\s*>/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
// Bare addresses end at whitespace, quotes, angle brackets and CJK punctuation or full-width forms.
const BARE = /\b(?:https?:\/\/|www\.)[^\s<>"'`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+/gi;
/** ASCII followed by something else ends the host of a bare address written against Chinese text: `x.com然后`. */
const ASCII_HOST_END = /^((?:https?:\/\/)?[a-z0-9.-]*\.[a-z]{2,}(?::\d+)?)[\u0080-\uffff]/i;

/** Trims what a sentence puts after an address: punctuation and a closing bracket with no opening one. */
function trimBare(s: string): string {
  let end = s.length;
  for (;;) {
    const c = s[end - 1];
    if (c === undefined) break;
    if ('.,;:!?*'.includes(c)) end -= 1;
    else if (c === ')' || c === ']' || c === '}') {
      const open = c === ')' ? '(' : c === ']' ? '[' : '{';
      const body = s.slice(0, end);
      if (body.split(open).length >= body.split(c).length) break;
      end -= 1;
    } else break;
  }
  return s.slice(0, end);
}

const absolute = (u: string) => (/^www\./i.test(u) ? `http://${u}` : u);

/** The http(s) links of a message: Slack's `<…>`, HTML anchors, bare addresses. */
export function extractLinks(text: string): Link[] {
  const links: Link[] = [];
  /** Spans already read (Slack tokens, whole anchors): bare addresses inside are labels. */
  const covered: [number, number][] = [];
  const add = (written: string, start: number) => {
    const url = absolute(decodeEntities(written));
    const host = hostOf(url);
    if (host !== null) links.push({ url, host, start, end: start + written.length });
  };

  if (text.includes('<')) {
    SLACK.lastIndex = 0;
    for (let m = SLACK.exec(text); m !== null; m = SLACK.exec(text)) {
      add(m[1] as string, m.index + 1);
      covered.push([m.index, m.index + m[0].length]);
    }
    const closes: number[] = [];
    ANCHOR_CLOSE.lastIndex = 0;
    for (let m = ANCHOR_CLOSE.exec(text); m !== null; m = ANCHOR_CLOSE.exec(text)) closes.push(m.index + m[0].length);
    let c = 0;
    ANCHOR.lastIndex = 0;
    for (let m = ANCHOR.exec(text); m !== null; m = ANCHOR.exec(text)) {
      const tagEnd = m.index + m[0].length;
      const href = HREF.exec(m[0]);
      if (href !== null) {
        const value = href[1] ?? href[2] ?? href[3] ?? '';
        const offset = m.index + href.index + href[0].length - value.length - (href[3] === undefined ? 1 : 0);
        const trimmed = value.trim();
        if (trimmed.length > 0) add(trimmed, offset + value.indexOf(trimmed));
      }
      while (c < closes.length && (closes[c] as number) <= tagEnd) c += 1;
      covered.push([m.index, c < closes.length ? (closes[c] as number) : tagEnd]);
    }
    covered.sort((a, b) => a[0] - b[0]);
  }

  BARE.lastIndex = 0;
  let k = 0;
  for (let m = BARE.exec(text); m !== null; m = BARE.exec(text)) {
    const start = m.index;
    while (k < covered.length && (covered[k] as [number, number])[1] <= start) k += 1;
    const cover = covered[k];
    if (cover !== undefined && cover[0] <= start && start < cover[1]) continue;
    let written = m[0];
    const asciiHost = ASCII_HOST_END.exec(written);
    if (asciiHost !== null) written = asciiHost[1] as string;
    written = trimBare(written);
    if (/^(?:https?:\/\/|www\.)$/i.test(written)) continue;
    add(written, start);
  }
  return links.sort((a, b) => a.start - b.start);
}

/** Normalises an allow-list entry (`Example.com`, `*.example.com`, `https://example.com/x`, `例子.中国`) to a host, or null. */
export function normalizeHost(entry: string): string | null {
  let s = entry.trim().toLowerCase();
  if (s.length === 0) return null;
  s = s.replace(/^\*?\./, '');
  return hostOf(/^https?:\/\//.test(s) ? s : `http://${s}`);
}

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/;

/**
 * Whether a host is approved: equal to an entry of the list or a subdomain of one
 * (`docs.example.com` under `example.com`), case-insensitive, IDN compared in
 * punycode. IP addresses only match exactly. An empty list approves nothing.
 */
export function hostAllowed(host: string, allowList: readonly string[]): boolean {
  const h = normalizeHost(host);
  if (h === null) return false;
  for (const entry of allowList) {
    const e = normalizeHost(entry);
    if (e === null) continue;
    if (h === e) return true;
    if (!IP.test(h) && !IP.test(e) && h.endsWith(`.${e}`)) return true;
  }
  return false;
}
