import { safeUrl } from '../../core/url.ts'
import { Icon } from '../parts.tsx'
import { iconOf } from './icons.ts'

/**
 * A reward's or offer's picture: from `https:` or the page's own origin only, loaded lazily into a box
 * of fixed size (nothing moves when it arrives); the kind's icon when there is none or it fails. The
 * name beside it says what it is, so the picture itself is decoration (empty alt).
 */
export function Picture({ url, kind }: { url: string | undefined; kind: string }) {
  const src = safeUrl(url)
  return (
    <span class="pic" aria-hidden="true">
      <Icon d={iconOf(kind)} />
      {src && <img src={src} alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer" onError={(e) => ((e.target as HTMLElement).hidden = true)} />}
    </span>
  )
}
