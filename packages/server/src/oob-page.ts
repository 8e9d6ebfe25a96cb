import type { OobContext } from './provider-options.ts'

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

/**
 * The default page for an `oob` callback: the verifier in `<code id="oauth_verifier">`, no caching,
 * no framing, no scripts.
 *
 * @internal
 */
export function defaultOobResponse({ verifier, consumer }: OobContext): Response {
  const name = escapeHtml(consumer.name ?? consumer.key)
  const html = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>Authorization code</title>
<p>You authorized ${name}. Enter this code in the application:</p>
<p><code id="oauth_verifier">${escapeHtml(verifier)}</code></p>
</html>
`
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
  })
}
