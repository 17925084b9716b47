/**
 * A user's own display choices, kept in the main process per user (not in the browser profile: several
 * clerks share one office PC, and each finds the app as they left it).
 */
export const TEXT_SIZES = ['standard', 'large', 'xlarge'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
export const TEXT_SIZE_LABELS: Record<TextSize, string> = { standard: '标准', large: '大', xlarge: '特大' };

export interface UserPreferences {
  textSize: TextSize;
}

export const DEFAULT_PREFERENCES: UserPreferences = { textSize: 'standard' };
