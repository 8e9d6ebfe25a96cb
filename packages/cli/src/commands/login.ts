import { resolve } from 'node:path'
import type { OAuth1Session, OAuth1Token, SignatureMethod } from '@oauthkit/core'
import { isOAuthError, oauth1Session } from '@oauthkit/core'
import type { Command } from 'commander'
import { callbackAddress, startCallbackServer } from '../callback-server.ts'
import { CliError } from '../cli-error.ts'
import { ProfileStore } from '../config.ts'
import { readPrivateKey, signatureMethodOf } from '../credentials.ts'
import type { CliIO, CliPrompts } from '../io.ts'
import type { Ask } from '../login-steps.ts'
import {
  asker,
  authorizeParameters,
  fetchWithHeaders,
  reusing,
  savedProfile,
  saveLogin,
  showAuthorizationUrl,
  timeoutOf,
} from '../login-steps.ts'
import { collect } from '../options.ts'
import type { Preset } from '../presets.ts'
import { addPresetHeaders, PRESETS, presetFlag, presetRealm } from '../presets.ts'
import type { OAuth1Profile, Profile } from '../profile.ts'
import { isOAuth2Profile } from '../profile.ts'
import { httpUrl, parseHeaders } from '../request-spec.ts'
import type { OAuth2LoginFlags } from './login-oauth2.ts'
import { loginOAuth2, OAUTH2_FLAGS } from './login-oauth2.ts'

interface LoginFlags extends OAuth2LoginFlags {
  oauth2?: boolean
  preset?: string
  consumerKey?: string
  consumerSecret?: string
  requestTokenUrl?: string
  accessTokenUrl?: string
  signatureMethod?: string
  privateKey?: string
  realm?: string
  oob?: boolean
  /** `--pin`: the verifier of an out-of-band login, for scripts. */
  pin?: string
  xauth?: boolean
  token?: string
  tokenSecret?: string
  oneLegged?: boolean
  username?: string
  /** `false` with `--no-oauth-version`. */
  oauthVersion?: boolean
  /** `--allow-unconfirmed-callback`: an OAuth 1.0 provider that leaves out `oauth_callback_confirmed`. */
  allowUnconfirmedCallback?: boolean
}

/** The flags of the OAuth 1.0a login only, with their names on the command line. */
const OAUTH1_FLAGS: Readonly<Partial<Record<keyof LoginFlags, string>>> = {
  preset: '--preset',
  consumerKey: '--consumer-key',
  consumerSecret: '--consumer-secret',
  requestTokenUrl: '--request-token-url',
  accessTokenUrl: '--access-token-url',
  signatureMethod: '--signature-method',
  privateKey: '--private-key',
  realm: '--realm',
  oob: '--oob',
  pin: '--pin',
  xauth: '--xauth',
  token: '--token',
  tokenSecret: '--token-secret',
  oneLegged: '--one-legged',
  username: '--username',
  allowUnconfirmedCallback: '--allow-unconfirmed-callback',
}

/**
 * Asks for the request token. A provider that does not confirm the callback fails the login with
 * what to do on the command line (the library's error names its option).
 */
async function requestToken(session: OAuth1Session, url: string, callback: string, required: boolean): Promise<OAuth1Token> {
  try {
    return await session.fetchRequestToken(url, { callback })
  } catch (error) {
    if (!required || !isOAuthError(error) || error.code !== 'callback_not_confirmed') throw error
    throw new CliError(
      'the request-token answer does not confirm the callback (no oauth_callback_confirmed=true): the provider speaks OAuth 1.0 rather than 1.0a, or refused the callback; for a provider known to leave it out, add --allow-unconfirmed-callback (callback_not_confirmed)',
    )
  }
}

/**
 * Whether to log in with OAuth 2: the flags ask for it (`--oauth2`, or a flag only OAuth 2 has), and
 * OAuth 1.0a flags then are a mistake; or, without a flag of either, the profile logged in again is an
 * OAuth 2 one.
 */
