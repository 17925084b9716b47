import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

dayjs.locale('zh-cn');

/** Fonts every office PC has: Windows (YaHei), Linux desktops (Noto CJK / WenQuanYi) and macOS. */
const FONT =
  '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { fontFamily: FONT, colorPrimary: '#1f6feb', borderRadius: 4 } }}
    >
      {/* Messages stay long enough to read a Chinese sentence that says what to do, below the page header. */}
      <AntApp message={{ duration: 6, top: 64, maxCount: 3 }}>
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
