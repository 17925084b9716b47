import { AppError } from '../../shared/api/errors';
import type { filesContract } from '../../shared/system/filesContract';
import type { HandlersOf } from '../api/types';

export const filesHandlers: HandlersOf<typeof filesContract> = {
  'files.saveAs': async (input, ctx) => {
    if (!ctx.desktop) throw new AppError('BAD_REQUEST', '“另存为”只在桌面版中提供;浏览器中文件会直接下载到“下载”文件夹。');
    // Through dispatch, so the inner method checks its own input and access (an archive needs an admin).
    // Imported here: dispatch → handlers → this file would otherwise be a cycle at load.
    const { dispatch } = await import('../api/dispatch');
    const env = await dispatch(ctx, input.method, input.input ?? {});
    if (!env.ok) throw new AppError(env.error.code, env.error.message, env.error.fieldErrors);
    const { dataBase64, fileName, ...result } = env.value as { fileName: string; dataBase64: string } & Record<string, unknown>;
    const path = await ctx.desktop.saveFile(fileName, Buffer.from(dataBase64, 'base64'));
    return { saved: path !== null, path, result: { fileName, ...result } };
  },
};
