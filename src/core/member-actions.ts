import { custom } from 'valibot'
import { ActivityPageSchema, ClaimResultSchema, ErasureResultSchema, MemberOffersSchema, RedemptionResultSchema } from './action-schemas.ts'
import type { ActivityPage, Member, MemberOffers, ProfileInput, RedemptionResult } from './contract.ts'
import type { Kernel } from './client.ts'
import { LoyaltyError } from './errors.ts'
import { MemberSchema } from './schemas.ts'
import { newIdempotencyKey } from './token.ts'

/**
 * What the widget checks of the data export before offering it as a file: that it names a member (whose
 * id exportData compares with the member's). The file is the server's answer as it came, every field
 * kept, which an object schema would not do.
 */
const ExportSchema = custom<{ member: { id: string } }>((x) => typeof (x as { member?: { id?: unknown } })?.member?.id == 'string')

/**
 * What a member does beyond joining: spend and earn (below), and look after their account
 * (`accountActions`). Apart from the client so the widget's first open does not carry them: the views
 * bring them along.
 */
export const memberActions = (kernel: Kernel) => ({ ...pointsActions(kernel), ...accountActions(kernel) })

/** Redeem, claim, the offers open now, the ledger. */
function pointsActions({ store, emit, call, guard, setMember, member }: Kernel) {
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

    /** The offers open to the member now, with their codes (the program lists them without). */
    offers: () => guard('offers', () => call<MemberOffers>('offers', 'get', 'members/me/offers', MemberOffersSchema, { auth: true })),

    activity: (cursor?: string | null) =>
      guard('activity', () =>
        call<ActivityPage>('activity', 'get', 'members/me/activity', ActivityPageSchema, { auth: true, searchParams: cursor ? { cursor } : {} }),
      ),
  }
}

/** Consent, name and birthday, a copy of their data, deleting the account. */
function accountActions({ store, emit, call, guard, setMember }: Kernel) {
  return {
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

    /** Change the member's name or birthday (a birthday at most once a year). Resolves to the member as now stored. */
    updateProfile: (input: ProfileInput, key = newIdempotencyKey()) =>
      guard('updateProfile', async () => {
        const m = await call<Member>('updateProfile', 'post', 'members/me/profile', MemberSchema, { json: input, key, auth: true })
        setMember(m)
        return m
      }),

    /** Everything the program holds about the member, as JSON text (the server's answer, checked to be this member's). */
    exportData: () =>
      guard('exportData', async () => {
        const data = await call<{ member: { id: string } }>('exportData', 'get', 'members/me/export', ExportSchema, { auth: true })
        if (data.member.id != store.member.value?.id) throw new LoyaltyError('invalid_response', 'The export is not of this member', 'exportData')
        return JSON.stringify(data, null, 2)
      }),

    /** Delete the member's account (after the shopper confirmed it). The shopper is then a guest. */
    erase: (key = newIdempotencyKey()) =>
      guard('erase', async () => {
        await call('erase', 'post', 'members/me/erasure', ErasureResultSchema, { json: { confirm: 'erase' }, key, auth: true })
        setMember(null)
        return true as const
      }),
  }
}

export type MemberActions = ReturnType<typeof memberActions>

/** A client with the member's actions too: what `loyalkit/headless` gives integrators. */
export const withMemberActions = <C extends { kernel: Kernel }>(client: C): C & MemberActions => ({ ...client, ...memberActions(client.kernel) })
