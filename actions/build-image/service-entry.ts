import type { ReleasePlan } from '@deploy-kit/release-plan';
import type { Published } from './publish';

/** One service's image as published: what the `services` output holds per service. */
export interface ServiceResult {
  service: string;
  plan: ReleasePlan;
  published: Published;
}

/** An entry of the `services` output (JSON): the shape the deploy engine's ServiceImage is made from. */
export interface ServiceEntry {
  service: string;
  /** Image name without tag, e.g. `ghcr.io/acme/shop/api`. */
  image: string;
  /** `sha256:...`; empty when nothing was pushed. */
  digest: string;
  /** `<image>@<digest>`; empty when nothing was pushed. */
  'image-ref': string;
  /** Every tag pushed, as full references (version tag, then sha tag). */
  tags: string[];
  promoted: boolean;
}

export function serviceEntry({ service, plan, published }: ServiceResult): ServiceEntry {
  const digest = published.digest ?? '';
  return {
    service,
    image: plan.image,
    digest,
    'image-ref': digest ? `${plan.image}@${digest}` : '',
    tags: plan.buildTags.map((tag) => `${plan.image}:${tag}`),
    promoted: published.method === 'promoted',
  };
}
