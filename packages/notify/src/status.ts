export const DEPLOY_STATUSES = ['started', 'success', 'failure', 'cancelled', 'rolled-back'] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];

/** How a status looks on every channel: Teams and Discord have no emoji-free colour bar otherwise. */
export interface StatusStyle {
  emoji: string;
  /** Hex colour, `#RRGGBB`. */
  colour: string;
  /** Adaptive Card container style and TextBlock colour for the same meaning. */
  cardStyle: 'accent' | 'good' | 'attention' | 'default' | 'warning';
  cardColour: 'Accent' | 'Good' | 'Attention' | 'Default' | 'Warning';
  /** A word for people: "succeeded", "failed". */
  label: string;
}

const STYLES: Record<DeployStatus, StatusStyle> = {
  started: { emoji: '🚀', colour: '#0969DA', cardStyle: 'accent', cardColour: 'Accent', label: 'started' },
  success: { emoji: '✅', colour: '#2EA043', cardStyle: 'good', cardColour: 'Good', label: 'succeeded' },
  failure: { emoji: '❌', colour: '#CF222E', cardStyle: 'attention', cardColour: 'Attention', label: 'failed' },
  cancelled: { emoji: '🚫', colour: '#6E7781', cardStyle: 'default', cardColour: 'Default', label: 'cancelled' },
  'rolled-back': { emoji: '↩️', colour: '#BF8700', cardStyle: 'warning', cardColour: 'Warning', label: 'rolled back' },
};

export function statusStyle(status: DeployStatus): StatusStyle {
  return STYLES[status];
}

/** Discord wants the colour as an integer. */
export function colourAsInteger(hex: string): number {
  return Number.parseInt(hex.replace(/^#/, ''), 16);
}
