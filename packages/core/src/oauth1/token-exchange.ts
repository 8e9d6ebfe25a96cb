import { describeRequest, OAuthError, type OAuthErrorCode } from '../errors/errors.ts'
import { isOAuthError } from '../errors/is-oauth-error.ts'
import { OAuthProblemError } from '../errors/problem-error.ts'
import { redactor } from '../errors/redact.ts'
import type { FetchLike } from '../http/fetch-like.ts'
import { serializePairs } from '../http/parameters.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { reportDetails, reportedProblem, reportMessage, responsePartsOf, responseReportFields } from './problem.ts'
import type { OAuth1Signer } from './signer.ts'
import type { SignOverrides } from './signer-options.ts'
import type { OAuth1Token } from './token-response.ts'
import { parseTokenResponse } from './token-response.ts'

/**
 * One call to a token endpoint.
 *
 * @internal
 */
export interface TokenRequest {
  /** The injected fetch; the global one, looked up now, without. */
  fetch: FetchLike | undefined
  /** The signer of this step (consumer only, or with the request token). */
  signer: OAuth1Signer
  url: string | URL
  method: 'POST' | 'GET'
  overrides: SignOverrides
  /** Parameters sent in the form body (POST) or the query (GET), and signed. */
  parameters: [string, string][]
  /** For messages: `request token`, `access token`, `xAuth access token`. */
  step: string
  /** Strings that must never reach an error: the signer's secrets for this step, the xAuth password. */
  secrets?: readonly string[]
}

/** Takes the secrets of one token request out of a text. */
type Redact = (text: string) => string

function mentions(value: unknown, redact: Redact, depth = 0): boolean {
  if (value === null || value === undefined || depth > 4) return false
  const texts: string[] = [String(value)]
  if (typeof value === 'object') {
    const { message, stack, cause } = value as { message?: unknown; stack?: unknown; cause?: unknown }
    texts.push(String(message ?? ''), String(stack ?? ''))
    if (mentions(cause, redact, depth + 1)) return true
  }
  return texts.some((text) => redact(text) !== text)
}

/** An error of ours, with any secret of this request taken out of what the provider wrote in it. */
function scrubbed(error: unknown, secrets: readonly string[], redact: Redact): unknown {
  // A refusal's report was redacted as it was read, before its texts were cut short.
  if (secrets.length === 0 || !isOAuthError(error) || error instanceof OAuthProblemError) return error
  const { cause } = error as { cause?: unknown }
  // The exchange's own errors: a problem report returned above, the others are OAuthErrors.
  return new OAuthError(error.code as OAuthErrorCode, redact(error.message), mentions(cause, redact) ? {} : { cause })
}

async function refusal(response: Response, request: RequestParts, step: string, redact: Redact): Promise<OAuthError | OAuthProblemError> {
  const where = describeRequest(request.method, request.url)
  const { status } = response
  if (status === 0 || (status >= 300 && status < 400)) {
    return new OAuthError<OAuthErrorCode>(
      'invalid_response',
      `The ${step} request ${where} was answered with a redirect (HTTP ${status}); token requests do not follow redirects`,
    )
  }
  const fields = await responseReportFields(responsePartsOf(response))
  const problem = fields?.get('oauth_problem')
  if (fields !== undefined && problem !== undefined) {
    // A name outside the extension is still the provider's reason: told, as invalid_response.
    const context = { request, status }
    return (
      reportedProblem(fields, context, redact) ??
      new OAuthError<OAuthErrorCode>('invalid_response', reportMessage(problem, reportDetails(fields, redact), context, redact))
    )
  }
  return new OAuthError<OAuthErrorCode>(
    'invalid_response',
    `The ${step} request ${where} was refused: HTTP ${status}, without an OAuth problem report`,
  )
}

/**
 * Sends one signed request to a token endpoint and parses the token it answers. A refusal becomes
 * an `OAuthProblemError` when it carries a report, an `OAuthError` (`invalid_response`) otherwise; a
 * request without an answer is `token_request_failed`. With clock-skew correction on, the signer's
 * verdict may replay the request once. Redirects are not followed: a token request never carries
 * its credentials (or a password) to another URL.
 *
 * @internal
 */
export async function requestToken(call: TokenRequest): Promise<OAuth1Token> {
  const { signer, method, step, secrets = [] } = call
  const redact = redactor(secrets)
  const encoded = serializePairs(call.parameters)
  const url = new URL(call.url)
  let request: RequestParts
  if (method === 'GET') {
    if (encoded !== '') url.search = url.search.length > 1 ? `${url.search.slice(1)}&${encoded}` : encoded
    request = { method, url }
  } else {
    request =
      encoded === '' ? { method, url } : { method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encoded }
  }
  const where = describeRequest(method, url)
  const send: FetchLike | undefined =
    call.fetch ?? (typeof globalThis.fetch === 'function' ? (input, init) => globalThis.fetch(input, init) : undefined)
  if (send === undefined)
    throw new OAuthError('invalid_options', `No fetch to send the ${step} request ${where} with: pass the fetch option`)

  try {
    for (let attempt = 0; ; attempt++) {
      const signed = await signer.sign(request, call.overrides)
      let response: Response
      try {
        response = await send(signed.url, { method, headers: signed.headers, body: signed.body as BodyInit | null, redirect: 'manual' })
      } catch (cause) {
        const reason = cause instanceof Error && !mentions(cause.message, redact) ? `: ${cause.message}` : ''
        throw new OAuthError('token_request_failed', `The ${step} request ${where} got no response${reason}`, { cause })
      }
      let verdict: 'retry' | undefined
      try {
        verdict = await signer.onResponse(responsePartsOf(response), request, call.overrides)
      } catch (error) {
        // The signer's report of the refusal, told again below with every secret of this step redacted.
        if (!(error instanceof OAuthProblemError)) throw error
      }
      if (verdict === 'retry' && attempt === 0) {
        await response.body?.cancel()
        continue
      }
      if (response.status < 200 || response.status > 299) throw await refusal(response, request, step, redact)
      const text = await response.text()
      try {
        return parseTokenResponse(text, response.headers.get('content-type'))
      } catch (error) {
        if (!isOAuthError(error)) throw error
        throw new OAuthError(
          error.code as OAuthErrorCode,
          `The ${step} response of ${where} ${error.message.replace(/^The token response /, '')}`,
        )
      }
    }
  } catch (error) {
    throw scrubbed(error, secrets, redact)
  }
}
