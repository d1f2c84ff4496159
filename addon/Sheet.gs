/**
 * Sheet.gs: the only file that touches SpreadsheetApp ranges. Reads and writes go in batches: one
 * getDisplayValues per block, one setValues per run of changed cells in a column, one
 * setBackgrounds/setNotes per chunk.
 */

/** How many rows from the top are searched for the header row when no row is frozen. */
const HEADER_SEARCH_ROWS = 50;

/** How backup tabs were named before they were named in the user's language (Tabs.gs still knows them). */
const BACKUP_PREFIX = 'Rensa backup: ';

/**
 * @return {GoogleAppsScript.Spreadsheet.Spreadsheet}
 */
function activeSpreadsheet() {
  return SpreadsheetApp.getActiveSpreadsheet();
}

/**
 * The sheet a clean works on: the active one, never a tab Rensa made (a backup, a job tab, upkeep's
 * fingerprints), whatever language it was named in (Tabs.gs).
 * @return {GoogleAppsScript.Spreadsheet.Sheet}
 */
function activeRegisterSheet() {
  const sheet = activeSpreadsheet().getActiveSheet();
  const kind = rensaTabKind(sheet);
  if (kind === RENSA_TAB_KINDS.BACKUP) {
    throw rensaError(ERROR_CODES.NO_DATA, t_('This is a Rensa backup tab; open the register tab you want to clean.'));
  }
  if (kind) {
    throw rensaError(
      ERROR_CODES.NO_DATA,
      t_('Rensa keeps this tab for its own work; open the register tab you want to clean.'),
    );
  }
  return sheet;
}

/**
 * A sheet by name, or a rensaError with the given code.
 * @param {string} name
 * @param {string} code
 * @return {GoogleAppsScript.Spreadsheet.Sheet}
 */
function sheetByName(name, code) {
  const sheet = activeSpreadsheet().getSheetByName(name);
  if (!sheet) {
    throw rensaError(code, t_('The tab {tab} is gone; it was renamed or deleted.', { tab: name }));
  }
  return sheet;
}

/**
 * Where the column names probably are: the last frozen row if rows are frozen, else the first of the
 * top rows that is at least half as full as the fullest (so a title line above the header is skipped).
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @return {{row: number, source: string}} source: 'frozen' or 'first_row'
 */
function guessHeaderRow(sheet) {
  const frozen = sheet.getFrozenRows();
  if (frozen > 0) {
    return { row: frozen, source: 'frozen' };
  }
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  if (lastRow < 1 || lastColumn < 1) {
    return { row: 1, source: 'first_row' };
  }
  const top = sheet.getRange(1, 1, Math.min(lastRow, HEADER_SEARCH_ROWS), lastColumn).getDisplayValues();
  return { row: findHeaderRow(top), source: 'first_row' };
}

/**
 * The header row as display strings.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow 1-based sheet row of the column names
 * @return {Array<string>}
 */
function readHeader(sheet, headerRow) {
  const lastColumn = sheet.getLastColumn();
  if (lastColumn < 1) {
    return [];
  }
  return sheet.getRange(headerRow, 1, 1, lastColumn).getDisplayValues()[0];
}

/**
 * The register's shape: header, data width, status column and number of data rows under the header.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow 1-based sheet row of the column names
 * @return {{header: Array<string>, width: number, statusColumn: number, rows: number, headerRow: number}}
 */
function readShape(sheet, headerRow) {
  const names = readHeader(sheet, headerRow);
  const columns = locateColumns(names, apiVocabulary().status_header);
  return {
    header: names.slice(0, columns.width),
    width: columns.width,
    statusColumn: columns.statusColumn,
    rows: Math.max(0, sheet.getLastRow() - headerRow),
    headerRow: headerRow,
  };
}

/**
 * Data rows as the person sees them (display strings), 1-based data rows first..first+count-1.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow 1-based sheet row of the column names
 * @param {number} first 1-based data row
 * @param {number} count
 * @param {number} width
 * @return {Array<Array<string>>}
 */
