import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** Claims of one account at the test provider (sub is the account id). */
export type TestAccount = Record<string, string | boolean>;

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Who "signs in" at the provider's login screen next; 'deny' = the person cancels. */
  nextLogin: { accountId: string } | 'deny';
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 and a random port. Its login and
 * consent screens are replaced by an interaction handler that signs in `nextLogin` at once, like a
 * person typing their password and pressing "Allow" — the rest (authorization endpoint, cookies,
 * PKCE, state, nonce, ID token signing, token and userinfo endpoints) is the real provider.
 */
export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = 'saola-portal';
  const clientSecret = 'saola-test-client-secret-0123456789abcdef';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      const claims = accounts.get(id);
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
    claims: {
      openid: ['sub'],
      profile: ['name', 'family_name', 'given_name'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['saola-test-cookie-key-0123456789'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    nextLogin: 'deny',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      handle(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      const login = state.nextLogin;
      if (login === 'deny') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'Người dùng đã hủy' },
          { mergeWithLastSubmission: false },
        );
      } else if (details.prompt.name === 'login') {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login.accountId } },
          { mergeWithLastSubmission: false },
        );
      } else {
        const grant = new provider.Grant({
          accountId: details.session?.accountId ?? login.accountId,
          clientId: String(details.params.client_id),
        });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      }
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  return state;
}

/**
 * A browser at the provider: follows its redirects (keeping its cookies) until it is sent back to
 * `returnTo` (the app's callback), and returns that URL.
 */
export async function browseProvider(
  startUrl: string,
  returnTo: string,
  jar = new Map<string, string>(),
): Promise<URL> {
  let url = new URL(startUrl);
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`provider answered ${res.status} at ${url.href}: ${(await res.text()).slice(0, 500)}`);
    }
    url = new URL(location, url);
    if (url.href.startsWith(returnTo)) return url;
  }
  throw new Error('too many redirects at the provider');
}
