import type { OAuth2Authorizer, OAuth2ErrorCode, OAuth2Options, OAuthErrorCode, TokenSet } from '@oauthkit/core'
import { isOAuthError, oauth2 } from '@oauthkit/core'
import { withFileLock } from '@oauthkit/core/node'
import { CliError } from './cli-error.ts'
import { ProfileStore } from './config.ts'
import { withCode } from './error-line.ts'
import type { CliIO } from './io.ts'
import type { OAuth2Profile } from './profile.ts'
import { isOAuth2Profile } from './profile.ts'

/** The `oauth2()` options that come from `oauthkit login` flags. */
const OPTION_FLAGS: readonly [string, string][] = [
  ['tokenEndpoint', '--token-url'],
  ['authorizationEndpoint', '--authorize-url'],
]

/** @internal `oauth2()`, with a mistake in its options told in the words of the command line. */
export function oauth2Client(options: OAuth2Options): OAuth2Authorizer {
  try {
    return oauth2(options)
  } catch (error) {
    if (!isOAuthError(error) || error.code !== 'invalid_options') throw error
    let message = error.message.replace(/^oauth2\(\): /, '')
    for (const [option, flag] of OPTION_FLAGS) message = message.replace(new RegExp(`^${option}\\b`), flag)
    throw new CliError(message, 2)
  }
}

/** @internal What `request` and `sign` use of the client of an OAuth 2 profile. */
export type ProfileClient = Pick<OAuth2Authorizer, 'kind' | 'placement' | 'placements' | 'origins' | 'token' | 'authorize' | 'strip'> &
  Required<Pick<OAuth2Authorizer, 'onResponse'>>

/** Renew this many seconds before `expires_at` (core's default, named to know before core does). */
const REFRESH_SKEW_SECONDS = 30
/** How long a command waits for another one renewing the same profiles (a slow token endpoint), in ms. */
const REFRESH_LOCK_TIMEOUT_SECONDS = 60

/**
 * @internal The `oauth2()` client of a saved OAuth 2 profile. Every new token — a refresh, or the
 * client credentials grant run again — is written back into the profile before the request goes on;
 * `onSaved` then hears of it. Renewals take turns across processes, under the lock file
 * `profiles.json.refresh.lock`: the profile is read again under the lock, and a token another
 * `oauthkit` renewed meanwhile is used as it is — a refresh token is never spent twice.
 */
export function profileClient(name: string, profile: OAuth2Profile, io: CliIO, onSaved?: (token: TokenSet) => void): ProfileClient {
  const store = new ProfileStore(io.env)
  const grant = profile.grant === 'client_credentials' ? 'client_credentials' : undefined
  const client = oauth2Client({
    tokenEndpoint: profile.tokenUrl,
    clientId: profile.clientId,
    clientSecret: profile.clientSecret,
    clientAuth: profile.clientAuth,
    scope: profile.scope,
    grant,
    token: profile.token,
    placement: profile.placement,
    refreshSkewSeconds: REFRESH_SKEW_SECONDS,
    fetch: io.fetch,
    now: io.now,
    onToken: async (token) => {
      // Written into the profile as it is now: one removed meanwhile (profiles remove) stays removed,
      // one logged in again for another client keeps its own token.
      const current = await store.profiles.get(name)
      if (!isOAuth2Profile(current) || current.clientId !== profile.clientId || current.tokenUrl !== profile.tokenUrl) return
      await store.profiles.set(name, { ...current, token })
      onSaved?.(token)
    },
  })
  /** Runs `renew` under the refresh lock, after taking the token saved meanwhile by another process, if any. */
  const inTurn = <T>(renew: () => Promise<T>): Promise<T> =>
    withFileLock(
      `${store.profiles.path}.refresh.lock`,
      async () => {
        const saved = await store.profiles.get(name)
        const token = isOAuth2Profile(saved) ? saved.token : undefined
        if (token !== undefined && token.access_token !== client.token?.access_token) client.setToken(token)
        return renew()
      },
      { timeoutSeconds: REFRESH_LOCK_TIMEOUT_SECONDS },
    )

  return {
    kind: client.kind,
    placement: client.placement,
    placements: client.placements,
    origins: client.origins,
    get token() {
      return client.token
    },
    async authorize(request, options) {
      // The token that core would renew first is renewed in turn (or taken from the one that did).
      if (client.renewalDue()) await inTurn(async () => (client.renewalDue() ? client.getToken() : undefined))
      return client.authorize(request, options)
    },
    // A 401 may make core renew the token: in turn too. When another process renewed it already, core
    // sees that the refused token is no longer the current one, and replays without renewing.
    onResponse: (response, request) => {
      const review = async () => client.onResponse?.(response, request)
      return response.status === 401 ? inTurn(review) : review()
    },
    strip: (request) => client.strip(request),
  }
}

/** The codes after which only a new login helps. */
const LOGIN_AGAIN: readonly (OAuthErrorCode | OAuth2ErrorCode)[] = ['invalid_grant', 'token_unrenewable', 'token_missing']

/** @internal Runs `work`; when the profile's tokens are dead, the error says to log in again. */
export async function withLoginHint<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    // A problem name is never one of them: the cast only widens what includes() accepts.
    if (isOAuthError(error) && (LOGIN_AGAIN as readonly string[]).includes(error.code)) {
      throw new CliError(`${withCode(error)}; log in again: oauthkit login --profile ${name}`)
    }
    throw error
  }
}
