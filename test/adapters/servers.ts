import { SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
import type { Answer, Received, Respond, VerifyingOptions } from '@oauthkit/test-support'
import { startVerifyingServer, VerifyingResponder, verifyingHandler } from '@oauthkit/test-support'
import { setupServer } from 'msw/node'

export { carriesCredentials, NOW_SECONDS } from '@oauthkit/test-support'
export const CONSUMER = { key: 'contract-consumer', secret: 'contract consumer secret' }
export const TOKEN = { token: 'contract-token', secret: 'contract/token+secret' }

/** A verifying server of the contract, loopback or msw. */
export interface ContractServer {
  origin: string
  requests: Received[]
  reset(): void
  close(): unknown
}

/** The msw origin: every client is intercepted, and an unhandled request is an error. */
const MSW_ORIGIN = 'http://contract.msw.test'

/**
 * The contract's own routes, beside the verifying server's standard ones: `/unauthorized-once?key=K`
 * answers 401 `timestamp_refused` the first time for K, `/always-unauthorized` 401 `token_expired`,
 * `/problem` a form-encoded `signature_invalid` report, `/refused` a 401 reporting what the
 * verification found (`signature_invalid` for a wrong secret), `/bearer-refused` a 401 with a
 * `Bearer error="invalid_token"` challenge (RFC 6750).
 */
function contractRoutes(refused: Set<string>): Respond {
  return ({ url, problem }): Answer | undefined => {
    if (url.pathname === '/unauthorized-once' && !refused.has(url.searchParams.get('key') ?? '')) {
      refused.add(url.searchParams.get('key') ?? '')
      return { status: 401, headers: { 'www-authenticate': 'OAuth oauth_problem="timestamp_refused"' }, body: '' }
    }
    if (url.pathname === '/always-unauthorized') {
      return { status: 401, headers: { 'www-authenticate': 'OAuth oauth_problem="token_expired"' }, body: '' }
    }
    if (url.pathname === '/refused') {
      const report = `OAuth realm="contract", oauth_problem="${problem ?? 'permission_denied'}"`
      return { status: 401, headers: { 'www-authenticate': report, 'content-type': 'text/plain' }, body: 'refused' }
    }
    if (url.pathname === '/bearer-refused') {
      const challenge = 'Bearer realm="contract", error="invalid_token", error_description="the token expired"'
      return { status: 401, headers: { 'www-authenticate': challenge, 'content-type': 'text/plain' }, body: 'refused' }
    }
    if (url.pathname === '/problem') {
      return { status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'oauth_problem=signature_invalid' }
    }
    return undefined
  }
}

/** A verifying server with the contract's routes; its reset forgets the keys refused once too. */
export async function startContractServer(mode: 'msw' | 'loopback'): Promise<ContractServer> {
  const refused = new Set<string>()
  const options: VerifyingOptions = {
    consumer: CONSUMER,
    token: TOKEN,
    allowedSignatureMethods: SIGNATURE_METHODS,
    respond: contractRoutes(refused),
  }
  if (mode === 'loopback') {
    const server = await startVerifyingServer(options)
    return {
      ...server,
      reset: () => {
        server.reset()
        refused.clear()
      },
    }
  }
  const responder = new VerifyingResponder(options)
  const server = setupServer(verifyingHandler(MSW_ORIGIN, responder))
  server.listen({ onUnhandledFrame: 'error' })
  return {
    origin: MSW_ORIGIN,
    requests: responder.requests,
    reset: () => {
      responder.reset()
      refused.clear()
    },
    close: () => server.close(),
  }
}
