/**
 * The shopper's address for rate limits. Behind a load balancer the socket's peer
 * is the proxy: X-Forwarded-For is read only through proxies the operator trusts
 * (LOYALKIT_TRUST_PROXY), from the right, stopping at the first untrusted hop.
 * IPv6 addresses count by their /64, which one subscriber usually holds whole.
 */
import { BlockList, isIP } from 'node:net'

const KEYWORDS: Record<string, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
}

/** Parses `loopback, private, 203.0.113.0/24, 2001:db8::/32, 198.51.100.7`; throws on anything else. */
export function trustList(entries: string[]): BlockList {
  const list = new BlockList()
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase()
    if (!entry) continue
    const keyword = KEYWORDS[entry]
    if (keyword) {
      for (const [net, prefix, type] of keyword) list.addSubnet(net, prefix, type)
      continue
    }
    const [address = '', prefixText] = entry.split('/')
    const family = isIP(address)
    if (!family) throw new Error(`"${raw}" is not an IP address, a CIDR block, "loopback" or "private"`)
    const max = family == 4 ? 32 : 128
    const prefix = prefixText === undefined ? max : Number(prefixText)
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) {
      throw new Error(`"${raw}" has an invalid prefix length`)
    }
    list.addSubnet(address, prefix, family == 4 ? 'ipv4' : 'ipv6')
  }
  return list
}

/** `::ffff:1.2.3.4` is the IPv4 address it carries; a hop may carry a port (`1.2.3.4:5678`, `[2001:db8::1]:443`). */
function unmap(address: string): string {
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address) ?? /^\[([0-9a-f:.]+)\](?::\d+)?$/i.exec(address)
  const bare = withPort ? withPort[1]! : address
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)
  return m ? m[1]! : bare
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address)
  return family != 0 && list.check(address, family == 4 ? 'ipv4' : 'ipv6')
}

/** The client of a request: socket peer, walked back through trusted proxies. */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trust: BlockList): string {
  let address = unmap(peer ?? '')
  if (forwardedFor && trusted(trust, address)) {
    const hops = forwardedFor.split(',').map((h) => unmap(h.trim()))
    while (hops.length && trusted(trust, address)) {
      const next = hops.pop()!
      if (!isIP(next)) break
      address = next
    }
  }
  return address || 'unknown'
}

/** The rate-limit key of an address: IPv4 whole, IPv6 by its /64. */
export function addressKey(address: string): string {
  if (isIP(address) != 6) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left
  return (
    groups
      .slice(0, 4)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':') + '::/64'
  )
}
