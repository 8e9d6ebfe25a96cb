import { resolve } from 'node:path'
import type { OAuth1Token, SignatureMethod } from '@oauthkit/core'
import { oauth1Session } from '@oauthkit/core'
import type { Command } from 'commander'
import { startCallbackServer } from '../callback-server.ts'
import { CliError } from '../cli-error.ts'
import { ProfileStore } from '../config.ts'
import { readPrivateKey, signatureMethodOf } from '../credentials.ts'
import type { CliIO, CliPrompts } from '../io.ts'
import { collect } from '../options.ts'
import { PRESETS, presetNamed } from '../presets.ts'
import type { Profile } from '../profile.ts'

interface LoginFlags {
  profile?: string
  preset?: string
  consumerKey?: string
  consumerSecret?: string
  requestTokenUrl?: string
  authorizeUrl?: string
  accessTokenUrl?: string
  authorizeParam?: string[]
  signatureMethod?: string
  privateKey?: string
  realm?: string
  oob?: boolean
  xauth?: boolean
  token?: string
  tokenSecret?: string
  oneLegged?: boolean
  username?: string
  browser: boolean
  timeout: string
}

/** @internal `oauthkit login`. */
export function loginCommand(program: Command, io: CliIO, defaultPrompts: () => Promise<CliPrompts>): void {
  program
    .command('login')
    .description('get an access token (three-legged with a local callback, --oob with a PIN, or --xauth) and save it as a profile')
    .option('--profile <name>', 'profile to save (default: the preset name, else "default")')
    .option('--preset <preset>', 'provider preset: endpoints and quirks (see the docs)', 'generic')
    .option('--consumer-key <key>', 'consumer key (env OAUTHKIT_CONSUMER_KEY; prompted when missing)')
    .option('--consumer-secret <secret>', 'consumer secret (env OAUTHKIT_CONSUMER_SECRET; prompted when missing)')
    .option('--request-token-url <url>', 'request-token endpoint')
    .option('--authorize-url <url>', 'authorization endpoint')
    .option('--access-token-url <url>', 'access-token endpoint')
    .option('--authorize-param <name=value>', 'extra parameter of the authorization URL (repeatable)', collect)
    .option('--signature-method <method>', "signature method (default: the preset's)")
    .option('--private-key <file>', 'PEM private key file for RSA-*')
    .option('--realm <realm>', 'realm of the Authorization header')
    .option('--oob', 'out-of-band: print the authorization URL and ask for the PIN')
    .option('--token <token>', 'an access token made elsewhere (NetSuite): saved without any flow')
    .option('--token-secret <secret>', 'its secret')
    .option('--one-legged', 'save the consumer credentials only, no token (WooCommerce)')
    .option('--xauth', 'xAuth: exchange a username and password (asked, never stored) for a token')
    .option('--username <username>', 'xAuth username')
    .option('--no-browser', 'print the authorization URL instead of opening the browser')
    .option('--timeout <seconds>', 'how long to wait for the browser to come back', '300')
    .addHelpText(
      'after',
      `\nPresets:\n${Object.values(PRESETS)
        .map(
          (preset) =>
            `  ${preset.name.padEnd(12)} ${preset.title} (${preset.signatureMethod}, ${preset.placement})\n${' '.repeat(15)}${preset.notes}`,
        )
        .join('\n')}\n`,
    )
    .action(async (flags: LoginFlags) => {
      const env = io.env
      const preset = (() => {
        try {
          return presetNamed(flags.preset ?? 'generic')
        } catch (error) {
          throw new CliError(`--preset: ${(error as Error).message}`, 2)
        }
      })()
      let prompts: CliPrompts | undefined
      const ask = async (what: string, flag: string, hidden = false): Promise<string> => {
        if (!io.interactive) throw new CliError(`${what} is missing: give ${flag} (no terminal to ask on)`, 2)
        prompts ??= io.prompts ?? (await defaultPrompts())
        const answer = hidden ? await prompts.password({ message: `${what}:` }) : await prompts.input({ message: `${what}:` })
        if (answer.trim() === '') throw new CliError(`${what} is required`, 2)
        return answer.trim()
      }
      const signatureMethod: SignatureMethod =
        signatureMethodOf(flags.signatureMethod ?? (env.OAUTHKIT_SIGNATURE_METHOD || undefined), '--signature-method') ??
        preset.signatureMethod
      const isRsa = signatureMethod.startsWith('RSA-')
      const consumerKey = flags.consumerKey ?? (env.OAUTHKIT_CONSUMER_KEY || undefined) ?? (await ask('Consumer key', '--consumer-key'))
      const consumerSecret = isRsa
        ? (flags.consumerSecret ?? (env.OAUTHKIT_CONSUMER_SECRET || undefined))
        : (flags.consumerSecret ?? (env.OAUTHKIT_CONSUMER_SECRET || undefined) ?? (await ask('Consumer secret', '--consumer-secret', true)))
      const keyFile = flags.privateKey ?? (env.OAUTHKIT_PRIVATE_KEY || undefined)
      if (isRsa && keyFile === undefined) throw new CliError(`${signatureMethod} needs --private-key FILE`, 2)
      const privateKey = isRsa && keyFile !== undefined ? await readPrivateKey(keyFile) : undefined
      let realm = flags.realm ?? (env.OAUTHKIT_REALM || undefined)
      if (realm === undefined && preset.realm === 'account-id') realm = await ask('Account id (the realm)', '--realm')
      // NetSuite: the account id in upper case, "_" for "-" (1234567-sb1 → 1234567_SB1).
      if (realm !== undefined && preset.realm === 'account-id') realm = realm.toUpperCase().replaceAll('-', '_')
      const given = flags.token !== undefined || flags.tokenSecret !== undefined
      if (given && (flags.token === undefined || flags.tokenSecret === undefined)) {
        throw new CliError('--token and --token-secret go together', 2)
      }
      if ([given, flags.oneLegged === true, flags.xauth === true, flags.oob === true].filter(Boolean).length > 1) {
        throw new CliError('choose one of --token, --one-legged, --xauth and --oob', 2)
      }
      const direct = given || flags.oneLegged === true
      const accessTokenUrl = direct
        ? (flags.accessTokenUrl ?? preset.accessTokenUrl)
        : (flags.accessTokenUrl ?? preset.accessTokenUrl ?? (await ask('Access-token URL', '--access-token-url')))
      const name = flags.profile ?? (env.OAUTHKIT_PROFILE || undefined) ?? (preset.name === 'generic' ? 'default' : preset.name)
      const session = oauth1Session({
        consumerKey,
        consumerSecret: consumerSecret ?? '',
        signatureMethod,
        privateKey,
        realm,
        fetch: io.fetch,
        timestamp: io.now ? () => Math.floor((io.now as () => number)() / 1000) : undefined,
      })
      const authorizeParameters: Record<string, string> = {}
      for (const field of flags.authorizeParam ?? []) {
        const equals = field.indexOf('=')
        if (equals <= 0) throw new CliError(`--authorize-param "${field}": name=value`, 2)
        authorizeParameters[field.slice(0, equals)] = field.slice(equals + 1)
      }

      let access: OAuth1Token | undefined
      let requestTokenUrl: string | undefined
      let authorizeUrl: string | undefined
      if (direct) {
        access = given ? { token: flags.token as string, tokenSecret: flags.tokenSecret as string } : undefined
      } else if (accessTokenUrl === undefined) {
        throw new CliError('--access-token-url is required', 2)
      } else if (flags.xauth) {
        const username = flags.username ?? (await ask('Username', '--username'))
        const password = await ask('Password', 'a password (it is only asked for)', true)
        access = await session.fetchAccessTokenViaXAuth(accessTokenUrl, { username, password })
      } else {
        requestTokenUrl = flags.requestTokenUrl ?? preset.requestTokenUrl ?? (await ask('Request-token URL', '--request-token-url'))
        authorizeUrl = flags.authorizeUrl ?? preset.authorizeUrl ?? (await ask('Authorization URL', '--authorize-url'))
        const show = async (url: string): Promise<void> => {
          const opened = flags.browser && (await io.openBrowser(url).catch(() => false))
          io.stderr.write(opened ? `Opened the browser at ${url}\n` : `Open this URL in your browser:\n\n  ${url}\n\n`)
        }
        if (flags.oob) {
          await session.fetchRequestToken(requestTokenUrl, { callback: 'oob' })
          await show(session.authorizationUrl(authorizeUrl, authorizeParameters))
          const verifier = await ask('PIN (the verifier the provider shows)', 'the PIN (run login in a terminal)')
          access = await session.fetchAccessToken(accessTokenUrl, { verifier })
        } else {
          const timeout = Number(flags.timeout)
          if (!Number.isFinite(timeout) || timeout <= 0) throw new CliError('--timeout: a number of seconds', 2)
          const server = await startCallbackServer(timeout * 1000)
          try {
            await session.fetchRequestToken(requestTokenUrl, { callback: server.url })
            await show(session.authorizationUrl(authorizeUrl, authorizeParameters))
            io.stderr.write(`Waiting for the authorization at ${server.url} …\n`)
            session.parseAuthorizationResponse(await server.received)
          } finally {
            await server.close()
          }
          access = await session.fetchAccessToken(accessTokenUrl)
        }
      }

      const { token, tokenSecret, ...fields } = access ?? { token: undefined, tokenSecret: undefined }
      const extra: Record<string, string> = {}
      for (const [field, value] of Object.entries(fields)) if (!field.startsWith('oauth_')) extra[field] = value
      const profile: Profile = {
        consumerKey,
        consumerSecret,
        token,
        tokenSecret,
        signatureMethod,
        privateKeyFile: keyFile === undefined ? undefined : resolve(keyFile),
        realm,
        placement: preset.placement,
        preset: preset.name,
        requestTokenUrl,
        authorizeUrl,
        accessTokenUrl,
        extra: Object.keys(extra).length > 0 ? extra : undefined,
      }
      const store = new ProfileStore(env)
      await store.profiles.set(name, profile)
      const current = await store.defaultName()
      const makeDefault = current === undefined || (await store.profiles.get(current)) === undefined
      if (makeDefault) await store.setDefault(name)
      const who = extra.screen_name ?? extra.user_id
      io.stderr.write(
        `${access === undefined ? 'Saved the consumer credentials' : 'Logged in'}${who ? ` as ${who}` : ''}; saved profile "${name}"${makeDefault ? ' (the default)' : ''}\n`,
      )
    })
}
