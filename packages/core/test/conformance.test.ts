// Conformance suite: every published OAuth 1.0a test vector in ./vectors, asserted exactly.
//
// Each JSON file holds the vectors of one source:
//   { "source": "<where they were published>", "deterministic": true, "transcription"?: "...", "cases": [...] }
// and each case has a `kind` (below), a `name` unique in its file, and optionally `note`, `source`
// (when the case comes from another page or revision than the file's) and `errata` (when the
// source's own value is known to be wrong: `expected` holds the corrected value, `errata.published`
// the printed one, `errata.reference` the erratum). Signature vectors run on Node's crypto and on
// WebCrypto. Nothing here reads the clock or a random source: every signed request fixes its nonce
// and timestamp.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CryptoPreference, OAuth1Options, Placement, RequestParts, SignatureMethod } from '@oauthkit/core'
import { oauth1 } from '@oauthkit/core'
import type { ParameterPair, SignatureKeys } from '@oauthkit/core/oauth1'
import {
  baseStringUri,
  computeSignature,
  defaultSigningKey,
  formatAuthorizationHeader,
  normalizeParameters,
  parseAuthorizationHeader,
  parseForm,
  percentEncode,
  signatureBaseString,
  verifySignature,
} from '@oauthkit/core/oauth1'
import { describe, expect, test } from 'vitest'

type Pair = [name: string, value: string]

/** A request as the vectors spell it: an absolute URL, and a string body if any. */
interface VectorRequest {
  method: string
  url: string
  headers?: Record<string, string>
  body?: string
}

interface Errata {
  reference: string
  published: string
}

interface CaseBase {
  name: string
  note?: string
  source?: string
  errata?: Errata
}

/** `percentEncode(input)` */
interface PercentEncodeCase extends CaseBase {
  kind: 'percentEncode'
  input: string
  expected: string
}

/** `normalizeParameters(parameters)`, or of `parseForm(form)` when the source writes them as a form. */
interface NormalizeCase extends CaseBase {
  kind: 'normalize'
  parameters?: Pair[]
  form?: string
  expected: string
}

/** `baseStringUri(url)` */
interface BaseStringUriCase extends CaseBase {
  kind: 'baseStringUri'
  url: string
  expected: string
}

/** `signatureBaseString(request, protocolParameters)`; the parameters may come from an Authorization header. */
interface BaseStringCase extends CaseBase {
  kind: 'baseString'
  request: VectorRequest
  protocolParameters?: Pair[]
  authorizationHeader?: string
  expected: string
}

interface VectorKeys {
  signatureMethod: SignatureMethod
  consumerSecret?: string
  tokenSecret?: string
  privateKey?: string
  /** Published with the vector: then `verifySignature` must accept the expected signature too. */
  publicKey?: string
}

/** `computeSignature(baseString, keys)`; the base string is given, or built from a request. */
interface SignatureCase extends CaseBase {
  kind: 'signature'
  baseString?: string
  request?: VectorRequest
  protocolParameters?: Pair[]
  keys: VectorKeys
  expected: string
}

/** `defaultSigningKey(consumerSecret, tokenSecret)` */
interface SigningKeyCase extends CaseBase {
  kind: 'signingKey'
  consumerSecret: string
  tokenSecret: string
  expected: string
}

interface VectorSignerOptions {
  consumerKey: string
  consumerSecret?: string
  token?: string
  tokenSecret?: string
  signatureMethod?: SignatureMethod
  privateKey?: string
  realm?: string
  callback?: string
  verifier?: string
  version?: '1.0' | false
  placement?: Placement
  nonce: string
  timestamp: string
}

/** `oauth1(options).sign(request)` with a fixed nonce and timestamp. */
interface SignedRequestCase extends CaseBase {
  kind: 'signedRequest'
  options: VectorSignerOptions
  request: VectorRequest
  expected: {
    signature: string
    baseString?: string
    authorization?: string
  }
}

/** `formatAuthorizationHeader(parameters, realm)` */
interface HeaderCase extends CaseBase {
  kind: 'header'
  realm?: string
  parameters: Pair[]
  expected: string
}