function wantsOAuth2(flags: LoginFlags, again: Profile | undefined): boolean {
  const oauth2Flag = Object.entries(OAUTH2_FLAGS).find(([field]) => flags[field as keyof LoginFlags] !== undefined)?.[1]
  const oauth1Flag =
    flags.oauthVersion === false
      ? '--no-oauth-version'
      : Object.entries(OAUTH1_FLAGS).find(([field]) => flags[field as keyof LoginFlags] !== undefined)?.[1]
  if (flags.oauth2 !== true && oauth2Flag === undefined) return oauth1Flag === undefined && isOAuth2Profile(again)
  if (oauth1Flag !== undefined) {
    throw new CliError(`${oauth1Flag} is for OAuth 1.0a and ${oauth2Flag ?? '--oauth2'} for OAuth 2: choose one`, 2)
  }
  return true
}

/** @internal `oauthkit login`. */
export function loginCommand(program: Command, io: CliIO, defaultPrompts: () => Promise<CliPrompts>): void {
  program
    .command('login')
    .description(
      'get an access token and save it as a profile: OAuth 1.0a (three-legged with a local callback, --oob with a PIN, or --xauth) or OAuth 2 (--oauth2: authorization code with PKCE, or client credentials)',
    )
    .option('--profile <name>', 'profile to save (default: the preset name, else "default")')
    .option('--preset <preset>', 'OAuth 1.0a provider preset: endpoints and quirks (see below); generic by default')
    .option('--consumer-key <key>', 'consumer key (env OAUTHKIT_CONSUMER_KEY; prompted when missing)')
    .option('--consumer-secret <secret>', 'consumer secret (env OAUTHKIT_CONSUMER_SECRET; prompted when missing)')
    .option('--request-token-url <url>', 'request-token endpoint')
    .option('--authorize-url <url>', 'authorization endpoint (OAuth 1.0a and OAuth 2)')
    .option('--access-token-url <url>', 'access-token endpoint')
    .option('--authorize-param <name=value>', 'extra parameter of the authorization URL (repeatable)', collect)
    .option('-H, --header <header>', "header 'Name: value' of the token requests (repeatable), e.g. a User-Agent", collect)
    .option('--signature-method <method>', "signature method (default: the preset's)")
    .option('--private-key <file>', 'PEM private key file for RSA-*')
    .option('--realm <realm>', 'realm of the Authorization header')
    .option('--no-oauth-version', 'leave oauth_version out, of the token requests and of the requests of the profile')
    .option(
      '--allow-unconfirmed-callback',
      'accept a request token whose answer leaves out oauth_callback_confirmed (OAuth 1.0 providers; the garmin preset does)',
    )
    .option('--oob', 'out-of-band: print the authorization URL and ask for the PIN; without a terminal, keep the request token for --pin')
    .option(
      '--pin <code>',
      'the PIN of an --oob login, instead of asking (env OAUTHKIT_PIN): finishes the login a run of --oob without a terminal began',
    )
    .option('--token <token>', 'an access token made elsewhere (NetSuite): saved without any flow')
    .option('--token-secret <secret>', 'its secret')
    .option('--one-legged', 'save the consumer credentials only, no token (WooCommerce)')
    .option('--xauth', 'xAuth: exchange a username and password (asked, never stored) for a token')
    .option('--username <username>', 'xAuth username')
    .option('--oauth2', 'log in with OAuth 2 (implied by the OAuth 2 options below)')
    .option('--grant <grant>', 'OAuth 2 grant: authorization_code (default: PKCE S256, local redirect) or client_credentials')
    .option('--client-id <id>', 'OAuth 2 client id (env OAUTHKIT_CLIENT_ID; prompted when missing)')
    .option(
      '--client-secret <secret>',
      'OAuth 2 client secret (env OAUTHKIT_CLIENT_SECRET; prompted when missing; none for a public client)',
    )
    .option(
      '--client-auth <method>',
      'OAuth 2 client authentication: client_secret_basic (default with a secret), client_secret_post or none',
    )
    .option('--token-url <url>', 'OAuth 2 token endpoint')
    .option('--scope <scope>', 'OAuth 2 scope, space-separated')
    .option('--redirect-port <port>', 'port of the local callback (http://127.0.0.1:PORT/callback); a free port by default')
    .option('--redirect-uri <uri>', 'the whole local callback URI, e.g. http://127.0.0.1:8765/oauth/callback (no port: a free one)')
    .option('--no-browser', 'print the authorization URL instead of opening the browser')
    .option('--timeout <seconds>', 'how long to wait for the browser to come back', '300')
    .addHelpText(
      'after',
      `\nPresets (OAuth 1.0a):\n${Object.values(PRESETS)
        .map(
          (preset) =>
            `  ${preset.name.padEnd(12)} ${preset.title} (${preset.signatureMethod}, ${preset.placement})\n${' '.repeat(15)}${preset.notes}`,
        )
        .join('\n')}\n`,
    )
    .action(async (flags: LoginFlags) => {
      const ask = asker(io, defaultPrompts)
      const named = flags.profile ?? (io.env.OAUTHKIT_PROFILE || undefined)
      const again = named === undefined ? undefined : await savedProfile(io, named)
      // Nothing named: a login without a preset writes the profile "default", OAuth 1.0a or OAuth 2,
      // and logs it in again as what it is.
      const byDefault = named === undefined && flags.preset === undefined ? await savedProfile(io, 'default') : again
      if (wantsOAuth2(flags, byDefault)) await loginOAuth2(flags, io, ask)
      else await loginOAuth1(flags, io, ask, named, again)
    })
}

