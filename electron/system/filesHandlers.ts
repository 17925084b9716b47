import { AppError } from '../../shared/api/errors';
import type { filesContract } from '../../shared/system/filesContract';
import { callThrough, type HandlersOf } from '../api/types';

export const filesHandlers: HandlersOf<typeof filesContract> = {
  'files.saveAs': async (input, ctx) => {
    if (!ctx.desktop) throw new AppError('BAD_REQUEST', '“另存为”只在桌面版中提供;浏览器中文件会直接下载到“下载”文件夹。');
    // Through dispatch, so the inner method checks its own input and access (an archive needs an admin).
    const { dataBase64, fileName, ...result } = (await callThrough(ctx, input.method, input.input ?? {})) as {
      fileName: string;
      dataBase64: string;
    } & Record<string, unknown>;
    const path = await ctx.desktop.saveFile(fileName, Buffer.from(dataBase64, 'base64'));
    return { saved: path !== null, path, result: { fileName, ...result } };
  },
};
