// Files that MSG-7 watches outside approved groups: spreadsheets (payroll, customer
// lists) and source code. Decided by the name's extension, or by the MIME type the
// platform reports when the extension says nothing; either one suffices, so a
// spreadsheet renamed `.dat` but sent as `text/csv` still counts.
//
// Archives (.zip, .7z, .tar.gz, .rar) are NOT classified: their content is not seen,
// and most are not code; a policy against archives is a different rule. Plain text,
// Markdown, JSON, YAML and PDFs are not classified either.

export type SensitiveFileKind = 'spreadsheet' | 'source';

const SPREADSHEET_EXT = new Set([
  'xlsx', 'xlsm', 'xlsb', 'xls', 'xlt', 'xltx', 'xltm', // Excel
  'csv', 'tsv',
  'ods', 'ots', 'fods', // OpenDocument
  'numbers', // Apple
  'et', 'ett', // WPS Spreadsheets
]);

const SOURCE_EXT = new Set([
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'vue', 'svelte',
  'py', 'pyw', 'ipynb',
  'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'clj',
  'go', 'rs', 'swift', 'm', 'mm', 'dart',
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx',
  'cs', 'fs', 'vb',
  'rb', 'php', 'pl', 'pm', 'lua', 'r', 'jl', 'ex', 'exs', 'erl', 'hs',
  'sql', 'sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd',
  'proto', 'tf', 'patch', 'diff',
]);

/** Files without an extension that are code. */
const SOURCE_NAMES = new Set(['dockerfile', 'makefile', 'jenkinsfile', 'gemfile', 'rakefile', 'podfile', 'vagrantfile']);

const SPREADSHEET_MIME = [
  /^application\/vnd\.ms-excel/,
  /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\./,
  /^application\/vnd\.oasis\.opendocument\.spreadsheet/,
  /^application\/vnd\.apple\.numbers$/,
  /^application\/x-iwork-numbers-sffnumbers$/,
  /^application\/(?:vnd\.)?wps-office\.et$/,
  /^application\/kswps$/, // older WPS
  /^text\/(?:csv|tab-separated-values)$/,
];

const SOURCE_MIME = [
  /^text\/x-(?:python|java|java-source|c|csrc|chdr|c\+\+|c\+\+src|csharp|go|rust|ruby|php|kotlin|swift|scala|sh|shellscript|sql|typescript|perl|lua)$/,
  /^application\/(?:x-sh|x-shellscript|x-python-code|x-httpd-php|sql|x-sql|typescript|x-typescript|javascript|x-javascript|x-ipynb\+json)$/,
  /^text\/(?:javascript|typescript|x-script\.python)$/,
];

/** 'spreadsheet', 'source' or null, from a file's name and MIME type (case-insensitive). */
export function sensitiveFileKind(name: string, mimeType: string | null): SensitiveFileKind | null {
  const base = (name.split(/[\\/]/).pop() ?? '').trim().toLowerCase();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1) : '';
  const mime = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  if (SPREADSHEET_EXT.has(ext)) return 'spreadsheet';
  // .ts is also an MPEG transport stream (a screen recording): the MIME type tells.
  const video = ext === 'ts' && mime.startsWith('video/');
  if ((SOURCE_EXT.has(ext) && !video) || (dot < 0 && SOURCE_NAMES.has(base))) return 'source';
  if (mime.length === 0) return null;
  if (SPREADSHEET_MIME.some((re) => re.test(mime))) return 'spreadsheet';
  if (SOURCE_MIME.some((re) => re.test(mime))) return 'source';
  return null;
}
