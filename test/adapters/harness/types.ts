import type { AdapterDefaults, Authorizer, OAuthRefusal, RequestOAuthOptions } from '@oauthkit/core'

/**
 * One request of the adapter contract suite, in neutral terms. Each harness turns it into its
 * client's native idiom (axios `params`/`data`, ky `searchParams`/`body`, got `searchParams`/`form`,
 * fetch URL and init), so the suite checks what that client really puts on the wire.
 */
export interface ContractRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** A path relative to the client's base URL (`/things`), or an absolute URL. */
  url: string
  /** Query parameters through the client's own query option, as pairs (duplicates allowed). */
  query?: [string, string][]
  /** A form body through the client's own idiom (axios: an object with a form Content-Type; ky and fetch: URLSearchParams; got: `form`). */
  form?: [string, string][]
  /** A JSON body through the client's own idiom (axios `data` object, ky/got `json`, fetch JSON string + header). */
  json?: unknown
  /** A multipart body (FormData) with these text fields. */
  multipart?: Record<string, string>
  /** Extra request headers. */
  headers?: Record<string, string>
  /** Per-request OAuth options, passed in the client's idiom (axios `oauth`, ky/got `context.oauth`, fetch `init.oauth`). */
  oauth?: RequestOAuthOptions
  /** Retries the client may make on a 503 (axios through axios-retry; ky and got natively; fetch: none). */
  retries?: number
}

/** What came back, whatever the status (harnesses never throw on HTTP status). */
export interface ContractResponse {
  status: number
  body: string
  /** What `oauthRefusal` of `@oauthkit/core` gives for the client's response (or its error for it). */
  refusal?: OAuthRefusal | undefined
}

/** The client's own error for an HTTP status (axios' `AxiosError`, ky's and got's `HTTPError`), as the suite reads it. */
export interface ClientHttpError {
  /** The status of the error's response (`error.response.status` / `statusCode`). */
  status: number
  /** The error's own `oauth` property, as the adapter set it. */
  oauth: unknown
}

/** Options of a client made by a harness. */
export interface HarnessOptions {
  /** The base URL the client is configured with (axios `baseURL`, ky `prefixUrl`/`prefix`, got `prefixUrl`). */
  baseUrl?: string
  /** Install an unrelated interceptor/hook first that adds the header `x-other: 1`. */
  withOtherHook?: boolean
}

/** A client under test with the adapter installed. */
export interface ContractClient {
  send(request: ContractRequest): Promise<ContractResponse>
  /**
   * Sends with the client's own behaviour on an HTTP status: axios's default `validateStatus`, ky's
   * and got's `throwHttpErrors: true`. Resolves to what the call threw, or to the response it returned
   * (fetch, or a status the client does not throw for).
   */
  strict(request: ContractRequest): Promise<{ thrown: unknown } | { response: ContractResponse }>
  /** Removes the adapter (axios only). */
  eject?: () => void
}

/** How the suite drives one adapter with one client version. */
export interface Harness {
  /** For example `axios`, `ky@1`, `ky@2`, `got@14`, `got@16`, `fetch`. */
  name: string
  /** Whether retries are a native feature (all but fetch). */
  retries: boolean
  /** Whether its clients can be ejected (axios). */
  ejectable?: boolean
  create(auth: Authorizer, defaults?: AdapterDefaults, options?: HarnessOptions): ContractClient
  /** The client's own error for an HTTP status, read; `undefined` for anything else (and always, for fetch). */
  httpError(error: unknown): ClientHttpError | undefined
}
