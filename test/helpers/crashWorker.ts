// Child process for the crash-safety tests: does one long operation until it is killed with SIGKILL.
import { readFileSync } from 'node:fs';
import { LedgerApp } from '../../electron/app';
import { createBackup } from '../../electron/backup/service';
import { ImportService } from '../../electron/import/service';
import { importPackage } from '../../electron/sync/service';
import { writeFileAtomic } from '../../electron/system/files';

const [mode, dataDir, arg] = process.argv.slice(2);
const actor = { userId: 'crash', userName: '崩溃测试', role: 'admin' as const };
const app = new LedgerApp({ dataDir });
process.stdout.write('ready\n');
if (mode === 'import') {
  importPackage(app, actor, readFileSync(arg));
} else if (mode === 'writes') {
  // Operations of 10 records each, one transaction per operation: afterwards every batch is whole or absent.
  for (let op = 0; op < 100000; op++)
    app.run.tx(() => {
      for (let k = 0; k < 10; k++)
        app.records.create(
          'facilities',
          { townshipCode: app.requireOffice().divisionCode, name: `批次${op}-${k}`, type: '其他', status: '运营', remark: `op${op}` },
          actor,
        );
    });
} else if (mode === 'ledger') {
  // An Excel ledger import (arg: the .xlsx): preview, then commit in one transaction.
  void (async () => {
    const svc = new ImportService(app);
    const p = await svc.preview({ kind: 'facilities', fileName: '机构台账.xlsx', dataBase64: readFileSync(arg).toString('base64') }, actor);
    process.stdout.write('previewed\n');
    await svc.commit({ previewId: p.previewId, mode: 'all' }, actor);
    process.stdout.write('committed\n');
  })();
} else if (mode === 'file') {
  // A document saved again and again over the same name (a PDF to a USB stick): arg is the target; each
  // version is 8 MB of one repeated byte, so a torn file would show mixed or missing bytes.
  for (let v = 0; ; v++) writeFileAtomic(arg, Buffer.alloc(8 * 1024 * 1024, 65 + (v % 26)));
} else if (mode === 'backup') {
  void (async () => {
    for (;;) await createBackup(app.store.sqlite, dataDir, 'manual');
  })();
}
process.stdout.write('done\n');
