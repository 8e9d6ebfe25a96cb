// Types only: how an adapter types the per-request `context.oauth` of a client (ky, got) whose
// `context` is a free-form record, on the instance its `withOAuth` returns.

import type { RequestOAuthOptions } from './binding.ts'

/**
 * The `context` of a ky or got request that carries OAuth options: the clients' own idiom for
 * per-request data. Set on a got instance (`client.extend({ context })`), it is the default of every
 * request made with it.
 *
 * @example
 * ```ts
 * import type { OAuthContext } from '@oauthkit/got'
 *
 * const context: OAuthContext = { oauth: { placement: 'query' } }
 * const unsigned: OAuthContext = { oauth: false }
 * ```
 */
// A type alias, not an interface: the clients type `context` as Record<string, unknown>, which an interface does not satisfy.
export type OAuthContext = {
  /** Options for this request, or `false` to send it unsigned. */
  oauth?: RequestOAuthOptions | undefined
}

/**
 * A client's free-form `context` record with its `oauth` entry typed: a misspelt placement, an
 * unknown option or a wrong type under `oauth` fails to compile; every other key stays the caller's.
 *
 * @example
 * ```ts
 * import type { OAuthContextRecord } from '@oauthkit/core/adapter'
 *
 * const context: OAuthContextRecord = { oauth: { placement: 'body' }, traceId: 'abc' }
 * ```
 */
export type OAuthContextRecord = { [key: string]: unknown } & OAuthContext

/**
 * An options object of a client with its `context` typed by {@link OAuthContextRecord}; any other
 * type (a URL, `undefined`) as it is.
 *
 * @example
 * ```ts
 * import type { WithOAuthContext } from '@oauthkit/core/adapter'
 *
 * const options: WithOAuthContext<{ timeout?: number; context?: Record<string, unknown> }> = { context: { oauth: false } }
 * ```
 */
export type WithOAuthContext<Value> = Value extends object
  ? 'context' extends keyof Value
    ? Omit<Value, 'context'> & { context?: OAuthContextRecord | undefined }
    : Value
  : Value

/**
 * The arguments and result of each call signature of `Call`, in order, as `[arguments, result]`
 * pairs; up to 40 (got 14 has 35). A generic signature comes with its type parameters erased. With
 * fewer signatures, the first is repeated at the start (harmless in an overload list).
 */
type CallSignatures<Call> = Call extends {
  (...args: infer A1): infer R1
  (...args: infer A2): infer R2
  (...args: infer A3): infer R3
  (...args: infer A4): infer R4
  (...args: infer A5): infer R5
  (...args: infer A6): infer R6
  (...args: infer A7): infer R7
  (...args: infer A8): infer R8
  (...args: infer A9): infer R9
  (...args: infer A10): infer R10
  (...args: infer A11): infer R11
  (...args: infer A12): infer R12
  (...args: infer A13): infer R13
  (...args: infer A14): infer R14
  (...args: infer A15): infer R15
  (...args: infer A16): infer R16
  (...args: infer A17): infer R17
  (...args: infer A18): infer R18
  (...args: infer A19): infer R19
  (...args: infer A20): infer R20
  (...args: infer A21): infer R21
  (...args: infer A22): infer R22
  (...args: infer A23): infer R23
  (...args: infer A24): infer R24
  (...args: infer A25): infer R25
  (...args: infer A26): infer R26
  (...args: infer A27): infer R27
  (...args: infer A28): infer R28
  (...args: infer A29): infer R29
  (...args: infer A30): infer R30
  (...args: infer A31): infer R31
  (...args: infer A32): infer R32
  (...args: infer A33): infer R33
  (...args: infer A34): infer R34
  (...args: infer A35): infer R35
  (...args: infer A36): infer R36
  (...args: infer A37): infer R37
  (...args: infer A38): infer R38
  (...args: infer A39): infer R39
  (...args: infer A40): infer R40
}
  ? [
      [A1, R1],
      [A2, R2],
      [A3, R3],
      [A4, R4],
      [A5, R5],
      [A6, R6],
      [A7, R7],
      [A8, R8],
      [A9, R9],
      [A10, R10],
      [A11, R11],
      [A12, R12],
      [A13, R13],
      [A14, R14],
      [A15, R15],
      [A16, R16],
      [A17, R17],
      [A18, R18],
      [A19, R19],
      [A20, R20],
      [A21, R21],
      [A22, R22],
      [A23, R23],
      [A24, R24],
      [A25, R25],
      [A26, R26],
      [A27, R27],
      [A28, R28],
      [A29, R29],
      [A30, R30],
      [A31, R31],
      [A32, R32],
      [A33, R33],
      [A34, R34],
      [A35, R35],
      [A36, R36],
      [A37, R37],
      [A38, R38],
      [A39, R39],
      [A40, R40],
    ]
  : never

