import { isOAuthError, OAuthProblemError } from '@oauthkit/core'
import { printableLine } from '@oauthkit/core/adapter'
import { CliError } from './cli-error.ts'

/** @internal One line for any error: never a stack trace. Library errors never hold secrets. */
export function errorLine(error: unknown): { line: string; exitCode: number } {
  let message: string
  let exitCode = 1
  if (error instanceof CliError) {
    message = error.message
    exitCode = error.exitCode
  } else if (error instanceof OAuthProblemError) {
    const details = [`oauth_problem=${error.code}`]
    if (error.advice) details.push(`advice: ${error.advice}`)
    if (error.parametersAbsent?.length) details.push(`missing: ${error.parametersAbsent.join(', ')}`)
    if (error.acceptableTimestamps) {
      details.push(`acceptable timestamps ${error.acceptableTimestamps.min}-${error.acceptableTimestamps.max} (check the clock)`)
    }
    message = `${error.message} (${details.join('; ')})`
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
    message = `${error.message}${reason} (${error.code})`
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