/** Ends the login when the verifier is the one the provider sends for a refusal (Garmin's `NULL`). */
function refusedBy(preset: Preset, verifier: string): void {
  if (preset.deniedVerifier !== undefined && verifier === preset.deniedVerifier) {
    throw new CliError(`the user refused the authorization (the provider sent oauth_verifier=${verifier})`)
  }
}

/**
 * `login` in OAuth 1.0a. A profile logged in again (the one named, else the preset's) gives what no
 * flag or variable does: the consumer (its secret while the consumer key stays the same), how to
 * sign, the endpoints — unless `--preset` names another provider.
 */
async function loginOAuth1(flags: LoginFlags, io: CliIO, ask: Ask, named: string | undefined, again: Profile | undefined): Promise<void> {
  const env = io.env
  if (flags.pin !== undefined && flags.oob !== true) throw new CliError('--pin goes with --oob', 2)
  const savedOAuth1 = isOAuth2Profile(again) ? undefined : again
  const preset = presetFlag(flags.preset ?? savedOAuth1?.preset ?? 'generic')
  const name = named ?? (preset.name === 'generic' ? 'default' : preset.name)
  const saved = named === undefined ? await savedProfile(io, name) : again
  const previous = isOAuth2Profile(saved) || (saved?.preset ?? 'generic') !== preset.name ? undefined : saved
  if (previous !== undefined) io.stderr.write(reusing(name))
  const headers = addPresetHeaders(preset, parseHeaders(flags.header))
  const version = flags.oauthVersion === false || preset.version === false || previous?.version === false ? false : undefined
  const signatureMethod: SignatureMethod =
    signatureMethodOf(flags.signatureMethod ?? (env.OAUTHKIT_SIGNATURE_METHOD || undefined), '--signature-method') ??
    previous?.signatureMethod ??
    preset.signatureMethod
  const isRsa = signatureMethod.startsWith('RSA-')
  const consumerKey =
    flags.consumerKey ?? (env.OAUTHKIT_CONSUMER_KEY || undefined) ?? previous?.consumerKey ?? (await ask('Consumer key', '--consumer-key'))
  const savedSecret = previous?.consumerKey === consumerKey ? previous.consumerSecret : undefined
  const consumerSecret =
    flags.consumerSecret ??
    (env.OAUTHKIT_CONSUMER_SECRET || undefined) ??
    savedSecret ??
    (isRsa ? undefined : await ask('Consumer secret', '--consumer-secret', { hidden: true }))
  const keyFile = flags.privateKey ?? (env.OAUTHKIT_PRIVATE_KEY || undefined) ?? (isRsa ? previous?.privateKeyFile : undefined)
  if (isRsa && keyFile === undefined) throw new CliError(`${signatureMethod} needs --private-key FILE`, 2)
  const privateKey = isRsa && keyFile !== undefined ? await readPrivateKey(keyFile) : undefined
  let realm = flags.realm ?? (env.OAUTHKIT_REALM || undefined) ?? previous?.realm
  if (realm === undefined && preset.realm === 'account-id') realm = await ask('Account id (the realm)', '--realm')
  realm = presetRealm(preset, realm)
  const given = flags.token !== undefined || flags.tokenSecret !== undefined
  if (given && flags.token === undefined) throw new CliError('--token-secret goes with --token', 2)
  if ([given, flags.oneLegged === true, flags.xauth === true, flags.oob === true].filter(Boolean).length > 1) {
    throw new CliError('choose one of --token, --one-legged, --xauth and --oob', 2)
  }
  const direct = given || flags.oneLegged === true
  const known = flags.accessTokenUrl ?? previous?.accessTokenUrl ?? preset.accessTokenUrl
  const accessTokenUrl = direct ? known : (known ?? (await ask('Access-token URL', '--access-token-url')))
  if (accessTokenUrl !== undefined && !direct) httpUrl(accessTokenUrl, '--access-token-url')
  let requestTokenUrl = flags.requestTokenUrl ?? previous?.requestTokenUrl ?? preset.requestTokenUrl
  let authorizeUrl = flags.authorizeUrl ?? previous?.authorizeUrl ?? preset.authorizeUrl
  const unconfirmedCallback = flags.allowUnconfirmedCallback === true || previous?.unconfirmedCallback === true ? true : undefined
  const requireCallbackConfirmed = unconfirmedCallback !== true && (preset.callbackConfirmed ?? true)
  const store = new ProfileStore(env)
  // A scripted out-of-band login runs twice: without the PIN it keeps the request token, with it it finishes.
  const pin = flags.oob === true ? (flags.pin ?? (env.OAUTHKIT_PIN || undefined)) : undefined
  const resumed = pin === undefined ? undefined : await store.pendingOob(name, consumerKey)
  const session = oauth1Session({
    requestToken: resumed,
    consumerKey,
    consumerSecret: consumerSecret ?? '',
    signatureMethod,
    privateKey,
    realm,
    version,
    requireCallbackConfirmed,
    tokenRequestMethod: preset.tokenRequests?.method,
    placement: preset.tokenRequests?.placement,
    fetch: fetchWithHeaders(io.fetch, headers),
    now: io.now,
  })
  const parameters = authorizeParameters(flags.authorizeParam)

  let access: OAuth1Token | undefined
  if (direct) {
    // The secret from the flag, the variable, or asked (hidden): a command line is visible to `ps`.
    const tokenSecret = given
      ? (flags.tokenSecret ??
        (env.OAUTHKIT_TOKEN_SECRET || undefined) ??
        (await ask('Token secret', '--token-secret or OAUTHKIT_TOKEN_SECRET', { hidden: true })))
      : undefined
    access = given ? { token: flags.token as string, tokenSecret: tokenSecret as string } : undefined
  } else if (accessTokenUrl === undefined) {
    throw new CliError('--access-token-url is required', 2)
  } else if (flags.xauth) {
    const username = flags.username ?? (await ask('Username', '--username'))
    const password = await ask('Password', 'a password (it is only asked for)', { hidden: true })
    access = await session.fetchAccessTokenViaXAuth(accessTokenUrl, { username, password })
  } else {
    requestTokenUrl ??= await ask('Request-token URL', '--request-token-url')
    authorizeUrl ??= await ask('Authorization URL', '--authorize-url')
    httpUrl(requestTokenUrl, '--request-token-url')
    httpUrl(authorizeUrl, '--authorize-url')
    if (flags.oob) {
      // A PIN belongs to the request token of an earlier run: with none kept, it can only be refused.
      if (pin !== undefined && resumed === undefined) {
        throw new CliError(
          `no --oob login of profile "${name}" is waiting for a PIN: run the command without --pin (and without OAUTHKIT_PIN) first`,
          2,
        )
      }
      if (resumed === undefined) {
        const pending = await requestToken(session, requestTokenUrl, 'oob', requireCallbackConfirmed)
        await showAuthorizationUrl(io, session.authorizationUrl(authorizeUrl, parameters), flags.browser)
        if (pin === undefined && !io.interactive) {
          await store.setPendingOob(name, consumerKey, pending)
          io.stderr.write(
            `No terminal to ask for the PIN on: once the provider shows it, run the same command with --pin PIN (or OAUTHKIT_PIN) to finish the login of profile "${name}"\n`,
          )
          return
        }
      }
      const verifier = pin ?? (await ask('PIN (the verifier the provider shows)', '--pin or OAUTHKIT_PIN'))
      refusedBy(preset, verifier)
      // The core redacts the PIN from what the provider says of this request.
      access = await session.fetchAccessToken(accessTokenUrl, { verifier })
      if (resumed !== undefined) await store.clearPendingOob(name)
    } else {
      // The redirect waited for carries this login's request token (as oauth_token, or as denied).
      let pending: string | undefined
      const ours = (url: URL): boolean =>
        pending !== undefined && (url.searchParams.get('oauth_token') === pending || url.searchParams.get('denied') === pending)
      const server = await startCallbackServer(timeoutOf(flags.timeout), callbackAddress(flags), ours)
      let verifier: string
      try {
        pending = (await requestToken(session, requestTokenUrl, server.url, requireCallbackConfirmed)).token
        // Garmin takes the callback on the authorization URL; an --authorize-param oauth_callback wins.
        const callback: Record<string, string> = preset.callbackIn === 'authorization-url' ? { oauth_callback: server.url } : {}
        await showAuthorizationUrl(io, session.authorizationUrl(authorizeUrl, { ...callback, ...parameters }), flags.browser)
        io.stderr.write(`Waiting for the authorization at ${server.url} …\n`)
        verifier = session.parseAuthorizationResponse(await server.received).verifier
      } finally {
        await server.close()
      }
      refusedBy(preset, verifier)
      access = await session.fetchAccessToken(accessTokenUrl)
    }
  }

  const { token, tokenSecret, ...fields } = access ?? { token: undefined, tokenSecret: undefined }
  const extra: Record<string, string> = {}
  for (const [field, value] of Object.entries(fields)) if (!field.startsWith('oauth_')) extra[field] = value
  const profile: OAuth1Profile = {
    consumerKey,
    consumerSecret,
    token,
    tokenSecret,
    signatureMethod,
    privateKeyFile: keyFile === undefined ? undefined : resolve(keyFile),
    realm,
    placement: previous?.placement ?? preset.placement,
    version,
    unconfirmedCallback,
    preset: preset.name,
    requestTokenUrl,
    authorizeUrl,
    accessTokenUrl,
    extra: Object.keys(extra).length > 0 ? extra : undefined,
  }
  const who = extra.screen_name ?? extra.user_id
  await saveLogin(io, name, profile, `${access === undefined ? 'Saved the consumer credentials' : 'Logged in'}${who ? ` as ${who}` : ''}`)
}
