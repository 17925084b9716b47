import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, type ReactNode } from 'react';
import { useSession } from '../system/sessionStore';
import { appTheme, TEXT_SCALE } from './theme';

/** antd in Chinese with the app's accessible colours, at the signed-in user's 文字大小. */
export function AppTheme({ children }: { children: ReactNode }) {
  const textSize = useSession((s) => s.preferences.textSize);
  useEffect(() => {
    document.documentElement.style.setProperty('--ledger-scale', String(TEXT_SCALE[textSize].scale));
    document.documentElement.dataset.textSize = textSize;
  }, [textSize]);
  return (
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={appTheme(textSize)}>
      {children}
    </ConfigProvider>
  );
}
