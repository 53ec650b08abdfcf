import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import { AppError, forbidden } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import { ACCOUNT_PURPOSE } from '../privacy/purposes.js';
import { actAsSignedInCitizen } from './signed-in.js';
import type { CitizenRow, CitizensRepository } from './citizens.repository.js';
import { normaliseEmail, normalisePhone } from './identifier.js';

/** What the login flow keeps in a signed, httpOnly cookie between /start and /callback. */
export interface OidcFlowState {
  state: string;
  nonce: string;
  verifier: string;
  /** The citizen ticked the consent box before leaving for the provider. */
  consent: boolean;
}

export interface OidcClaims {
  sub: string;
  name?: string;
  email?: string;
  emailVerified: boolean;
  phone?: string;
  phoneVerified: boolean;
}

export const OIDC_SCOPE = 'openid profile email phone';
export const OIDC_CALLBACK_PATH = '/api/v1/citizen/oidc/callback';

const unavailable = () =>
  new AppError(
    503,
    'oidc_unavailable',
    'Dịch vụ đăng nhập bằng tài khoản định danh tạm thời không sẵn sàng. Vui lòng thử lại sau hoặc đăng nhập bằng mã xác nhận.',
  );

/** Plain http is allowed only for an issuer on this machine (tests, local development). */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Sign-in through an external OpenID Connect provider (VNeID, a provincial SSO): authorization
 * code flow with PKCE (S256), state and nonce, using openid-client v6.
 */
export class OidcService {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly repo: CitizensRepository,
  ) {}

  get enabled(): boolean {
    const { issuer, clientId } = this.app.config.oidc;
    return Boolean(issuer && clientId);
  }

  get providerName(): string {
    return this.app.config.oidc.name;
  }

  /** The provider key stored in citizen_identities: the issuer URL. */
  get provider(): string {
    return this.app.config.oidc.issuer ?? '';
  }

  get redirectUri(): string {
    return `${this.app.config.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  private discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret } = this.app.config.oidc;
    if (!issuer || !clientId)
      throw new AppError(404, 'oidc_not_configured', 'Đăng nhập bằng tài khoản định danh chưa được cấu hình.');
    if (!this.configuration) {
      const url = new URL(issuer);
      const auth = clientSecret ? client.ClientSecretBasic(clientSecret) : client.None();
      this.configuration = client
        .discovery(url, clientId, clientSecret ?? undefined, auth, {
          ...(isLoopback(url) ? { execute: [client.allowInsecureRequests] } : {}),
          timeout: 10,
        })
        .catch((error: unknown) => {
          this.configuration = null; // try again on the next sign-in
          this.app.log.error({ err: error, issuer }, 'OIDC discovery failed');
          throw unavailable();
        });
    }
    return this.configuration;
  }

  async start(consent: boolean): Promise<{ url: string; flow: OidcFlowState }> {
    const config = await this.discover();
    const verifier = client.randomPKCECodeVerifier();
    const flow: OidcFlowState = { state: client.randomState(), nonce: client.randomNonce(), verifier, consent };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: OIDC_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /** Exchanges the code (checking state, nonce, PKCE and the ID token) and reads the claims. */
  async finish(callbackQuery: string, flow: OidcFlowState): Promise<OidcClaims> {
    const config = await this.discover();
    const current = new URL(`${this.redirectUri}${callbackQuery}`);
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    let info: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) {
      info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    }
    const all: Record<string, unknown> = { ...idClaims, ...info };
    return {
      sub: idClaims.sub,
      name:
        str(all.name) ??
        ([str(all.family_name), str(all.middle_name), str(all.given_name)].filter(Boolean).join(' ') || undefined),
      email: str(all.email),
      emailVerified: all.email_verified === true,
      phone: str(all.phone_number),
      phoneVerified: all.phone_number_verified === true,
    };
  }

  /**
   * Finds the citizen linked to (issuer, sub), or links an existing account whose e-mail or phone
   * the provider vouches for (`*_verified`), or creates one. Returns null when the citizen has not
   * given the mandatory consent yet and did not tick the box (nothing is created then).
   */
  async signIn(actor: ActorContext, claims: OidcClaims, consentGiven: boolean): Promise<CitizenRow | null> {
    const provider = this.provider;
    const now = this.app.clock();
    const email = claims.email ? normaliseEmail(claims.email) : null;
    const phone = claims.phone ? normalisePhone(claims.phone) : null;
    const privacy = this.app.privacy;

    return this.app.database.db.transaction().execute(async (trx) => {
      const identity = await this.repo.findIdentity(provider, claims.sub, trx);
      let citizen: CitizenRow | undefined;
      let created = false;
      let linked = false;
      if (identity) {
        citizen = await this.repo.findById(identity.citizen_id, trx);
      } else {
        citizen =
          (email && claims.emailVerified ? await this.repo.findByEmail(email, trx) : undefined) ??
          (phone && claims.phoneVerified ? await this.repo.findByPhone(phone, trx) : undefined);
        linked = citizen !== undefined;
      }
      if (citizen?.status === 'locked') {
        throw forbidden(
          'Tài khoản này đang bị khóa. Vui lòng liên hệ bộ phận một cửa để được hỗ trợ.',
          'account_disabled',
        );
      }
      const hasConsent = citizen ? await privacy.hasConsent(citizen.id, ACCOUNT_PURPOSE, trx) : false;
      if (!hasConsent && !consentGiven) return null;

      if (!citizen) {
        // A new account: take the identifiers only when no other account holds them.
        const freeEmail = email && !(await this.repo.findByEmail(email, trx)) ? email : null;
        const freePhone = phone && !(await this.repo.findByPhone(phone, trx)) ? phone : null;
        citizen = await this.repo.insertCitizen(
          {
            fullName: claims.name?.slice(0, 200) ?? null,
            email: freeEmail,
            phone: freePhone,
            emailVerifiedAt: freeEmail && claims.emailVerified ? now : null,
            phoneVerifiedAt: freePhone && claims.phoneVerified ? now : null,
            nameSource: claims.name ? 'oidc' : 'self',
            at: now,
          },
          trx,
        );
        created = true;
      } else {
        const patch: Parameters<CitizensRepository['update']>[2] = { status: 'active', last_sign_in_at: now };
        // The provider's name is authoritative (it is verified against the national population database).
        if (claims.name) {
          patch.full_name = claims.name.slice(0, 200);
          patch.name_source = 'oidc';
        }
        if (linked && email && citizen.email === email && claims.emailVerified) patch.email_verified_at = now;
        if (linked && phone && citizen.phone === phone && claims.phoneVerified) patch.phone_verified_at = now;
        citizen = await this.repo.update(citizen.id, null, patch, now, trx);
        if (!citizen) throw new Error('citizen vanished');
      }
      if (identity) await this.repo.touchIdentity(provider, claims.sub, now, trx);
      else await this.repo.insertIdentity(provider, claims.sub, citizen.id, now, trx);

      const citizenActor = await actAsSignedInCitizen(
        privacy,
        actor,
        citizen,
        { given: consentGiven, source: 'oidc_signin' },
        trx,
      );
      await this.app.audit.record(
        citizenActor,
        {
          action: created ? 'citizen.create' : identity ? 'citizen.sign_in' : 'citizen.link_identity',
          entityType: 'citizen',
          entityId: citizen.id,
          agencyId: null,
          after: {
            method: 'oidc',
            provider,
            ...(created || !identity ? { linkedBy: created ? 'new' : 'verified_contact' } : {}),
          },
        },
        trx,
      );
      return citizen;
    });
  }
}
