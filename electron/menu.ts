import type { MenuItemConstructorOptions } from 'electron';

/** The Chinese application menu; a pure template so it can be checked without Electron. */
export function menuTemplate(opts: { onAbout: () => void }): MenuItemConstructorOptions[] {
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    { label: '帮助', submenu: [{ label: '关于养老服务台账', click: opts.onAbout }] },
  ];
}
