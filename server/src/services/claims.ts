/** Claims of action rules (birthday once a year, newsletter and social follows once). */
import type { ClaimResult } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError, invalid } from '../errors.ts'
import type { ProgramDef } from '../program/program.ts'
import { moveSeen } from '../repositories/members.ts'
import { insertClaim } from '../repositories/redemptions.ts'
import type { CustomerClaims } from '../tokens.ts'
import { claimPeriod, requireMember } from './members.ts'
import { changePoints } from './points.ts'

export async function claim(tx: Db, def: ProgramDef, claims: CustomerClaims, ruleId: string): Promise<ClaimResult> {
  const rule = def.rules.find((r) => r.id == ruleId)
  if (!rule) throw invalid('There is no such way to earn points.', [{ field: 'ruleId', code: 'unknown' }])
  if (!rule.claimable) throw invalid('These points are awarded automatically, not claimed.', [{ field: 'ruleId', code: 'not_claimable' }])
  const member = await requireMember(tx, def, claims, true)
  if (rule.kind == 'birthday' && !member.birthday) {
    throw invalid('Birthday points need a birthday on the membership.', [{ field: 'ruleId', code: 'no_birthday' }])
  }
  if (!(await insertClaim(tx, member.id, rule.id, claimPeriod(rule.kind)))) {
    throw new DomainError('already_claimed', rule.kind == 'birthday' ? 'Birthday points were already claimed this year.' : 'These points were already claimed.')
  }
  const { balance } = await changePoints(tx, def, { memberId: member.id, type: 'claim', points: rule.points, ruleId: rule.id })
  await moveSeen(tx, member.id, rule.points)
  return { ruleId: rule.id, points: rule.points, balance }
}
