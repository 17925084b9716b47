import type { ThemeConfig } from 'antd';
import type { TextSize } from '../../shared/system/preferences';

/** Fonts every office PC has: Windows (YaHei), Linux desktops (Noto CJK / WenQuanYi) and macOS. */
const FONT =
  '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif';

/**
 * The app's colours, chosen for WCAG 2.1 AA (GB/T 37668-2019) on old office monitors (issue 20): every text
 * colour reaches 4.5:1 on white and on the light fills it sits on. Set once here through antd's tokens, so
 * every component (placeholders, 共 N 条, descriptions, the selected menu item, tags) follows, rather than
 * per-component overrides that the next screen would miss.
 */
const TOKENS: ThemeConfig['token'] = {
  fontFamily: FONT,
  borderRadius: 4,
  // 5.9:1 on white (5.4:1 on the page's grey) for links, tabs, the selected menu item and primary buttons.
  colorPrimary: '#1a5fd0',
  // Link buttons (编辑 / 历史 / 展开) take colorLink, which antd derives from colorInfo (#1677ff, 4.1:1).
  colorInfo: '#1a5fd0',
  colorLink: '#1a5fd0',
  // Secondary text (共 N 条, descriptions, table sort icons' labels): 5.7:1 instead of #8c8c8c's 3.4:1.
  colorTextTertiary: '#666666',
  colorTextDescription: '#666666',
  colorTextSecondary: '#595959',
  // Placeholders are the only label of some inputs while empty: 4.7:1 instead of #bfbfbf's 1.8:1.
  colorTextPlaceholder: '#737373',
  // Also the text of an empty table (还没有…记录), which the clerk must read; disabled controls keep their grey fill.
  colorTextDisabled: '#737373',
  // Red text (删除, errors) at 5.9:1; the default #ff4d4f is 3.3:1.
  colorError: '#cf1322',
  colorErrorText: '#cf1322',
  colorWarningText: '#ad4e00',
  colorSuccessText: '#237804',
};

const COMPONENTS: ThemeConfig['components'] = {
  // The selected menu item: darker blue on its light fill (5.1:1 instead of 4.1:1).
  Menu: { itemSelectedColor: '#1a5fd0', itemSelectedBg: '#e8f0fe' },
};

/**
 * 文字大小 scales the whole UI through antd's seed tokens: the font size and the control height, from which
 * antd derives headings, line heights, paddings, table rows, menu items and icons. Custom CSS that needs to
 * follow reads --ledger-scale.
 */
export const TEXT_SCALE: Record<TextSize, { fontSize: number; controlHeight: number; scale: number }> = {
  standard: { fontSize: 14, controlHeight: 32, scale: 1 },
  large: { fontSize: 16, controlHeight: 36, scale: 16 / 14 },
  xlarge: { fontSize: 18, controlHeight: 40, scale: 18 / 14 },
};

export function appTheme(textSize: TextSize): ThemeConfig {
  const { fontSize, controlHeight } = TEXT_SCALE[textSize];
  return { token: { ...TOKENS, fontSize, controlHeight }, components: COMPONENTS };
}
