import { homedir } from 'node:os'
import { join } from 'node:path'
import { FileTokenStore } from '@oauthkit/core/node'
import type { CliIO } from './io.ts'
import type { Profile } from './profile.ts'

/** @internal The config directory: `OAUTHKIT_CONFIG_DIR`, else `$XDG_CONFIG_HOME/oauthkit`, else `~/.config/oauthkit`. */
export function configDir(env: CliIO['env']): string {
  if (env.OAUTHKIT_CONFIG_DIR) return env.OAUTHKIT_CONFIG_DIR
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'oauthkit')
  return join(env.HOME || homedir(), '.config', 'oauthkit')
}

/** @internal A request token waiting for its PIN (out-of-band login in two runs). */
export interface PendingOob {
  token: string
  tokenSecret: string
}

/** @internal The saved profiles (`profiles.json`) and settings (`settings.json`), both mode 0600. */
export class ProfileStore {
  readonly profiles: FileTokenStore<Profile>
  readonly #settings: FileTokenStore<string>

  constructor(env: CliIO['env']) {
    const dir = configDir(env)
    this.profiles = new FileTokenStore<Profile>(join(dir, 'profiles.json'))
    this.#settings = new FileTokenStore<string>(join(dir, 'settings.json'))
  }

  /** The name of the default profile, if one is set. */
  defaultName(): Promise<string | undefined> {
    return this.#settings.get('defaultProfile')
  }

  setDefault(name: string): Promise<void> {
    return this.#settings.set('defaultProfile', name)
  }

  async clearDefault(): Promise<void> {
    await this.#settings.delete('defaultProfile')
  }

  /** The request token an out-of-band login of this profile left for `--pin`, while the consumer key is the same. */
  async pendingOob(name: string, consumerKey: string): Promise<PendingOob | undefined> {
    const saved = await this.#settings.get(`oob:${name}`)
    const pending = saved === undefined ? undefined : (JSON.parse(saved) as PendingOob & { consumerKey: string })
    return pending?.consumerKey === consumerKey ? { token: pending.token, tokenSecret: pending.tokenSecret } : undefined
  }

  setPendingOob(name: string, consumerKey: string, pending: PendingOob): Promise<void> {
    return this.#settings.set(`oob:${name}`, JSON.stringify({ consumerKey, token: pending.token, tokenSecret: pending.tokenSecret }))
  }

  async clearPendingOob(name: string): Promise<void> {
    await this.#settings.delete(`oob:${name}`)
  }
}

/** @internal What to do when profiles exist and none is the default: their names, and the command that chooses. */
export function noDefault(names: readonly string[]): string {
  return `no default profile among ${names.map((name) => `"${name}"`).join(', ')}: choose one with oauthkit profiles default NAME, or give --profile NAME`
}