/** Whether an argument is options whose `Key` is set to `Marker` only (got's `responseType: 'json'`). */
type Marked<Value, Key extends PropertyKey, Marker> = Value extends object
  ? Key extends keyof Value
    ? [NonNullable<Value[Key]>] extends [never]
      ? false
      : [NonNullable<Value[Key]>] extends [Marker]
        ? true
        : false
    : false
  : false
/** A promise of a value or of a response, its body given the type `Body`. */
type WithBody<Result, Body> =
  Result extends PromiseLike<infer Value>
    ? Omit<Result, keyof Promise<Value>> & Promise<Value extends { body: unknown } ? Omit<Value, 'body'> & { body: Body } : Body>
    : Result
type Retyped<Args> = { [Index in keyof Args]: WithOAuthContext<Args[Index]> }
/** The pairs as an overload list, in order, arguments retyped: see {@link OAuthContextCalls}. */
type Rebuilt<Pairs, Key extends PropertyKey, Marker> = Pairs extends [[infer Args extends unknown[], infer Result], ...infer Rest]
  ? (true extends Marked<Args[number], Key, Marker>
      ? <Body>(...args: Retyped<Args>) => WithBody<Result, Body>
      : (...args: Retyped<Args>) => Result) &
      Rebuilt<Rest, Key, Marker>
  : unknown

/**
 * Every call signature of a client's request function, in order, with the `context` of its options
 * typed by {@link OAuthContextRecord}; arguments and results otherwise as they are. The signatures
 * whose options set the one key of `Generic` to its value only (got's `{ responseType: 'json' }`)
 * take the body's type as their type argument, which erasing the type parameters of generic
 * signatures would otherwise drop.
 *
 * @example
 * ```ts
 * import type { OAuthContextCalls } from '@oauthkit/core/adapter'
 *
 * type Get = OAuthContextCalls<(url: string, options?: { context?: Record<string, unknown> }) => Promise<string>>
 * const get: Get = async () => 'body'
 * await get('https://api.example.com/', { context: { oauth: { placement: 'query' } } })
 * ```
 */
export type OAuthContextCalls<Call, Generic extends object = Record<never, never>> = Rebuilt<
  CallSignatures<Call>,
  keyof Generic,
  Generic[keyof Generic]
>

/** The request methods that ky and got name after HTTP methods. */
type MethodName = 'get' | 'post' | 'put' | 'patch' | 'head' | 'delete' | 'query'

/**
 * A client instance whose call and methods `Names` (by default those named after HTTP methods) are
 * request functions, each typed by {@link OAuthContextCalls} with `Generic`; its other members as
 * they are.
 *
 * @example
 * ```ts
 * import type { OAuthContextInstance } from '@oauthkit/core/adapter'
 *
 * type Client = { (url: string, options?: { context?: Record<string, unknown> }): Promise<string>; get: Client; version: string }
 * declare const client: OAuthContextInstance<Client>
 * await client.get('https://api.example.com/', { context: { oauth: false } })
 * ```
 */
export type OAuthContextInstance<Instance, Generic extends object = Record<never, never>, Names extends PropertyKey = MethodName> = Omit<
  Instance,
  Names
> &
  OAuthContextCalls<Instance, Generic> & { [Name in Names & keyof Instance]: OAuthContextCalls<Instance[Name], Generic> }
