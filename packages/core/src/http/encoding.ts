const encoder = new TextEncoder()

/** @internal UTF-8 bytes of a string. */
export function utf8(value: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(value)
}

/** @internal Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[])
  }
  return btoa(binary)
}

/** @internal Decodes standard base64 (whitespace ignored); `undefined` when it is not base64. */
export function fromBase64(value: string): Uint8Array<ArrayBuffer> | undefined {
  let binary: string
  try {
    binary = atob(value.replace(/\s+/g, ''))
  } catch {
    return undefined
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
