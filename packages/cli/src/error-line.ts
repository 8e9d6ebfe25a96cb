import type { OAuthProblem } from '@oauthkit/core'
import { type AnyOAuthError, isOAuthError, OAuth2Error, OAuthProblemError } from '@oauthkit/core'
import { printableLine } from '@oauthkit/core/adapter'
import { CliError } from './cli-error.ts'

/** What to do about a refusal, for the problems whose cause is on this side. */
const PROBLEM_HINTS: Partial<Record<OAuthProblem, string>> = {
  signature_invalid:
    "check the consumer secret and the token secret; oauthkit request --debug prints the signature base string, to compare with the provider's",
  timestamp_refused: 'check the clock',
  token_expired: 'log in again (oauthkit login)',
  token_revoked: 'log in again (oauthkit login)',
}

/**
 * A refusal as one clause: a reported problem's message already names the problem and quotes the
 * provider (its advice, once); the others are given the problem and its details. Then the hint.
 */
function problemLine(error: OAuthProblemError): string {
  let message = error.message
  if (!message.includes(`oauth_problem=${error.code}`)) {
    const details = [`oauth_problem=${error.code}`]
    if (error.advice) details.push(`advice: ${error.advice}`)
    if (error.parametersAbsent?.length) details.push(`missing: ${error.parametersAbsent.join(', ')}`)
    if (error.acceptableTimestamps)
      details.push(`acceptable timestamps ${error.acceptableTimestamps.min}-${error.acceptableTimestamps.max}`)
    message = `${message} (${details.join('; ')})`
  }
  const hint = PROBLEM_HINTS[error.code]
  return hint === undefined ? message : `${message}; hint: ${hint}`
}

/**
 * @internal An error's message with its code in parentheses, unless the message shows it already: a
 * token endpoint's own error code is part of the message of its {@link OAuth2Error}.
 */
export function withCode(error: AnyOAuthError): string {
  return error instanceof OAuth2Error && error.error === error.code ? error.message : `${error.message} (${error.code})`
}

/** @internal One line for any error: never a stack trace. Library errors never hold secrets. */
export function errorLine(error: unknown): { line: string; exitCode: number } {
  let message: string
  let exitCode = 1
  if (error instanceof CliError) {
    message = error.message
    exitCode = error.exitCode
  } else if (error instanceof OAuthProblemError) {
    message = problemLine(error)
  } else if (isOAuthError(error)) {
    // Why a token endpoint did not answer (a refused connection, a DNS failure): the system error
    // code of the innermost cause only — a cause's message may quote a header value, a secret.
    let reason = ''
    if (error.code === 'token_request_failed') {
      let cause = error.cause
      while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause
      const code = (cause as { code?: unknown } | undefined)?.code
      if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) reason = `: ${code}`
    }
    message = reason === '' ? withCode(error) : `${error.message}${reason} (${error.code})`
    // A placement the request cannot carry is a mistake of the command line, as a bad option is.
    if (error.code === 'placement_unsupported') exitCode = 2
  } else if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ''
    message = `${error.message}${cause}`
  } else {
    message = String(error)
  }
  // A message may quote a provider (its advice, an error description, a status text): nothing of theirs
  // may move the cursor, rewrite the screen or reorder what the line shows.
  return { line: `oauthkit: ${printableLine(message)}\n`, exitCode }
}