/** `parseAuthorizationHeader(header)` */
interface ParseHeaderCase extends CaseBase {
  kind: 'parseHeader'
  header: string
  expected: { realm?: string; parameters: Pair[] }
}

type VectorCase =
  | PercentEncodeCase
  | NormalizeCase
  | BaseStringUriCase
  | BaseStringCase
  | SignatureCase
  | SigningKeyCase
  | SignedRequestCase
  | HeaderCase
  | ParseHeaderCase

interface VectorFile {
  source: string
  deterministic: true
  transcription?: string
  cases: VectorCase[]
}

const KINDS: ReadonlySet<string> = new Set<VectorCase['kind']>([
  'percentEncode',
  'normalize',
  'baseStringUri',
  'baseString',
  'signature',
  'signingKey',
  'signedRequest',
  'header',
  'parseHeader',
])
const CRYPTO_PATHS: readonly CryptoPreference[] = ['auto', 'webcrypto']
const VECTORS = fileURLToPath(new URL('./vectors/', import.meta.url))

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads one vector file and checks the shape every case relies on, so a broken file fails loudly. */
function loadVectorFile(file: string): VectorFile {
  const data: unknown = JSON.parse(readFileSync(`${VECTORS}${file}`, 'utf8'))
  const fail = (message: string): never => {
    throw new Error(`vectors/${file}: ${message}`)
  }
  if (!isRecord(data)) return fail('not a JSON object')
  if (typeof data.source !== 'string' || data.source.trim() === '') fail('"source" must name where the vectors were published')
  if (data.deterministic !== true) fail('"deterministic" must be true')
  if (!Array.isArray(data.cases) || data.cases.length === 0) fail('"cases" must be a non-empty array')
  const names = new Set<string>()
  for (const [index, entry] of (data.cases as unknown[]).entries()) {
    if (!isRecord(entry)) return fail(`case ${index} is not an object`)
    if (typeof entry.kind !== 'string' || !KINDS.has(entry.kind)) fail(`case ${index} has unknown kind ${JSON.stringify(entry.kind)}`)
    if (typeof entry.name !== 'string' || entry.name === '') fail(`case ${index} has no name`)
    const key = `${entry.kind}: ${entry.name}`
    if (names.has(key)) fail(`duplicate case "${key}"`)
    names.add(key)
    if (entry.kind === 'signedRequest') {
      const options = entry.options
      if (!isRecord(options) || typeof options.nonce !== 'string' || typeof options.timestamp !== 'string') {
        fail(`case "${key}" must fix options.nonce and options.timestamp (no clock, no randomness)`)
      }
    }
  }
  return data as unknown as VectorFile
}

function toRequest(request: VectorRequest): RequestParts {
  const parts: RequestParts = { method: request.method, url: request.url }
  if (request.headers !== undefined) parts.headers = request.headers
  if (request.body !== undefined) parts.body = request.body
  return parts
}

function protocolParametersOf(testCase: BaseStringCase | SignatureCase): ParameterPair[] {
  if ('authorizationHeader' in testCase && testCase.authorizationHeader !== undefined) {
    const parsed = parseAuthorizationHeader(testCase.authorizationHeader)
    if (parsed === undefined) throw new Error(`"${testCase.name}": the Authorization header is not an OAuth header`)
    return parsed.parameters
  }
  return testCase.protocolParameters ?? []
}

function baseStringOf(testCase: SignatureCase): string {
  if (testCase.baseString !== undefined) return testCase.baseString
  if (testCase.request === undefined) throw new Error(`"${testCase.name}": a signature case needs a baseString or a request`)
  return signatureBaseString(toRequest(testCase.request), protocolParametersOf(testCase))
}

function signatureKeys(keys: VectorKeys, crypto: CryptoPreference): SignatureKeys {
  const { publicKey: _publicKey, ...signing } = keys
  return { ...signing, crypto }
}

function signerOptions(options: VectorSignerOptions, crypto: CryptoPreference): OAuth1Options {
  return { ...options, crypto }
}

function title(testCase: VectorCase): string {
  return testCase.errata === undefined ? testCase.name : `${testCase.name} (errata-corrected)`
}

/** For an errata case the corrected value must differ from the printed one, or the entry is pointless. */
function checkErrata(testCase: VectorCase, expected: string): void {
  if (testCase.errata !== undefined) expect(expected, testCase.errata.reference).not.toBe(testCase.errata.published)
}

