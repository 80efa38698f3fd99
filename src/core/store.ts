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
  /** The current shopper's membership is being asked for: until it answers, they are neither member nor guest. */
  const memberLoading = signal(false)
  return {
    program,
    member,
    status,
    error,
    identified,
    updatedAt,
    memberLoading,
    /** Nothing to show yet: no program, or a signed-in shopper neither member nor guest until their membership answers. */
    waiting: computed(() => !program.value || (!member.value && memberLoading.value)),
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
