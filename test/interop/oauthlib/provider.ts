import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { rsaKeys } from '../../fixtures/index.ts'
import { PYTHON } from './fixtures.ts'

const PROVIDER_SCRIPT = fileURLToPath(new URL('./provider.py', import.meta.url))

/** A consumer the provider knows. */
export interface ProviderClient {
  /** The shared secret, for HMAC-* and PLAINTEXT. */
  secret?: string
  /** The RSA public key (PEM), for RSA-*. */
  rsaPublicKey?: string
  /** An OAuth 1.0 provider for this consumer: no `oauth_callback_confirmed` in the request-token answer. */
  legacy?: boolean
  /** Whether this consumer may use xAuth. */
  xauth?: boolean
}

/** A user of the provider, who approves consumers (or signs in through xAuth). */
export interface ProviderUser {
  password: string
  userId: string
  screenName: string
}

/** The consumers of the dance tests. */
export const danceConsumer = { key: 'dance-consumer', secret: 'dance consumer secret&+', privateKey: rsaKeys.privatePkcs8 } as const
export const legacyConsumer = { key: 'legacy-consumer', secret: 'legacy-secret' } as const
/** The user of the dance tests; her password is unusual enough to be found anywhere it leaks. */
export const alice = { name: 'alice', password: 'pa55 w0rd&=+%Zq!', userId: '1001', screenName: 'alice_a' } as const

export const providerClients: Record<string, ProviderClient> = {
  [danceConsumer.key]: { secret: danceConsumer.secret, rsaPublicKey: rsaKeys.publicSpki, xauth: true },
  [legacyConsumer.key]: { secret: legacyConsumer.secret, legacy: true },
}

export const providerUsers: Record<string, ProviderUser> = {
  [alice.name]: { password: alice.password, userId: alice.userId, screenName: alice.screenName },
}

/** Options of {@link startOauthlibProvider}. */
export interface ProviderOptions {
  /** The fixed time (seconds) timestamps are checked against. */
  now: number
  clients?: Record<string, ProviderClient>
  users?: Record<string, ProviderUser>
  /** How far a timestamp may be from `now`, in seconds; 600 by default. */
  timestampLifetime?: number
}

/** A running provider. */
export interface OauthlibProvider {
  /** `http://127.0.0.1:<port>` */
  url: string
  requestTokenUrl: string
  authorizeUrl: string
  accessTokenUrl: string
  resourceUrl: string
  /** Approves (or denies) a request token as the user would, answering what the provider answered. */
  approve(authorizationUrl: string, user: string, decision?: 'allow' | 'deny'): Promise<Response>
  /** Revokes an access token. */
  revoke(token: string): Promise<void>
  close(): Promise<void>
}

/**
 * Starts provider.py (oauthlib's request-token, authorization, access-token and resource endpoints,
 * plus xAuth) on 127.0.0.1 with a free port and a fixed clock. Close it in `afterAll`.
 */
export function startOauthlibProvider(options: ProviderOptions): Promise<OauthlibProvider> {
  const config = {
    clients: options.clients ?? providerClients,
    users: options.users ?? providerUsers,
    timestampLifetime: options.timestampLifetime ?? 600,
  }
  const child = spawn(PYTHON, [PROVIDER_SCRIPT, '--now', String(Math.floor(options.now)), '--exit-on-stdin-eof'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.once('error', () => resolve())
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })
  child.stdin.on('error', () => {})
  child.stdin.write(`${JSON.stringify(config)}\n`)

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end()
      child.kill('SIGTERM')
    }
    await exited
  }

  return new Promise<OauthlibProvider>((resolve, reject) => {
    let stdout = ''
    const fail = (message: string): void => {
      clearTimeout(timer)
      void close().then(() => reject(new Error(`oauthlib provider: ${message}${stderr ? `\n${stderr}` : ''}`)))
    }
    const onExit = (code: number | null): void => fail(`exited before printing its port (code ${code})`)
    const onData = (chunk: string): void => {
      stdout += chunk
      const newline = stdout.indexOf('\n')
      if (newline === -1) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      child.off('exit', onExit)
      clearTimeout(timer)
      const line = stdout.slice(0, newline).trim()
      if (!/^\d+$/.test(line)) {
        fail(`unexpected first line ${JSON.stringify(line)}`)
        return
      }
      const url = `http://127.0.0.1:${line}`
      resolve({
        url,
        requestTokenUrl: `${url}/oauth/request_token`,
        authorizeUrl: `${url}/oauth/authorize`,
        accessTokenUrl: `${url}/oauth/access_token`,
        resourceUrl: `${url}/resource`,
        approve: (authorizationUrl, user, decision = 'allow') => {
          const target = new URL(authorizationUrl)
          target.searchParams.set('user', user)
          target.searchParams.set('decision', decision)
          return fetch(target, { redirect: 'manual' })
        },
        revoke: async (token) => {
          const response = await fetch(`${url}/admin/revoke?token=${encodeURIComponent(token)}`, { method: 'POST' })
          await response.body?.cancel()
        },
        close,
      })
    }
    const timer = setTimeout(() => fail('no port line in time'), 15_000)
    child.once('error', (error) => fail(`cannot start ${PYTHON}: ${error.message}`))
    child.once('exit', onExit)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', onData)
  })
}