function defineCase(testCase: VectorCase): void {
  switch (testCase.kind) {
    case 'percentEncode':
      test(`percentEncode: ${title(testCase)}`, () => {
        expect(percentEncode(testCase.input)).toBe(testCase.expected)
      })
      return
    case 'normalize':
      test(`normalize: ${title(testCase)}`, () => {
        const pairs = testCase.form === undefined ? testCase.parameters : parseForm(testCase.form)
        if (pairs === undefined) throw new Error('a normalize case needs parameters or a form')
        expect(normalizeParameters(pairs)).toBe(testCase.expected)
      })
      return
    case 'baseStringUri':
      test(`baseStringUri: ${title(testCase)}`, () => {
        expect(baseStringUri(testCase.url)).toBe(testCase.expected)
      })
      return
    case 'baseString':
      test(`baseString: ${title(testCase)}`, () => {
        expect(signatureBaseString(toRequest(testCase.request), protocolParametersOf(testCase))).toBe(testCase.expected)
      })
      return
    case 'signingKey':
      test(`signingKey: ${title(testCase)}`, () => {
        expect(defaultSigningKey(testCase.consumerSecret, testCase.tokenSecret)).toBe(testCase.expected)
      })
      return
    case 'signature':
      describe(`signature: ${title(testCase)}`, () => {
        test.each(CRYPTO_PATHS)('crypto %s', async (crypto) => {
          checkErrata(testCase, testCase.expected)
          const baseString = baseStringOf(testCase)
          expect(await computeSignature(baseString, signatureKeys(testCase.keys, crypto))).toBe(testCase.expected)
          const { privateKey: _privateKey, ...verification } = testCase.keys
          if (!testCase.keys.signatureMethod.startsWith('RSA-') || testCase.keys.publicKey !== undefined) {
            expect(await verifySignature(baseString, testCase.expected, { ...verification, crypto })).toBe(true)
          }
        })
      })
      return
    case 'signedRequest':
      describe(`signedRequest: ${title(testCase)}`, () => {
        test.each(CRYPTO_PATHS)('crypto %s', async (crypto) => {
          const { expected } = testCase
          checkErrata(testCase, expected.signature)
          const request = toRequest(testCase.request)
          // The signer refuses PLAINTEXT over plain http (RFC 5849 3.4.4): the request goes over https,
          // which changes no PLAINTEXT signature (it is the key) but the base string would differ.
          const plaintextOverHttp = testCase.options.signatureMethod === 'PLAINTEXT' && String(request.url).startsWith('http:')
          if (plaintextOverHttp) {
            await expect(oauth1(signerOptions(testCase.options, crypto)).sign(request)).rejects.toMatchObject({ code: 'request_invalid' })
            request.url = String(request.url).replace(/^http:/, 'https:')
          }
          const signed = await oauth1(signerOptions(testCase.options, crypto)).sign(request)
          if (expected.baseString !== undefined) {
            const over = plaintextOverHttp ? expected.baseString.replace(/^(\w+&)http%3A/, '$1https%3A') : expected.baseString
            expect(signed.oauth.baseString).toBe(over)
          }
          expect(signed.oauth.signature).toBe(expected.signature)
          if (expected.authorization !== undefined) expect(signed.headers.get('authorization')).toBe(expected.authorization)
        })
      })
      return
    case 'header':
      test(`header: ${title(testCase)}`, () => {
        expect(formatAuthorizationHeader(testCase.parameters, testCase.realm)).toBe(testCase.expected)
      })
      return
    case 'parseHeader':
      test(`parseHeader: ${title(testCase)}`, () => {
        expect(parseAuthorizationHeader(testCase.header)).toStrictEqual(testCase.expected)
      })
      return
  }
}

const files = readdirSync(VECTORS)
  .filter((file) => file.endsWith('.json'))
  .sort()

test('vector files are present', () => {
  expect(files.length).toBeGreaterThan(0)
})

for (const file of files) {
  const vectors = loadVectorFile(file)
  describe(file, () => {
    for (const testCase of vectors.cases) defineCase(testCase)
  })
}
