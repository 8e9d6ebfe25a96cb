/**
 * Quotes a realm as an HTTP quoted-string: `\` and `"` escaped, nothing percent-encoded
 * (RFC 5849 3.5.1 and RFC 2617 1.2).
 *
 * @internal
 */
export function quoteRealm(realm: string): string {
  return `"${realm.replace(/["\\]/g, '\\$&')}"`
}

/**
 * Whether a realm can be sent: printable ASCII only, so it cannot break the header.
 *
 * @internal
 */
export function isPrintableRealm(realm: string): boolean {
  return /^[\x20-\x7e]*$/.test(realm)
}
