// The main entry of @oauthkit/core runs in browsers and workers: nothing it reaches may import a
// Node module. Node-only code (the file token store) is reached through `@oauthkit/core/node` only.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, test } from 'vitest'

const source = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url))

async function bundle(entry: string) {
  return build({
    entryPoints: [source(entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    external: ['node:*'],
  })
}

describe('entry points', () => {
  test('the main entry reaches no Node module and no file of src/node', async () => {
    const { metafile } = await bundle('index.ts')
    const inputs = Object.keys(metafile.inputs)
    expect(inputs.some((input) => input.includes('src/oauth1/session.ts'))).toBe(true)
    expect(inputs.filter((input) => /\/src\/node(\/|\.ts$)/.test(input))).toEqual([])
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path))
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([])
  })

  test.each(['oauth1.ts', 'adapter.ts'])('the %s entry reaches no Node module and no file of src/node', async (entry) => {
    const { metafile } = await bundle(entry)
    expect(Object.keys(metafile.inputs).filter((input) => /\/src\/node(\/|\.ts$)/.test(input))).toEqual([])
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((item) => item.path))
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([])
  })

  test('the main entry is what applications call: at most 30 runtime values, none of the primitives or plumbing', async () => {
    const main = Object.keys(await import('@oauthkit/core'))
    expect(main.length).toBeLessThanOrEqual(30)
    const subpaths = [...Object.keys(await import('@oauthkit/core/oauth1')), ...Object.keys(await import('@oauthkit/core/adapter'))]
    expect(main.filter((name) => subpaths.includes(name))).toEqual([])
    for (const name of [
      'oauth1',
      'oauth1Session',
      'verifyOAuth1',
      'oauth2',
      'MemoryNonceStore',
      'OAuthError',
      'isOAuthError',
      'OAuthProblemError',
      'isOAuthProblem',
      'OAuth2Error',
    ]) {
      expect(main).toContain(name)
    }
  })

  test('the oauth1 entry has the OAuth 1.0a primitives, by these names', async () => {
    expect(Object.keys(await import('@oauthkit/core/oauth1')).sort()).toEqual(
      [
        'baseStringUri',
        'computeBodyHash',
        'computeSignature',
        'defaultSigningKey',
        'formatAuthorizationHeader',
        'generateNonce',
        'normalizeParameters',
        'parseAuthorizationHeader',
        'parseForm',
        'parseOAuthProblem',
        'parseTokenResponse',
        'percentEncode',
        'readOAuthProblem',
        'SIGNATURE_METHODS',
        'signatureBaseString',
        'timingSafeEqual',
        'verifySignature',
      ].sort(),
    )
  })

  test('the adapter entry has the contract and the rules adapters share', async () => {
    expect(Object.keys(await import('@oauthkit/core/adapter')).sort()).toEqual(
      [
        'BEARER_PLACEMENTS',
        'attachRefusal',
        'bindAuthorizer',
        'canFollowRedirectsManually',
        'driveCall',
        'headerPairs',
        'isFormContentType',
        'markRefusal',
        'mayCarryCredentials',
        'nextRedirectHop',
        'parseBearerChallenge',
        'PLACEMENTS',
        'printableLine',
        'recordRefusal',
        'settle',
      ].sort(),
    )
  })

  test('the node entry is where node:fs is, and it exports the file token store and its lock', async () => {
    const { metafile } = await bundle('node.ts')
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path))
    expect(imports).toContain('node:fs/promises')
    const entry = await import('@oauthkit/core/node')
    expect(Object.keys(entry).sort()).toEqual(['FileTokenStore', 'withFileLock'])
  })
})
