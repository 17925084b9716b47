// `npm test` installs nothing itself; it says exactly what is missing instead of failing obscurely later.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const missing = [];
const major = Number(process.versions.node.split('.')[0]);
if (major < 22)
  missing.push(`Node ${process.versions.node}: 需要 Node 22 或更高(请通过 npm 运行,项目自带 node@24;不要直接调用 node_modules/.bin/*)`);
const chromium = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) missing.push(`Chromium (${chromium}): 端到端测试需要。Debian/UOS: sudo apt-get install chromium`);
const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
if (!has('pdftotext') || !has('pdftoppm'))
  missing.push('poppler-utils (pdftotext/pdftoppm): 打印测试需要。sudo apt-get install poppler-utils');
if (!has('soffice'))
  missing.push('LibreOffice Calc (soffice): 用办公软件打开导出的报表的测试需要。sudo apt-get install libreoffice-calc-nogui');
if (!has('fc-list')) missing.push('fontconfig: sudo apt-get install fonts-noto-cjk');
else {
  const fonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (!fonts.trim()) missing.push('中文字体 (fonts-noto-cjk): 截图和 PDF 中的中文会显示成方框。sudo apt-get install fonts-noto-cjk');
}
if (!existsSync('node_modules/better-sqlite3')) missing.push('依赖未安装: 请先运行 npm ci');
if (missing.length) {
  console.error(`测试环境缺少以下内容 / missing for the tests:\n  - ${missing.join('\n  - ')}`);
  process.exit(1);
}
