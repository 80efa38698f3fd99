import type { ActivityPage, Member, RedemptionResult } from './contract.ts'
import type { Kernel } from './client.ts'
import { ActivityPageSchema, ClaimResultSchema, MemberSchema, RedemptionResultSchema } from './schemas.ts'
import { newIdempotencyKey } from './token.ts'

/**
 * What a member does beyond joining: redeem, claim, change consent, read their activity. Apart from
 * the client so the widget's first open does not carry them: the views bring them along.
 */
export function memberActions({ store, emit, call, guard, setMember, member }: Kernel) {
  return {
    redeem: (rewardId: string, key = newIdempotencyKey()) =>
      guard('redeem', async () => {
        const r = await call<RedemptionResult>('redeem', 'post', 'members/me/redemptions', RedemptionResultSchema, { json: { rewardId }, key, auth: true })
        const reward = store.program.value?.rewards.find((x) => x.id == rewardId)
        const m = store.member.value
        if (m) setMember({ ...m, balance: r.balance })
        if (reward) emit('redeem', { reward, redemption: r.redemption, balance: r.balance })
        // Coupons and tier come from the server's view of the member.
        member().catch(() => {})
        return r
      }),

    claim: (ruleId: string, key = newIdempotencyKey()) =>
      guard('claim', async () => {
        const r = await call('claim', 'post', 'members/me/claims', ClaimResultSchema, { json: { ruleId }, key, auth: true })
        const rule = store.program.value?.rules.find((x) => x.id == ruleId)
        const m = store.member.value
        if (m) setMember({ ...m, balance: r.balance, claimedRules: [...m.claimedRules, ruleId] })
        if (rule) emit('claim', { rule, points: r.points, balance: r.balance })
        return r
      }),

    /**
     * Give (true) or withdraw (false) the member's consent to marketing email. Resolves to the member as
     * the server now has it (also in `state.member`), and sends `consent`.
     */
    setConsent: (marketing: boolean, key = newIdempotencyKey()) =>
      guard('setConsent', async () => {
        const m = await call<Member>('setConsent', 'post', 'members/me/consent', MemberSchema, { json: { marketing }, key, auth: true })
        setMember(m)
        emit('consent', { marketing: m.marketing })
        return m
      }),

    activity: (cursor?: string | null) =>
      guard('activity', () =>
        call<ActivityPage>('activity', 'get', 'members/me/activity', ActivityPageSchema, { auth: true, searchParams: cursor ? { cursor } : {} }),
      ),
  }
}

export type MemberActions = ReturnType<typeof memberActions>

/** A client with the member's actions too: what `loyalkit/headless` gives integrators. */
export const withMemberActions = <C extends { kernel: Kernel }>(client: C): C & MemberActions => ({ ...client, ...memberActions(client.kernel) })
