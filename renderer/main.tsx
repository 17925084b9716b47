import { App as AntApp } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppTheme } from './shell/AppTheme';
import './styles.css';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppTheme>
      {/* Messages stay long enough to read a Chinese sentence that says what to do, below the page header. */}
      <AntApp message={{ duration: 6, top: 64, maxCount: 3 }}>
        <App />
      </AntApp>
    </AppTheme>
  </StrictMode>,
);
