// What a person at the command line meets: a refusal in one line with what to check, and the default
// profile after a removal.
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAuthorizationHeader, percentEncode } from '@oauthkit/core/oauth1'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { secretForms } from '../../../test/fixtures/echoed-secrets.ts'
import type { Loopback, Run } from './harness.ts'
import { approvingBrowser, CONSUMER, cli, expectOneLineError, startProvider, tempConfigDir } from './harness.ts'

let server: Loopback
const dirs: { remove(): void }[] = []
const freshConfig = (): string => {
  const config = tempConfigDir()
  dirs.push(config)
  return config.dir
}
beforeAll(async () => {
  server = await startProvider()
})
afterAll(async () => {
  await server.close()
  for (const dir of dirs) dir.remove()
})

const consumerFlags = ['--consumer-key', CONSUMER.key, '--consumer-secret', CONSUMER.secret]
const endpoints = (): string[] => [
  '--request-token-url',
  `${server.origin}/oauth/request_token`,
  '--authorize-url',
  `${server.origin}/oauth/authorize`,
  '--access-token-url',
  `${server.origin}/oauth/access_token`,
]
const everything = (result: Run): string => result.stdout + result.stderr

/** Logs in three-legged as jane and saves the profile `name`. */
async function login(dir: string, name: string): Promise<void> {
  const result = await cli(dir, ['login', '--profile', name, ...consumerFlags, ...endpoints()], { openBrowser: approvingBrowser })
  expect(result.code).toBe(0)
}

const storedToken = (dir: string, name: string): { token: string; tokenSecret: string } =>
  (JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as { profiles: Record<string, { token: string; tokenSecret: string }> })
    .profiles[name] as { token: string; tokenSecret: string }

describe('a refusal is one line', () => {
  const WRONG = 'WRONG-token-secret-77&/+'

  test("signature_invalid: the provider's problem and advice once, and what to check", async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const result = await cli(dir, ['request', '--token-secret', WRONG, `${server.origin}/api/echo`])
    expectOneLineError(
      result,
      1,
      /^oauthkit: GET http:\/\/127\.0\.0\.1:\d+\/api\/echo was refused: oauth_problem=signature_invalid \(HTTP 401\); advice: .+; hint: check the consumer secret and the token secret; oauthkit request --debug prints the signature base string, to compare with the provider's$/,
    )
    // The provider's text once: the report is the line, neither repeated nor printed as a body.
    expect(result.stderr.split('oauth_problem=').length - 1).toBe(1)
    expect(result.stderr.split('The signature does not match').length - 1).toBe(1)
    expect(result.stderr.split('\n')).toHaveLength(2)
    expect(result.stdout).toBe('')
    for (const form of secretForms([WRONG, CONSUMER.secret, storedToken(dir, 'jane').tokenSecret]))
      expect(everything(result)).not.toContain(form)
  })

  test('--debug prints the base string that was signed, and no secret', async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const sent: string[] = []
    const result = await cli(dir, ['request', '--debug', '--token-secret', WRONG, `${server.origin}/api/echo?q=a%20b`], {
      fetch: (input, init) => {
        sent.push(new Headers(init?.headers).get('authorization') ?? '')
        return fetch(input, init)
      },
    })
    expectOneLineError(result, 1, /oauth_problem=signature_invalid.*; hint: check the consumer secret/)
    const baseString = /^\* signature base string: (\S+)$/m.exec(result.stderr)?.[1]
    expect(baseString).toMatch(
      /^GET&http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fapi%2Fecho&oauth_consumer_key%3Dcli-app%26oauth_nonce%3D\w+%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1700000000%26oauth_token%3Daccess_token-\d+%26oauth_version%3D1\.0%26q%3Da%2520b$/,
    )
    // The very string that was signed: its HMAC with the keys used is the signature that was sent.
    const signature = parseAuthorizationHeader(sent[0] ?? '')?.parameters.find(([name]) => name === 'oauth_signature')?.[1]
    const key = `${percentEncode(CONSUMER.secret)}&${percentEncode(WRONG)}`
    expect(
      createHmac('sha1', key)
        .update(baseString ?? '')
        .digest('base64'),
    ).toBe(signature)
    for (const form of secretForms([WRONG, CONSUMER.secret, storedToken(dir, 'jane').tokenSecret]))
      expect(everything(result)).not.toContain(form)
  })

  test('other problems keep one line each: timestamp_refused says to check the clock; token_rejected has no hint of ours', async () => {
    const dir = freshConfig()
    await login(dir, 'jane')
    const late = await cli(dir, ['request', `${server.origin}/api/echo`], {
      fetch: (input, init) => {
        // The request of a machine whose clock is a day behind: the provider refuses its timestamp.
        const headers = new Headers(init?.headers)
        headers.set(
          'authorization',
          (headers.get('authorization') ?? '').replace('oauth_timestamp="1700000000"', 'oauth_timestamp="1699913600"'),
        )
        return fetch(input, { ...init, headers })
      },
    })
    expectOneLineError(late, 1, /oauth_problem=timestamp_refused.*; hint: check the clock$/)
    expect(late.stderr.split('\n')).toHaveLength(2)
    const unknown = await cli(dir, ['request', '--token', 'no-such-token', '--token-secret', 'whatever', `${server.origin}/api/echo`])
    expectOneLineError(unknown, 1, /oauth_problem=token_rejected \(HTTP 401\)(?:; advice: [^;]+)?$/)
    expect(unknown.stderr.split('oauth_problem=').length - 1).toBe(1)
  })
})

