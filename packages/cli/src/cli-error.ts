/**
 * An error the CLI reports as one line, with an exit code: 2 for a usage mistake, 1 otherwise.
 *
 * @example
 * ```ts
 * import { CliError } from '@oauthkit/cli'
 *
 * const error = new CliError('no profile named "work"; run oauthkit profiles to list them')
 * console.assert(error.exitCode === 1)
 * ```
 */
export class CliError extends Error {
  override name: string = 'CliError'
  /** The process exit code. */
  readonly exitCode: number

  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}