function readRows(sheet, headerRow, first, count, width) {
  if (count < 1 || width < 1) {
    return [];
  }
  return toStringRows(sheet.getRange(headerRow + first, 1, count, width).getDisplayValues(), width);
}

/**
 * Formulas in a block of data rows ('' where a cell holds a plain value).
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow
 * @param {number} first
 * @param {number} count
 * @param {number} width
 * @return {Array<Array<string>>}
 */
function readFormulas(sheet, headerRow, first, count, width) {
  return sheet.getRange(headerRow + first, 1, count, width).getFormulas();
}

/**
 * Writes the status column's header if it is not there yet.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow
 * @param {number} statusColumn 1-based
 */
function writeStatusHeader(sheet, headerRow, statusColumn) {
  const cell = sheet.getRange(headerRow, statusColumn);
  const statusHeader = apiVocabulary().status_header;
  if (cell.getDisplayValue() !== statusHeader) {
    cell.setValue(statusHeader);
  }
}

/**
 * Writes one chunk's plan (from planChunkWrites): changed cells as text in column runs, flags as
 * backgrounds and notes, and the status column.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {Object} plan
 * @param {{headerRow: number, first: number, count: number, width: number, statusColumn: number,
 *     checkColumn?: number}} where
 */
function writeChunk(sheet, plan, where) {
  const top = where.headerRow + where.first;
  const runs = groupRuns(plan.writes);
  // Text format first, so "+46701234567" or "0701234567" stays text instead of becoming a number: one call
  // for all the chunk's runs (a RangeList), then one setValues per run.
  if (runs.length) {
    sheet.getRangeList(runs.map((run) => toA1(top + run.r, run.c + 1, run.values.length, 1))).setNumberFormat('@');
  }
  runs.forEach((run) => {
    sheet.getRange(top + run.r, run.c + 1, run.values.length, 1).setValues(run.values);
  });
  const block = sheet.getRange(top, 1, where.count, where.width);
  const flagged = applyFlags(
    block.getBackgrounds(),
    block.getNotes(),
    plan.flags,
    apiVocabulary().note_prefix,
    plan.refresh,
  );
  if (flagged.changed) {
    block.setBackgrounds(flagged.backgrounds);
    block.setNotes(flagged.notes);
  }
  sheet.getRange(top, where.statusColumn, where.count, 1).setValues(plan.status.map((text) => [text]));
  if (plan.checks && where.checkColumn) {
    const checks = sheet.getRange(top, where.checkColumn, where.count, 1);
    checks.setNumberFormat('@');
    checks.setValues(plan.checks.map((text) => [text]));
  }
  SpreadsheetApp.flush();
}

/**
 * One column of data rows as display strings (the status or the "Rensa check" column).
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow
 * @param {number} first 1-based data row
 * @param {number} count
 * @param {number} column 1-based
 * @return {Array<string>}
 */
function readColumn(sheet, headerRow, first, count, column) {
  if (count < 1) {
    return [];
  }
  return sheet
    .getRange(headerRow + first, column, count, 1)
    .getDisplayValues()
    .map((line) => String(line[0]));
}

/**
 * Writes the hidden "Rensa check" column's header (right of the status column) and hides the column: it
 * holds the rows' fingerprints, which mean nothing to a person.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} headerRow
 * @param {number} column 1-based
 */
function writeCheckHeader(sheet, headerRow, column) {
  const cell = sheet.getRange(headerRow, column);
  if (cell.getDisplayValue() !== CHECK_HEADER) {
    cell.setValue(CHECK_HEADER);
  }
  sheet.hideColumns(column);
}

/**
 * Refuses (addon.no_room) a clean whose backup and job tab would take the spreadsheet over Google's
 * 10,000,000 cells: the backup holds the tab's used range, the job tab two columns per data row.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {number} jobRows data rows of the job (its tab of duplicate texts)
 */
