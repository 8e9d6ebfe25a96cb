import { spawn } from 'node:child_process'
import open from 'open'

/**
 * @internal Opens a URL in the user's browser: with the command in `OAUTHKIT_BROWSER`, else
 * `BROWSER` (words split on spaces; `%s` stands for the URL, else it is the last argument), else with
 * the system's opener. Resolves false when nothing could be started.
 */
export async function openBrowser(url: string, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  const command = (env.OAUTHKIT_BROWSER || env.BROWSER || '').trim()
  if (command === '') {
    try {
      const child = await open(url)
      child.once('error', () => {})
      return true
    } catch {
      return false
    }
  }
  const [program = '', ...words] = command.split(/\s+/)
  const args = words.some((word) => word.includes('%s')) ? words.map((word) => word.replaceAll('%s', url)) : [...words, url]
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: 'ignore', detached: true })
    child.once('error', () => resolve(false))
    child.once('spawn', () => {
      child.unref()
      resolve(true)
    })
  })
}
