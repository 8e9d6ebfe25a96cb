import { OAuthError } from '../../errors/errors.ts'
import { fromBase64 } from '../../http/encoding.ts'

/** @internal The DER of a key read from PEM, in the form WebCrypto imports. */
export interface DerKey {
  format: 'pkcs8' | 'spki'
  der: Uint8Array<ArrayBuffer>
}

// AlgorithmIdentifier { rsaEncryption, NULL }
const RSA_ALGORITHM_IDENTIFIER = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]

function derLength(length: number): number[] {
  if (length < 0x80) return [length]
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff)
  return [0x80 | bytes.length, ...bytes]
}

function derElement(tag: number, content: Uint8Array | number[]): Uint8Array<ArrayBuffer> {
  const header = [tag, ...derLength(content.length)]
  const out = new Uint8Array(header.length + content.length)
  out.set(header)
  out.set(content, header.length)
  return out
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo. */
function pkcs1PrivateToPkcs8(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  return derElement(0x30, concat([0x02, 0x01, 0x00], RSA_ALGORITHM_IDENTIFIER, derElement(0x04, pkcs1)))
}

/** Wraps a PKCS#1 RSAPublicKey into a SubjectPublicKeyInfo. */
function pkcs1PublicToSpki(pkcs1: Uint8Array): Uint8Array<ArrayBuffer> {
  return derElement(0x30, concat(RSA_ALGORITHM_IDENTIFIER, derElement(0x03, concat([0x00], pkcs1))))
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/

/**
 * Reads an RSA key from PEM: `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1) for signing,
 * `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1) for verifying. Errors name the PEM label found,
 * never any key material.
 *
 * @internal
 */
export function readPemKey(pem: string, use: 'private' | 'public'): DerKey {
  const match = PEM.exec(pem)
  const label = match?.[1]
  const der = match?.[2] === undefined ? undefined : fromBase64(match[2])
  if (!match || !der || der.length === 0) {
    throw new OAuthError('key_invalid', `The ${use} key is not a PEM-encoded key`)
  }
  if (use === 'private') {
    if (label === 'PRIVATE KEY') return { format: 'pkcs8', der }
    if (label === 'RSA PRIVATE KEY') return { format: 'pkcs8', der: pkcs1PrivateToPkcs8(der) }
    if (label === 'ENCRYPTED PRIVATE KEY') {
      throw new OAuthError('key_invalid', 'The private key is encrypted; decrypt it first (PKCS#8 or PKCS#1 PEM, or a CryptoKey)')
    }
  } else {
    if (label === 'PUBLIC KEY') return { format: 'spki', der }
    if (label === 'RSA PUBLIC KEY') return { format: 'spki', der: pkcs1PublicToSpki(der) }
  }
  const expected = use === 'private' ? '"PRIVATE KEY" or "RSA PRIVATE KEY"' : '"PUBLIC KEY" or "RSA PUBLIC KEY"'
  throw new OAuthError('key_invalid', `The ${use} key is a PEM "${label}"; expected ${expected}`)
}
