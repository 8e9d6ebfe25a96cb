import { formEncode, percentEncode } from '../http/percent-encode.ts'

/** What a secret is replaced with. */
const REDACTED = '[redacted]'
/** Shorter secrets are left: replacing every `a` would garble the text, and hide nothing a guess would not find. */
const SHORTEST = 3

const componentEncode = (text: string): string => {
  try {
    return encodeURIComponent(text)
  } catch {
    // A lone surrogate: encoded as it goes on the wire, U+FFFD.
    return percentEncode(text)
  }
}
/** How a client or a server may have encoded a secret it sent or echoes: RFC 3986 (OAuth 1.0a), `encodeURIComponent`, form-encoding (`+` for a space). */
const ENCODINGS: readonly ((text: string) => string)[] = [percentEncode, componentEncode, formEncode]

/** A secret as it is, and percent-encoded once and twice in each of the encodings, its hex digits in either case. */
function formsOf(secret: string): Set<string> {
  const forms = new Set([secret])
  for (const encode of ENCODINGS) {
    const once = encode(secret)
    forms.add(once)
    for (const again of ENCODINGS) forms.add(again(once))
  }
  for (const form of [...forms]) forms.add(form.replace(/%(?:25)?[0-9A-F]{2}/g, (hex) => hex.toLowerCase()))
  return forms
}

/**
 * A function that replaces every secret in a text with `[redacted]`: as it is, and percent-encoded
 * once or twice (RFC 3986, `encodeURIComponent`, or form-encoded with `+`), so that a server echoing
 * a credential back, raw or as it travelled, cannot put it in an error. Every error made from what a
 * server said (OAuth 1.0a problem reports, OAuth 2 error responses and challenges) goes through it,
 * before anything is cut short. Secrets shorter than 3 characters are left as they are.
 *
 * @internal
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>()
  for (const secret of secrets) if (secret !== undefined && secret.length >= SHORTEST) for (const form of formsOf(secret)) forms.add(form)
  // Longest first: a form that holds another (a signature holds both secrets) goes whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text
    for (const form of ordered) if (out.includes(form)) out = out.replaceAll(form, REDACTED)
    return out
  }
}
