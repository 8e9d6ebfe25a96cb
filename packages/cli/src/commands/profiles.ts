import type { Command } from 'commander'
import { CliError } from '../cli-error.ts'
import { noDefault, ProfileStore } from '../config.ts'
import type { CliIO } from '../io.ts'
import { isOAuth2Profile, maskProfile } from '../profile.ts'

/** @internal `oauthkit profiles [list | show NAME | remove NAME | default NAME]`. */
export function profilesCommand(program: Command, io: CliIO): void {
  const profiles = program.command('profiles').description('list, show, remove saved profiles and choose the default one')
  const store = (): ProfileStore => new ProfileStore(io.env)

  const list = async (): Promise<void> => {
    const s = store()
    const names = await s.profiles.profiles()
    if (names.length === 0) {
      io.stderr.write('no profiles yet; run oauthkit login\n')
      return
    }
    const chosen = await s.defaultName()
    for (const name of names) {
      const profile = await s.profiles.get(name)
      const details = (isOAuth2Profile(profile) ? ['oauth2', profile.grant] : [profile?.preset, profile?.signatureMethod])
        .filter(Boolean)
        .join(', ')
      io.stdout.write(`${name === chosen ? '*' : ' '} ${name}${details ? ` (${details})` : ''}\n`)
    }
    if (chosen === undefined || !names.includes(chosen)) io.stderr.write(`${noDefault(names)}\n`)
  }

  profiles.action(list)
  profiles.command('list').description('list the profiles; * marks the default').action(list)
  profiles
    .command('show')
    .description('show a profile, secrets masked')
    .argument('<name>', 'profile name')
    .action(async (name: string) => {
      const profile = await store().profiles.get(name)
      if (profile === undefined) throw new CliError(`no profile named "${name}"; run oauthkit profiles list`)
      io.stdout.write(`${JSON.stringify(maskProfile(profile), null, 2)}\n`)
    })
  profiles
    .command('remove')
    .description('delete a profile')
    .argument('<name>', 'profile name')
    .action(async (name: string) => {
      const s = store()
      if (!(await s.profiles.delete(name))) throw new CliError(`no profile named "${name}"; run oauthkit profiles list`)
      // The request token (and its secret) of a login of it that waits for a PIN goes with it.
      await s.clearPendingOob(name)
      if ((await s.defaultName()) !== name) {
        io.stderr.write(`removed profile "${name}"\n`)
        return
      }
      // The default is gone: the one profile left takes its place; among several, the user chooses.
      const left = await s.profiles.profiles()
      if (left.length === 1) await s.setDefault(left[0] as string)
      else await s.clearDefault()
      const next =
        left.length === 0 ? 'no profile is left' : left.length === 1 ? `"${left[0]}" is the default profile now` : noDefault(left)
      io.stderr.write(`removed profile "${name}", the default; ${next}\n`)
    })
  profiles
    .command('default')
    .description('make a profile the default one')
    .argument('<name>', 'profile name')
    .action(async (name: string) => {
      const s = store()
      if ((await s.profiles.get(name)) === undefined) throw new CliError(`no profile named "${name}"; run oauthkit profiles list`)
      await s.setDefault(name)
      io.stderr.write(`"${name}" is the default profile\n`)
    })
}