function checkRoomForBackup(sheet, jobRows) {
  const used = activeSpreadsheet()
    .getSheets()
    .reduce((n, s) => n + s.getMaxRows() * s.getMaxColumns(), 0);
  const needed =
    Math.max(1, sheet.getLastRow()) * (Math.max(1, sheet.getLastColumn()) + 2) + jobRows * jobTabColumns(jobRows);
  if (used + needed > SPREADSHEET_MAX_CELLS) {
    throw rensaError(
      ERROR_CODES.NO_ROOM,
      t_(
        'A backup of this tab needs {needed} cells, but the spreadsheet has room for {room} more (Google allows {limit}). Discard an older backup of an earlier clean (or delete empty columns and rows), then clean again. Nothing was changed or charged.',
        { needed: needed, room: Math.max(0, SPREADSHEET_MAX_CELLS - used), limit: SPREADSHEET_MAX_CELLS },
      ),
    );
  }
}

/**
 * A new hidden tab exactly as large as `rows` x `columns` (a new tab has 1,000 x 26 cells; cells count
 * against the spreadsheet's 10,000,000 whether they are used or not).
 * @param {string} name
 * @param {number} rows
 * @param {number} columns
 * @return {GoogleAppsScript.Spreadsheet.Sheet}
 */
function insertSizedSheet(name, rows, columns) {
  const tab = activeSpreadsheet().insertSheet(name);
  tab.hideSheet();
  if (tab.getMaxColumns() > columns) {
    tab.deleteColumns(columns + 1, tab.getMaxColumns() - columns);
  }
  if (tab.getMaxRows() > rows) {
    tab.deleteRows(rows + 1, tab.getMaxRows() - rows);
  }
  return tab;
}

/**
 * Copies the tab's used range (values, formulas, formats, notes) to a new hidden backup tab of its own, as
 * large as that range (earlier backups stay until discarded), named in the user's language and marked as
 * Rensa's (Tabs.gs). Returns the backup's name.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @return {string}
 */
function writeNewBackup(sheet) {
  const ss = activeSpreadsheet();
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const first = rensaTabName(RENSA_TAB_KINDS.BACKUP, sheet.getName(), { stamp: stamp });
  let name = first;
  for (let i = 2; ss.getSheetByName(name); i += 1) {
    name = `${first} (${i})`;
  }
  const rows = Math.max(1, sheet.getLastRow());
  const columns = Math.max(1, sheet.getLastColumn());
  const copy = insertRensaTab(RENSA_TAB_KINDS.BACKUP, name, rows, columns);
  sheet.getRange(1, 1, rows, columns).copyTo(copy.getRange(1, 1, rows, columns));
  copy.setFrozenRows(sheet.getFrozenRows());
  return name;
}

/**
 * Puts a backup tab's content (values, formulas, formats, notes) back over the sheet, clears what the
 * clean added beyond it, and deletes the backup.
 * @param {string} sheetName
 * @param {string} backupName
 */
function restoreBackup(sheetName, backupName) {
  const sheet = sheetByName(sheetName, ERROR_CODES.NO_BACKUP);
  const backup = sheetByName(backupName, ERROR_CODES.NO_BACKUP);
  sheet.getRange(1, 1, Math.max(sheet.getLastRow(), 1), Math.max(sheet.getLastColumn(), 1)).clear();
  // The backup is exactly as large as the tab's used range was.
  const height = Math.max(backup.getLastRow(), 1);
  const width = Math.max(backup.getLastColumn(), 1);
  backup.getRange(1, 1, height, width).copyTo(sheet.getRange(1, 1, height, width));
  activeSpreadsheet().deleteSheet(backup);
  SpreadsheetApp.flush();
}

/**
 * The spreadsheet's id (the backend needs it to apply bounces to this file).
 * @return {string}
 */
function spreadsheetId() {
  return activeSpreadsheet().getId();
}
