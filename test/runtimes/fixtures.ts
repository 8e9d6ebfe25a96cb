// What the Node side and the runtime side of the runtime tests share: plain values only, so that Deno,
// Bun and workerd load this file as it is.

/** The fixed clock: signers use this timestamp, verifiers this time (test-support's NOW_SECONDS). */
export const NOW_SECONDS = 1_700_000_000
export const CONSUMER = { key: 'runtime-consumer', secret: 'runtime consumer secret&/+=' }
export const TOKEN = { token: 'runtime-token', secret: 'runtime/token+secret' }
/** The user the provider inside the runtime approves. */
export const USER = { id: 'u-1', name: 'jane' }
export const FORM = { status: 'Hello Ladies + Gentlemen, a signed OAuth request!', tags: 'a&b=c' }
/** Every part of node:crypto that core uses: the runtime reports which it has, and each has them all. */
export const NODE_CRYPTO_PARTS = [
  'createHmac',
  'createHash',
  'hash',
  'createPrivateKey',
  'createPublicKey',
  'sign',
  'verify',
  'KeyObject',
] as const

/** What the runtime reports about itself (`GET /probe`). */
export interface Probe {
  /** `process.getBuiltinModule('node:crypto')` and the functions of it that core uses. */
  nodeCrypto: string[]
  webCrypto: boolean
  manualRedirects: boolean
}

/** What a verifying server (in Node or in the runtime) answers about one request. */
export interface Verdict {
  verified: boolean
  problem?: string
  method: string
  signatureMethod?: string
  location?: string
  /** The request's query and form parameters, `oauth_*` left out. */
  parameters: [string, string][]
}

/** `POST /sign`: what the runtime signs and where it sends it. */
export interface SignOrder {
  /** The Node verifying server. */
  origin: string
  signatureMethod: 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA256'
  crypto: 'auto' | 'webcrypto'
  privateKey?: string
}

/** `POST /sign`'s answer: a verdict per placement, through the core's signer and through @oauthkit/fetch. */
export interface SignResult {
  core: Record<'header' | 'query' | 'body', Verdict>
  fetch: Record<'header' | 'query' | 'body', Verdict>
  /** Calls into node:crypto while signing: none on the WebCrypto path. */
  nodeCryptoCalls: number
}
