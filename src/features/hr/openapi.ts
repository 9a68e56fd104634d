// The OpenAPI 3.1 document of the HR webhook, served at `GET /hr/openapi.json`
// and kept in the repository as docs/hr-openapi.json (a test fails when the two
// differ; `UPDATE_OPENAPI=1 npx vitest run --config test/vitest.config.ts
// test/unit/hr-openapi.test.ts` writes the file again). The request body's schema
// is the validator's own (schema.ts), converted by zod.
import { z } from 'zod';
import { hrEventSchema } from './schema.js';

/** An answer that names its one problem: `{"error": <one of codes>}`. */
const problem = (...codes: string[]) => ({
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string', enum: codes } },
});

function bodySchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(hrEventSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  // The document's dialect (OpenAPI 3.1's default) already is JSON Schema 2020-12.
  delete schema['$schema'];
  return schema;
}

const json = (schema: unknown) => ({ 'application/json': { schema } });

export function hrOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Charter HR webhook',
      version: '1.0.0',
      description:
        'HR systems tell Charter about hires, changes and leaves (LIFE-1, LIFE-2). Each request is signed: ' +
        'X-Charter-Signature is `v0=` followed by the hex HMAC-SHA256, keyed with CHARTER_HR_SECRET, of ' +
        '`v0:<X-Charter-Timestamp>:<raw body>`; the timestamp (Unix seconds) must be within 5 minutes of ' +
        "Charter's clock. An event id seen before is answered 200 and changes nothing. Events older than " +
        'the last one applied for the same employee are kept but do not overwrite newer data; an occurredAt more ' +
        "than 24 hours ahead of Charter's clock is refused (400: a bound no schema can state). Without " +
        'CHARTER_HR_SECRET the endpoint answers 404.',
    },
    paths: {
      '/hr/events': {
        post: {
          operationId: 'postHrEvent',
          summary: 'Deliver one HR event (hire, change or leave)',
          parameters: [
            { name: 'X-Charter-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^\\d+$' }, description: 'Unix time in seconds when the request was signed' },
            { name: 'X-Charter-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^v0=[0-9a-f]{64}$' }, description: 'v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">' },
          ],
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/HrEvent' }) },
          responses: {
            '202': { description: 'Accepted: stored and applied (or kept as older than what is known)', content: json({ $ref: '#/components/schemas/Accepted' }) },
            '200': { description: 'This event id was received before: nothing changed', content: json({ $ref: '#/components/schemas/Accepted' }) },
            '400': {
              description:
                "The body is not UTF-8 JSON, does not match the schema, or its occurredAt is more than 24 hours ahead of Charter's clock " +
                '(invalid_body, malformed_json: each problem with its path); or it could not be read at all (bad_request: an unsupported ' +
                'or broken Content-Encoding, a body shorter than its Content-Length)',
              content: json({ oneOf: [{ $ref: '#/components/schemas/Invalid' }, problem('bad_request')] }),
            },
            '401': { description: 'Missing or wrong signature, or a timestamp more than 5 minutes off', content: json(problem('missing_signature', 'invalid_signature', 'stale_timestamp')) },
            '404': { description: 'The HR webhook is not configured (CHARTER_HR_SECRET unset)', content: json(problem('hr_not_configured')) },
            '413': { description: 'The body is larger than 64 KB', content: json(problem('too_large')) },
            '415': { description: 'The body is not application/json (in UTF-8, or with no charset)', content: json(problem('unsupported_media_type')) },
            '500': { description: 'Charter failed unexpectedly (the failure is logged); send the event again later', content: json(problem('internal_error')) },
            '503': {
              description: "Charter's database is unavailable: nothing was stored; send the event again later (the same id is applied once)",
              headers: {
                'Retry-After': { description: 'Seconds to wait before sending the event again', required: true, schema: { type: 'integer', minimum: 1 } },
              },
              content: json(problem('unavailable')),
            },
          },
        },
      },
      '/hr/openapi.json': {
        get: {
          operationId: 'getHrOpenApi',
          summary: 'This document',
          description: 'Served whether or not CHARTER_HR_SECRET is set; needs no signature.',
          responses: { '200': { description: 'The OpenAPI 3.1 document of the HR webhook', content: json({ type: 'object', required: ['openapi', 'paths'] }) } },
        },
      },
    },
    components: {
      schemas: {
        HrEvent: bodySchema(),
        Accepted: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' }, duplicate: { type: 'boolean' } },
        },
        Invalid: {
          type: 'object',
          required: ['error', 'errors'],
          properties: {
            error: { type: 'string', enum: ['invalid_body', 'malformed_json'] },
            errors: {
              type: 'array',
              items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
