import { parentPort, workerData } from 'node:worker_threads';
import { householdLedger } from './store';

// Builds a household ledger on its own thread (see householdLedgerOffThread): the ExcelJS workbook's garbage
// stays in this thread's heap, which ends with it.
const { rows, offset } = workerData as { rows: number; offset: number };
parentPort?.postMessage(await householdLedger(rows, offset));
