// A real OpenID Connect provider for the single sign-on tests: panva's certified oidc-provider,
// on a free 127.0.0.1 port, with the clients and accounts the tests pass as JSON in argv[2].
//
// Signing in is not interactive: the account is the authorization request's login_hint (Assure
// sends the e-mail address typed), and consent is given at once. An account may "misbehave":
// the provider then changes its ID token after issuing it (and signs it again with its own key,
// or with a stranger's key for "forged"), so that the relying party under test sees a token a
// real provider could send (a wrong audience, an expired token, no nonce, a forged signature).
//
// Prints {"issuer": "http://127.0.0.1:<port>"} on one line once it is listening.

import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const { clients, accounts } = JSON.parse(process.argv[2]);
const byEmail = new Map(accounts.map((account) => [account.email, account]));
const byEmailInLowerCase = new Map(accounts.map((account) => [account.email.toLowerCase(), account]));
const bySubject = new Map(accounts.map((account) => [account.sub, account]));

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'signing-key', alg: 'RS256', use: 'sig' };
}
const signingKey = newKey();
const strangersKey = newKey();

const base64url = (value) => Buffer.from(value).toString('base64url');

function signedToken(claims, jwk) {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: jwk.kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), createPrivateKey({ key: jwk, format: 'jwk' }));
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

const MISBEHAVIOURS = {
  // Issued to another service at our client's request: azp names our client, aud does not.
  'wrong-audience': (claims) => ({ ...claims, aud: 'another-service', azp: claims.aud }),
  'extra-audience': (claims) => ({ ...claims, aud: [claims.aud, 'another-service'], azp: claims.aud }),
  'other-azp': (claims) => ({ ...claims, azp: 'another-service' }),
  expired: (claims) => ({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }),
  'no-nonce': ({ nonce, ...claims }) => claims,
  'other-issuer': (claims) => ({ ...claims, iss: 'http://127.0.0.1:9/impostor' }),
};

function misbehaved(idToken) {
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
  const account = bySubject.get(claims.sub);
  if (!account?.misbehave) return idToken;
  if (account.misbehave === 'forged') return signedToken(claims, strangersKey);
  return signedToken(MISBEHAVIOURS[account.misbehave](claims), signingKey);
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    })),
    jwks: { keys: [signingKey] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // As Microsoft Entra ID does: the e-mail claims in the ID token itself.
    conformIdTokenClaims: false,
    cookies: { keys: [randomUUID()] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const account = bySubject.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          const claims = { sub, email: account.email, name: account.name || account.email };
          if (account.email_verified !== null) claims.email_verified = account.email_verified ?? true;
          return claims;
        },
      };
    },
  });

  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) {
      const { params } = await provider.interactionDetails(ctx.req, ctx.res);
      const hint = String(params.login_hint || '');
      const account = byEmail.get(hint) || byEmailInLowerCase.get(hint.toLowerCase());
      if (!account) {
        return provider.interactionFinished(ctx.req, ctx.res, { error: 'access_denied' });
      }
      const grant = new provider.Grant({ accountId: account.sub, clientId: params.client_id });
      grant.addOIDCScope(params.scope);
      const grantId = await grant.save();
      return provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: account.sub }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    }
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
      ctx.body = { ...ctx.body, id_token: misbehaved(ctx.body.id_token) };
    }
    return undefined;
  });

  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
