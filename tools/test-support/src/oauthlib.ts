import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The interpreter with python3-oauthlib 3.2.2 (the pyenv python3 on PATH has no oauthlib). */
export const PYTHON = '/usr/bin/python3'
const PROVIDER_SCRIPT = fileURLToPath(new URL('../oauthlib/provider.py', import.meta.url))

/** A consumer the provider knows. */
export interface OauthlibClient {
  /** The shared secret, for HMAC-* and PLAINTEXT. */
  secret?: string
  /** The RSA public key (PEM), for RSA-*. */
  rsaPublicKey?: string
  /** An OAuth 1.0 provider for this consumer: no `oauth_callback_confirmed` in the request-token answer. */
  legacy?: boolean
  /** Whether this consumer may use xAuth. */
  xauth?: boolean
}

/** An access token the provider knows from the start, valid for one consumer. */
export interface OauthlibToken {
  /** The consumer key the token belongs to. */
  client: string
  /** The token secret. */
  secret: string
}

/** A user of the provider, who approves consumers (or signs in through xAuth). */
export interface OauthlibUser {
  password: string
  userId: string
  screenName: string
}

/** Options of {@link startOauthlib}. */
export interface OauthlibOptions {
  /** The fixed time (seconds) oauthlib checks `oauth_timestamp` against; sign with timestamps near it. */
  now: number
  clients?: Record<string, OauthlibClient>
  tokens?: Record<string, OauthlibToken>
  users?: Record<string, OauthlibUser>
  /** How far a timestamp may be from `now`, in seconds; 600 (oauthlib's default) by default. */
  timestampLifetime?: number
  /** How long to wait for the port line; 15 s by default. */
  startTimeoutMs?: number
}

/** A running provider. */
export interface Oauthlib {
  /** `http://127.0.0.1:<port>`, without a trailing slash: any path but the ones below answers a verdict. */
  url: string
  port: number
  requestTokenUrl: string
  authorizeUrl: string
  accessTokenUrl: string
  resourceUrl: string
  /** Approves (or denies) a request token as the user would, answering what the provider answered. */
  approve(authorizationUrl: string, user: string, decision?: 'allow' | 'deny'): Promise<Response>
  /** Revokes an access token. */
  revoke(token: string): Promise<void>
  /** Stops the provider; resolves when the process has exited. */
  close(): Promise<void>
}

/** What the provider tells about a request to a verdict path, accepted or not: what oauthlib parsed from it. */
interface OauthlibSeen {
  /** The HTTP method received. */
  method: string
  /** The URI oauthlib verified (`http://` + Host + request target). */
  uri: string
  /** `resource` (ResourceEndpoint) for requests with a token, `signature_only` otherwise. */
  endpoint?: 'resource' | 'signature_only'
  clientKey?: string
  resourceOwnerKey?: string | null
  signatureMethod?: string
  /** Where oauthlib found the protocol parameters. */
  signatureType?: 'AUTH_HEADER' | 'QUERY' | 'BODY'
  realm?: string | null
  nonce?: string
  timestamp?: string
  verifier?: string | null
  callback?: string | null
  /** The protocol parameters, decoded by oauthlib (`oauth_signature` included). */
  oauthParams?: Record<string, string>
  /** Every other parameter oauthlib signed (query and form body), decoded, in its order. */
  parameters?: [string, string][]
}

/** The 200 answer of a verdict path: oauthlib verified the request. */
export interface OauthlibAccepted extends Required<OauthlibSeen> {
  valid: true
}

/** The 401 answer of a verdict path: oauthlib refused the request. */
export interface OauthlibRefused extends OauthlibSeen {
  valid: false
  /** `signature_invalid`, `nonce_used`, `client_invalid`, `token_invalid`, `invalid_request`, … */
  error: string
  /** Why, in words. */
  reason: string
  /** The validator checks that failed (`client`, `resource_owner`, `realm`, `signature`, `nonce`). */
  failed: string[]
}

/** The JSON body of every answer of a verdict path. */
export type OauthlibVerdict = OauthlibAccepted | OauthlibRefused

/**
 * Starts oauthlib/provider.py on 127.0.0.1 with a free port and oauthlib's clock fixed at
 * `options.now`: oauthlib's token endpoints and resource, and a verdict on any other path (see the
 * script). Nonces are remembered for the life of the process. Close it in `afterAll`.
 */
export function startOauthlib(options: OauthlibOptions): Promise<Oauthlib> {
  const config = {
    clients: options.clients ?? {},
    tokens: options.tokens ?? {},
    users: options.users ?? {},
    timestampLifetime: options.timestampLifetime ?? 600,
  }
  const child = spawn(PYTHON, [PROVIDER_SCRIPT, '--now', String(Math.floor(options.now)), '--exit-on-stdin-eof'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  // Resolves once the process is gone (or could not start at all).
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.once('error', () => resolve())
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })
  // A provider that died early makes writes fail with EPIPE; the exit is reported below instead.
  child.stdin.on('error', () => {})
  // The configuration is the first line; stdin then stays open: the provider exits when it closes.
  child.stdin.write(`${JSON.stringify(config)}\n`)

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end()
      child.kill('SIGTERM')
    }
    await exited
  }

  return new Promise<Oauthlib>((resolve, reject) => {
    let stdout = ''
    let settled = false
    const fail = (message: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void close().then(() => reject(new Error(`oauthlib provider: ${message}${stderr ? `\n${stderr}` : ''}`)))
    }
    const onError = (error: Error): void => fail(`cannot start ${PYTHON}: ${error.message}`)
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`exited before printing its port (code ${code}, signal ${signal})`)
    const onData = (chunk: string): void => {
      stdout += chunk
      const newline = stdout.indexOf('\n')
      if (newline === -1) return
      child.stdout.off('data', onData)
      child.stdout.resume()
      const line = stdout.slice(0, newline).trim()
      const port = Number(line)
      if (!/^\d+$/.test(line) || port <= 0) {
        fail(`unexpected first line ${JSON.stringify(line)}`)
        return
      }
      settled = true
      clearTimeout(timer)
      child.off('exit', onExit)
      child.off('error', onError)
      const url = `http://127.0.0.1:${port}`
      resolve({
        url,
        port,
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
    const timer = setTimeout(() => fail('no port line in time'), options.startTimeoutMs ?? 15_000)
    child.once('error', onError)
    child.once('exit', onExit)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', onData)
  })
}
