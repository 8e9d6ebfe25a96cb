import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { OauthlibClient, OauthlibToken } from './fixtures.ts'
import { oauthlibClients, oauthlibTokens, PYTHON } from './fixtures.ts'

const SERVER_SCRIPT = fileURLToPath(new URL('./server.py', import.meta.url))

/** Options of {@link startOauthlibServer}. */
export interface OauthlibServerOptions {
  /** The fixed time (seconds) oauthlib checks `oauth_timestamp` against; sign with timestamps near it. */
  now: number
  /** The known consumers; {@link oauthlibClients} by default. */
  clients?: Record<string, OauthlibClient>
  /** The known tokens; {@link oauthlibTokens} by default. */
  tokens?: Record<string, OauthlibToken>
  /** How far a timestamp may be from `now`, in seconds; 600 (oauthlib's default) by default. */
  timestampLifetime?: number
  /** How long to wait for the port line; 15 s by default. */
  startTimeoutMs?: number
}

/** A running oauthlib server. */
export interface OauthlibServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string
  /** The port. */
  port: number
  /** Stops the server; resolves when the process has exited. */
  close(): Promise<void>
}

/** What the server tells about a request, accepted or not: what oauthlib parsed from it. */
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

/** The 200 answer: oauthlib verified the request. */
export interface OauthlibAccepted extends Required<OauthlibSeen> {
  valid: true
}

/** The 401 answer: oauthlib refused the request. */
export interface OauthlibRefused extends OauthlibSeen {
  valid: false
  /** `signature_invalid`, `nonce_used`, `client_invalid`, `token_invalid`, `invalid_request`, … */
  error: string
  /** Why, in words. */
  reason: string
  /** The validator checks that failed (`client`, `resource_owner`, `realm`, `signature`, `nonce`). */
  failed: string[]
}

/** The JSON body of every answer of the server. */
export type OauthlibVerdict = OauthlibAccepted | OauthlibRefused

/**
 * Starts the oauthlib server (server.py) on 127.0.0.1 with a free port. Every request is verified
 * by oauthlib and answered with an {@link OauthlibVerdict}. oauthlib's clock is fixed at
 * `options.now`; nonces are remembered for the life of the server. Close it in `afterAll`.
 *
 * @example
 * ```ts
 * const server = await startOauthlibServer({ now: NOW_SECONDS })
 * afterAll(() => server.close())
 * const response = await fetch(`${server.url}/photos`, { headers: signed.headers })
 * ```
 */
export function startOauthlibServer(options: OauthlibServerOptions): Promise<OauthlibServer> {
  const config = {
    clients: options.clients ?? oauthlibClients,
    tokens: options.tokens ?? oauthlibTokens,
    timestampLifetime: options.timestampLifetime ?? 600,
  }
  const child = spawn(PYTHON, [SERVER_SCRIPT, '--now', String(Math.floor(options.now)), '--exit-on-stdin-eof'], {
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
  // A server that died early makes writes fail with EPIPE; the exit is reported below instead.
  child.stdin.on('error', () => {})
  // The configuration is the first line; stdin then stays open: the server exits when it closes.
  child.stdin.write(`${JSON.stringify(config)}\n`)

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end()
      child.kill('SIGTERM')
    }
    await exited
  }

  return new Promise<OauthlibServer>((resolve, reject) => {
    let stdout = ''
    let settled = false
    const fail = (message: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void close().then(() => reject(new Error(`oauthlib server: ${message}${stderr ? `\n${stderr}` : ''}`)))
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
      resolve({ url: `http://127.0.0.1:${port}`, port, close })
    }
    const timer = setTimeout(() => fail('no port line in time'), options.startTimeoutMs ?? 15_000)
    child.once('error', onError)
    child.once('exit', onExit)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', onData)
  })
}
