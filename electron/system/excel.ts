/**
 * ExcelJS, loaded when a file is first read or written rather than when the store starts: it is the largest
 * module the worker would load, and the window is usable (start to usable, issue 17) before anyone imports
 * a ledger or exports a workbook. Node keeps the module once loaded.
 */
export async function loadExcel() {
  return (await import('exceljs')).default;
}
