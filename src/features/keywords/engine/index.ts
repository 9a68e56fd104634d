// The keyword and sensitive-data engine (MSG-6, MSG-7, MSG-8): pure functions, no
// storage, no platform. Fold a message once and hand the result to both matchers:
//
//   const folded = fold(text);
//   const hits = compiled.match(folded);          // compiled = compileKeywords(entries, allow)
//   const findings = detectSensitive(folded, enabledDetectors);
export { fold, originalSpan, type Folded } from './normalize.js';
export {
  compileKeywords,
  validateEntry,
  MAX_PATTERN_LENGTH,
  type AllowPhrase,
  type CompiledKeywords,
  type EntryCheck,
  type EntryKind,
  type EntryProblem,
  type KeywordEntry,
  type KeywordHit,
  type KeywordStats,
} from './matcher.js';
export { detectSensitive, redact, DETECTORS, CONFIDENCE, type DetectOptions, type Detector, type Finding } from './dlp.js';
export { sensitiveFileKind, type SensitiveFileKind } from './files.js';
export { extractLinks, hostAllowed, normalizeHost, type Link } from './links.js';
export { DEFAULT_SPAM_ENTRIES, type DefaultEntry } from './defaults.js';
