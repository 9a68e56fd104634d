// A stand-in for the Bot Framework's identity services in tests: a signing key
// published through OpenID metadata (what Charter checks inbound tokens against),
// tokens signed with it (or with a forger's key), and the token endpoint the bot
// gets its outbound token from. All reached through nock.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import nock from 'nock';
import { GRAPH_TOKEN } from './graph.js';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const APP_PASSWORD = 'e2e-app-password';
export const OUTBOUND_TOKEN = 'outbound-access-token-e2e';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const OPENID_HOST = 'https://login.botframework.com';
const LOGIN_HOST = 'https://login.microsoftonline.com';

function b64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * One signing key per test worker: the Bot Framework SDK caches the published keys by
 * their URL for hours, in module state that outlives a test file (tests run with
 * isolate: false), so every identity must publish the same key under the same kid.
 */
let workerKey: KeyObject | undefined;

export class BotFrameworkIdentity {
  private readonly key: KeyObject;
  readonly kid = 'e2e-key-1';
  readonly tokenRequests: string[] = [];
  /** Token requests for Microsoft Graph (client credentials, Graph scope). */
  readonly graphTokenRequests: string[] = [];

  constructor() {
    workerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.key = workerKey;
  }

  install(): void {
    const jwk = this.key.export({ format: 'jwk' });
    nock(OPENID_HOST)
      .persist()
      .get('/v1/.well-known/openidconfiguration')
      .reply(200, {
        issuer: 'https://api.botframework.com',
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${OPENID_HOST}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      })
      .get('/v1/.well-known/keys')
      .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });

    // The bot's own outbound token (client credentials through MSAL).
    const tenantMetadata = (tenant: string) => ({
      token_endpoint: `${LOGIN_HOST}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${LOGIN_HOST}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${LOGIN_HOST}/${tenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
      authorization_endpoint: `${LOGIN_HOST}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${LOGIN_HOST}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${LOGIN_HOST}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat'],
      kerberos_endpoint: `${LOGIN_HOST}/${tenant}/kerberos`,
      tenant_region_scope: 'WW',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    });
    nock(LOGIN_HOST)
      .persist()
      .get(/\/common\/discovery\/instance.*/)
      .reply(200, {
        tenant_discovery_endpoint: `${LOGIN_HOST}/botframework.com/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
      })
      .get(/\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration/)
      .reply((uri) => [200, tenantMetadata(uri.split('/')[1] ?? 'common')])
      .post(/\/[^/]+\/oauth2\/v2\.0\/token/)
      .reply((_uri, body) => {
        const raw = typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>).toString();
        // Charter's Microsoft Graph client asks the same endpoint for a Graph token (client credentials).
        if (new URLSearchParams(raw).get('scope') === GRAPH_SCOPE) {
          this.graphTokenRequests.push(raw);
          return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: GRAPH_TOKEN }];
        }
        this.tokenRequests.push(raw);
        return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: OUTBOUND_TOKEN }];
      });
  }

  /** A token as the Bot Framework channel signs it for a Teams activity. */
  token(claims: { serviceUrl: string; aud?: string; expiresIn?: number; key?: KeyObject; kid?: string }): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: claims.kid ?? this.kid };
    const payload = {
      iss: 'https://api.botframework.com',
      aud: claims.aud ?? APP_ID,
      serviceurl: claims.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + (claims.expiresIn ?? 3600),
    };
    const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(claims.key ?? this.key);
    return `${unsigned}.${b64url(signature)}`;
  }

  static forgerKey(): KeyObject {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }
}

/** The app registration's tenant (Graph's token). */
export const APP_TENANT = 'e2e00000-0000-4000-8000-0000000000aa';

/** Charter's settings for Teams with Microsoft Graph (signed Bot Framework requests, Graph's token); `extra` adds or overrides. */
export function graphCharterEnv(extra: Record<string, string>): Record<string, string> {
  return { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD, MICROSOFT_APP_TENANT_ID: APP_TENANT, MICROSOFT_GRAPH_ENABLED: 'true', ...extra };
}
