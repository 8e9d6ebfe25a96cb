/** One row of the demo's table. */
export interface DemoRow {
  client: string
  placement: string
  /** Where the oauth_* parameters went, as the provider received them. */
  sent: string
  /** What the provider verified. */
  verified: string
  ok: boolean
}

/** Runs the demo: provider, dance, every client in every placement. */
export function runDemo(options?: { print?: (text: string) => void }): Promise<DemoRow[]>

/** The line under the table that says what its columns mean. */
export const LEGEND: string

/** The line that ends the demo: where to go next. */
export const NEXT: string
