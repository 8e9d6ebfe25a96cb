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
}

/** @internal What to do when profiles exist and none is the default: their names, and the command that chooses. */
export function noDefault(names: readonly string[]): string {
  return `no default profile among ${names.map((name) => `"${name}"`).join(', ')}: choose one with oauthkit profiles default NAME, or give --profile NAME`
}
