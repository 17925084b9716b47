import { App as AntApp, Card, Radio, Typography } from 'antd';
import { TEXT_SIZE_LABELS, TEXT_SIZES, type TextSize } from '../../shared/system/preferences';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';

/** 文字大小: scales the whole program for the signed-in user; kept for them on this PC (main process). */
export function TextSizePanel() {
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const textSize = useSession((s) => s.preferences.textSize);
  const setTextSize = useSession((s) => s.setTextSize);
  const name = useSession((s) => s.status?.user?.displayName);
  const choose = async (v: TextSize) => {
    try {
      await setTextSize(v);
      message.success(`文字大小已改为“${TEXT_SIZE_LABELS[v]}”,下次登录仍然有效`);
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card>
      <Typography.Paragraph>
        整个程序(菜单、表格、表单、按钮)的文字和控件一起放大。只对{name ? `“${name}”` : '当前用户'}生效,其他同事登录后仍是各自的设置。
      </Typography.Paragraph>
      <Radio.Group
        aria-label="文字大小"
        optionType="button"
        buttonStyle="solid"
        value={textSize}
        onChange={(e) => void choose(e.target.value as TextSize)}
        options={TEXT_SIZES.map((t) => ({ value: t, label: TEXT_SIZE_LABELS[t] }))}
      />
    </Card>
  );
}
