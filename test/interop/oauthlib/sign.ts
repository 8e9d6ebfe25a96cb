import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { SignatureMethod } from '@oauthkit/core'
import { PYTHON } from '@oauthkit/test-support'

const SIGN_SCRIPT = fileURLToPath(new URL('./sign.py', import.meta.url))

/** oauthlib's `SIGNATURE_TYPE_*`: where `oauth1.Client` puts the protocol parameters. */
export type OauthlibSignatureType = 'AUTH_HEADER' | 'QUERY' | 'BODY'

/** One request for oauthlib's `oauth1.Client` to sign (the arguments of `Client(...)` and `sign(...)`). */
export interface OauthlibSignCase {
  /** Names the case in the answer. */
  id: string
  uri: string
  method: string
  headers?: Record<string, string>
  body?: string | null
  clientKey: string
  clientSecret?: string
  resourceOwnerKey?: string
  resourceOwnerSecret?: string
  signatureMethod: SignatureMethod
  signatureType: OauthlibSignatureType
  /** The RSA private key (PEM) for RSA-*. */
  rsaKey?: string
  realm?: string
  callbackUri?: string
  verifier?: string
  nonce: string
  timestamp: number
}

/** A request as oauthlib signed it. */
export interface OauthlibSignedRequest {
  id: string
  method: string
  uri: string
  headers: Record<string, string>
  body: string | null
}

/** oauthlib refused to sign a case. */
export interface OauthlibSignError {
  id: string
  error: string
}

/**
 * Signs every case with oauthlib's `oauth1.Client` in one run of sign.py, and returns the signed
 * requests (or oauthlib's refusals) by id.
 */
export function signWithOauthlib(cases: readonly OauthlibSignCase[]): Promise<Map<string, OauthlibSignedRequest | OauthlibSignError>> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, [SIGN_SCRIPT], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`sign.py failed: ${error.message}\n${stderr}`))
        return
      }
      const results = JSON.parse(stdout) as (OauthlibSignedRequest | OauthlibSignError)[]
      resolve(new Map(results.map((result) => [result.id, result])))
    })
    child.stdin?.end(JSON.stringify(cases))
  })
}
