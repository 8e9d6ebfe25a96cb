import type { SignedRequest } from '@oauthkit/core'

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-.,:/=@%+]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * The signed request as a curl command line.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { formatCurl } from '@oauthkit/cli'
 *
 * const signed = await oauth1({ consumerKey: 'key', consumerSecret: 'secret' }).sign({ method: 'GET', url: 'https://api.example.com/me' })
 * console.assert(formatCurl(signed).startsWith('curl https://api.example.com/me'))
 * ```
 */
export function formatCurl(signed: Pick<SignedRequest, 'method' | 'url' | 'headers' | 'body'>): string {
  const words = ['curl']
  if (signed.method.toUpperCase() !== 'GET') words.push('-X', signed.method.toUpperCase())
  words.push(shellQuote(signed.url))
  signed.headers.forEach((value, name) => {
    words.push('-H', shellQuote(`${name}: ${value}`))
  })
  if (typeof signed.body === 'string' && signed.body !== '') words.push('--data-raw', shellQuote(signed.body))
  return words.join(' ')
}

/** The body of a response for a terminal: JSON pretty-printed, anything else as it came. */
export function formatBody(text: string, contentType: string | null): string {
  if (!/\bjson\b/i.test(contentType ?? '')) return text
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`
  } catch {
    return text
  }
}

/** `HTTP 200 OK` */
export function statusLine(response: Response): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
}