describe('the default profile after a removal', () => {
  test('one profile left: it becomes the default, and request uses it', async () => {
    const dir = freshConfig()
    await login(dir, 'first')
    await login(dir, 'second')
    const removed = await cli(dir, ['profiles', 'remove', 'first'])
    expect(removed).toEqual({ code: 0, stdout: '', stderr: 'removed profile "first", the default; "second" is the default profile now\n' })
    expect((await cli(dir, ['profiles'])).stdout).toBe('* second (generic, HMAC-SHA1)\n')
    const request = await cli(dir, ['request', `${server.origin}/api/echo`])
    expect(request.code).toBe(0)
    expect(JSON.parse(request.stdout)).toMatchObject({ user: 'jane' })
  })

  test('several left: the CLI names them and the command to choose one, and so do request, sign and profiles', async () => {
    const dir = freshConfig()
    for (const name of ['first', 'second', 'third']) await login(dir, name)
    const choose = /no default profile among "second", "third": choose one with oauthkit profiles default NAME, or give --profile NAME/
    const removed = await cli(dir, ['profiles', 'remove', 'first'])
    expect(removed.code).toBe(0)
    expect(removed.stderr).toMatch(new RegExp(`^removed profile "first", the default; ${choose.source}\\n$`))
    const listed = await cli(dir, ['profiles'])
    expect(listed.stdout).toBe('  second (generic, HMAC-SHA1)\n  third (generic, HMAC-SHA1)\n')
    expect(listed.stderr).toMatch(choose)
    for (const argv of [
      ['request', `${server.origin}/api/echo`],
      ['sign', `${server.origin}/api/echo`],
    ]) {
      const result = await cli(dir, argv)
      expectOneLineError(result, 1, choose)
      expect(result.stderr).not.toContain('no credentials')
    }
    expect((await cli(dir, ['request', '--profile', 'third', `${server.origin}/api/echo`])).code).toBe(0)
    expect((await cli(dir, ['profiles', 'default', 'third'])).code).toBe(0)
    expect((await cli(dir, ['request', `${server.origin}/api/echo`])).code).toBe(0)
  })

  test('removing a profile that is not the default leaves the default; the last one leaves none', async () => {
    const dir = freshConfig()
    await login(dir, 'first')
    await login(dir, 'second')
    expect((await cli(dir, ['profiles', 'remove', 'second'])).stderr).toBe('removed profile "second"\n')
    expect((await cli(dir, ['profiles'])).stdout).toBe('* first (generic, HMAC-SHA1)\n')
    expect((await cli(dir, ['profiles', 'remove', 'first'])).stderr).toBe('removed profile "first", the default; no profile is left\n')
    expectOneLineError(await cli(dir, ['request', `${server.origin}/api/echo`]), 1, /no credentials: run oauthkit login/)
  })
})
