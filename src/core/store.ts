import { computed, signal, type ReadonlySignal } from '@preact/signals-core'
import type { Member, Program } from './contract.ts'
import type { LoyaltyError } from './errors.ts'

export type Status = 'idle' | 'loading' | 'ready' | 'error'

/** The data the widget shows, as signals: the UI and integrators read them, only the client writes them. */
export function createStore() {
  const program = signal<Program | null>(null)
  const member = signal<Member | null>(null)
  const status = signal<Status>('idle')
  const error = signal<LoyaltyError | null>(null)
  /** Whether a customer token is held (the shopper is identified, member or not). */
  const identified = signal(false)
  /** When program and member last loaded; shown beside stale data while the service is down. */
  const updatedAt = signal(0)
  /**
   * What keeps the current shopper's membership unknown: nothing (`''`: answered, or a guest, who needs no
   * asking), an ask under way, or a failed one. Until it is answered a signed-in shopper is neither member nor guest.
   */
  const memberPending = signal<'' | 'asking' | 'failed'>('')
  return {
    program,
    member,
    status,
    error,
    identified,
    updatedAt,
    memberPending,
    /**
     * Why there is nothing to show: the program, or a signed-in shopper's membership, is on its way
     * (`asking`) or failed to load (`failed`); falsy once there is something.
     */
    hold: computed((): false | '' | 'asking' | 'failed' =>
      program.value ? !member.value && memberPending.value : status.value == 'error' ? 'failed' : 'asking',
    ),
    /** Read-only views for the public `state`. */
    readonly: {
      program: computed(() => program.value),
      member: computed(() => member.value),
      status: computed(() => status.value),
      error: computed(() => error.value),
    } satisfies LoyaltyState,
  }
}

export interface LoyaltyState {
  program: ReadonlySignal<Program | null>
  member: ReadonlySignal<Member | null>
  status: ReadonlySignal<Status>
  error: ReadonlySignal<LoyaltyError | null>
}

export type Store = ReturnType<typeof createStore>
