/**
 * What a member changes about themselves: their name, and their birthday, which can be added after
 * joining and changes at most once a year (a birthday bonus cannot be claimed again by moving it).
 */
import type { ProfileInput } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError } from '../errors.ts'
import type { ProgramDef } from '../program/program.ts'
import { setProfile, type MemberRow } from '../repositories/members.ts'
import { emit } from '../webhooks/outbox.ts'
import { earnBadgesNow } from './badges.ts'

/** Applies the changes (`member` locked); webhook `member.updated` naming the fields that changed, not their values. */
export async function updateProfile(tx: Db, def: ProgramDef, member: MemberRow, input: ProfileInput): Promise<MemberRow> {
  // '' and null alike clear a field; a field left out stays.
  const name = input.name === undefined ? undefined : input.name || null
  const birthday = input.birthday === undefined ? undefined : input.birthday || null
  const changes: { name?: string | null; birthday?: string | null } = {}
  if (name !== undefined && name !== member.name) changes.name = name
  if (birthday !== undefined && birthday !== member.birthday) changes.birthday = birthday
  const fields = Object.keys(changes)
  if (!fields.length) return member
  if (!(await setProfile(tx, member.id, changes))) {
    throw new DomainError('invalid_fields', 'A birthday changes at most once a year.', { errors: [{ field: 'birthday', code: 'once_a_year' }] })
  }
  await emit(tx, def.key, 'member.updated', { memberId: member.id, email: member.email, fields, source: 'widget' }, { memberId: member.id })
  // A birthday given earns the birthday badge.
  await earnBadgesNow(tx, def, member.id)
  return { ...member, ...changes }
}
