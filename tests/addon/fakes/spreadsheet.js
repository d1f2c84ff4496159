// An in-memory SpreadsheetApp for the calls the add-on makes: sheets, A1 and numeric ranges, values
// with Sheets' own number parsing (a "+46701234567" typed into a plain cell becomes a number),
// display values, formulas, backgrounds, notes, number formats, sheet copy, hide, delete, clear and
// Range.copyTo. Limits and error texts follow the real service where the add-on could hit them.

const DEFAULT_BACKGROUND = '#ffffff';

function emptyCell() {
  return { value: '', formula: '', background: DEFAULT_BACKGROUND, note: '', format: '' };
}

function cloneCell(cell) {
  return Object.assign({}, cell);
}

function isBlank(cell) {
  return cell.value === '' && cell.formula === '';
}

/** How Sheets reads text typed into a cell whose format is not plain text. */
function parseTyped(value, format) {
  if (typeof value !== 'string' || format === '@') {
    return value;
  }
  const t = value.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(t) && t !== '') {
    return Number(t);
  }
  if (/^(true|false)$/i.test(t)) {
    return t.toLowerCase() === 'true';
  }
  return value;
}

function display(value) {
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'boolean') {
    return value ? 'TRUE' : 'FALSE';
  }
  return String(value);
}

function columnNumber(letters) {
  return letters.split('').reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);
}

function columnLetters(n) {
  let s = '';
  let x = n;
  while (x > 0) {
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

class FakeRange {
  constructor(sheet, row, column, height, width) {
    if (row < 1 || column < 1 || height < 1 || width < 1) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    this.sheet = sheet;
    this.row = row;
    this.column = column;
    this.height = height;
    this.width = width;
  }

  getRow() {
    return this.row;
  }
  getColumn() {
    return this.column;
  }
  getNumRows() {
    return this.height;
  }
  getNumColumns() {
    return this.width;
  }
  getSheet() {
    return this.sheet;
  }
  getA1Notation() {
    const start = columnLetters(this.column) + this.row;
    if (this.height === 1 && this.width === 1) {
      return start;
    }
    return `${start}:${columnLetters(this.column + this.width - 1)}${this.row + this.height - 1}`;
  }

  _map(fn) {
    const out = [];
    for (let r = 0; r < this.height; r += 1) {
      const line = [];
      for (let c = 0; c < this.width; c += 1) {
        line.push(fn(this.sheet._cell(this.row + r, this.column + c)));
      }
      out.push(line);
    }
    return out;
  }

  _set(matrix, what, fn) {
    this.sheet._hook(what, this);
    if (!Array.isArray(matrix) || matrix.length !== this.height) {
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${
          Array.isArray(matrix) ? matrix.length : 0
        } but the range has ${this.height}.`,
      );
    }
    matrix.forEach((line) => {
      if (line.length !== this.width) {
        throw new Error(
          `The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.width}.`,
        );
      }
    });
    matrix.forEach((line, r) => {
      line.forEach((v, c) => {
        fn(this.sheet._cellForWrite(this.row + r, this.column + c), v);
      });
    });
    return this;
  }

  getValues() {
    return this._map((cell) => cell.value);
  }
  getDisplayValues() {
    return this._map((cell) => display(cell.value));
  }
  getValue() {
    return this.getValues()[0][0];
  }
  getDisplayValue() {
    return this.getDisplayValues()[0][0];
  }
  getFormulas() {
    return this._map((cell) => cell.formula);
  }
  getBackgrounds() {
    return this._map((cell) => cell.background);
  }
  getNotes() {
    return this._map((cell) => cell.note);
  }
  getNumberFormats() {
    return this._map((cell) => cell.format);
  }

  setValues(values) {
    values.forEach((line) => {
      line.forEach((v) => {
        if (typeof v === 'string' && v.length > 50000) {
          throw new Error('Your input contains more than the maximum of 50000 characters in a single cell.');
        }
        if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
          throw new Error('Cannot convert an object to a cell value.');
        }
      });
    });
    return this._set(values, 'setValues', (cell, v) => {
      const value = v === null || v === undefined ? '' : v;
      if (typeof value === 'string' && value.startsWith('=') && cell.format !== '@') {
        cell.formula = value;
        cell.value = `#FORMULA(${value})`;
      } else {
        cell.formula = '';
        cell.value = parseTyped(value, cell.format);
      }
    });
  }
  setValue(v) {
    return this.setValues([[v]]);
  }
  setFormula(formula) {
    return this._set([[formula]], 'setFormula', (cell, f) => {
      cell.formula = f;
      cell.value = `#FORMULA(${f})`;
    });
  }
  /** Not Apps Script: puts a formula with the value Sheets would have computed for it (tests only). */
  fakeFormula(formula, computed) {
    return this._set([[formula]], 'setFormula', (cell, f) => {
      cell.formula = f;
      cell.value = computed;
    });
  }
  setBackgrounds(colors) {
    return this._set(colors, 'setBackgrounds', (cell, v) => {
      cell.background = v || DEFAULT_BACKGROUND;
    });
  }
  setBackground(color) {
    return this.setBackgrounds(this._map(() => color));
  }
  setNotes(notes) {
    return this._set(notes, 'setNotes', (cell, v) => {
      cell.note = v === null || v === undefined ? '' : String(v);
    });
  }
  setNote(note) {
    return this.setNotes([[note]]);
  }
  setNumberFormat(format) {
    return this._set(
      this._map(() => format),
      'setNumberFormat',
      (cell, v) => {
        cell.format = v;
      },
    );
  }
  clear() {
    this.sheet._hook('clear', this);
    for (let r = 0; r < this.height; r += 1) {
      for (let c = 0; c < this.width; c += 1) {
        const cell = this.sheet._cellForWrite(this.row + r, this.column + c);
        Object.assign(cell, emptyCell(), { note: cell.note });
      }
    }
    return this;
  }
  clearNote() {
    return this.setNotes(this._map(() => ''));
  }
  /** Copies everything (values, formulas, formats, notes) to the destination's top-left corner. */
  copyTo(destination) {
    const cells = this._map((cell) => cloneCell(cell));
    destination.sheet._hook('copyTo', destination);
    cells.forEach((line, r) => {
      line.forEach((cell, c) => {
        Object.assign(destination.sheet._cellForWrite(destination.row + r, destination.column + c), cell);
      });
    });
  }
}

/** SpreadsheetApp.DeveloperMetadataVisibility: enum members are objects in Apps Script, not strings. */
const DeveloperMetadataVisibility = Object.freeze({
  DOCUMENT: Object.freeze({ name: 'DOCUMENT', toString: () => 'DOCUMENT' }),
  PROJECT: Object.freeze({ name: 'PROJECT', toString: () => 'PROJECT' }),
});

/** Developer metadata on a sheet (key, value, visibility), as Sheet.getDeveloperMetadata() gives it. */
class FakeDeveloperMetadata {
  constructor(sheet, key, value, visibility) {
    this.sheet = sheet;
    this.key = key;
    this.value = value;
    this.visibility = visibility;
  }
  getKey() {
    return this.key;
  }
  getValue() {
    return this.value;
  }
  getVisibility() {
    return this.visibility;
  }
  remove() {
    this.sheet.metadata = this.sheet.metadata.filter((m) => m !== this);
  }
}

/** Google's limit on a tab's name. */
const SHEET_NAME_MAX = 100;

function checkSheetName(name) {
  if (String(name).length > SHEET_NAME_MAX) {
    throw new Error(`The sheet name "${name}" is longer than ${SHEET_NAME_MAX} characters.`);
  }
}

class FakeSheet {
  constructor(spreadsheet, name, id) {
    checkSheetName(name);
    this.spreadsheet = spreadsheet;
    this.name = name;
    this.id = id;
    this.hidden = false;
    this.grid = [];
    this.frozenRows = 0;
    this.metadata = [];
  }

  _hook(what, range) {
    if (this.spreadsheet.onWrite) {
      this.spreadsheet.onWrite(what, this, range);
    }
  }
  _cell(row, column) {
    const line = this.grid[row - 1];
    return line?.[column - 1] || emptyCell();
  }
  _cellForWrite(row, column) {
    while (this.grid.length < row) {
      this.grid.push([]);
    }
    const line = this.grid[row - 1];
    while (line.length < column) {
      line.push(emptyCell());
    }
    return line[column - 1];
  }

  getName() {
    return this.name;
  }
  setName(name) {
    checkSheetName(name);
    if (this.spreadsheet.sheets.some((s) => s !== this && s.name === name)) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.name = name;
    return this;
  }
  getSheetId() {
    return this.id;
  }
  /** addDeveloperMetadata(key[, value][, visibility]): visibility DOCUMENT unless given. */
  addDeveloperMetadata(key, second, third) {
    const isVisibility = (x) => Object.values(DeveloperMetadataVisibility).includes(x);
    const value = second === undefined || isVisibility(second) ? null : String(second);
    const visibility = [second, third].find(isVisibility) || DeveloperMetadataVisibility.DOCUMENT;
    this.metadata.push(new FakeDeveloperMetadata(this, String(key), value, visibility));
    return this;
  }
  getDeveloperMetadata() {
    return this.metadata.slice();
  }
  getParent() {
    return this.spreadsheet;
  }
  hideSheet() {
    this.hidden = true;
    return this;
  }
  showSheet() {
    this.hidden = false;
    return this;
  }
  isSheetHidden() {
    return this.hidden;
  }
  getFrozenRows() {
    return this.frozenRows;
  }
  hideColumns(column, count) {
    this.hiddenColumns = this.hiddenColumns || new Set();
    for (let c = column; c < column + (count || 1); c += 1) {
      this.hiddenColumns.add(c);
    }
    return this;
  }
  isColumnHiddenByUser(column) {
    return Boolean(this.hiddenColumns?.has(column));
  }
  setFrozenRows(rows) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new Error(`Invalid argument: rows`);
    }
    this.frozenRows = rows;
    return this;
  }
  getLastRow() {
    for (let r = this.grid.length; r >= 1; r -= 1) {
      if ((this.grid[r - 1] || []).some((cell) => !isBlank(cell))) {
        return r;
      }
    }
    return 0;
  }
  getLastColumn() {
    let last = 0;
    this.grid.forEach((line) => {
      line.forEach((cell, c) => {
        if (!isBlank(cell) && c + 1 > last) {
          last = c + 1;
        }
      });
    });
    return last;
  }
  /** A new tab has 1,000 x 26 cells, as in Sheets; writing beyond them adds rows/columns. */
  getMaxRows() {
    return Math.max(this.maxRows === undefined ? 1000 : this.maxRows, this.grid.length);
  }
  getMaxColumns() {
    const widest = this.grid.reduce((n, line) => Math.max(n, line.length), 0);
    return Math.max(this.maxColumns === undefined ? 26 : this.maxColumns, widest);
  }
  deleteColumns(column, count) {
    if (column + count - 1 !== this.getMaxColumns()) {
      throw new Error('The fake deletes trailing columns only.');
    }
    this.grid.forEach((line) => {
      line.length = Math.min(line.length, column - 1);
    });
    this.maxColumns = column - 1;
    return this;
  }
  deleteRows(row, count) {
    if (row + count - 1 !== this.getMaxRows()) {
      throw new Error('The fake deletes trailing rows only.');
    }
    this.grid.length = Math.min(this.grid.length, row - 1);
    this.maxRows = row - 1;
    return this;
  }
  getRange(a, b, c, d) {
    if (typeof a === 'string') {
      const parts = a.toUpperCase().split(':');
      const parse = (t) => {
        const m = /^([A-Z]+)(\d+)$/.exec(t);
        if (!m) {
          throw new Error(`Range not found: ${a}`);
        }
        return { row: Number(m[2]), column: columnNumber(m[1]) };
      };
      const s = parse(parts[0]);
      const e = parts[1] ? parse(parts[1]) : s;
      return new FakeRange(this, s.row, s.column, e.row - s.row + 1, e.column - s.column + 1);
    }
    return new FakeRange(this, a, b, c === undefined ? 1 : c, d === undefined ? 1 : d);
  }
  /** Sheet.getRangeList(a1Notations): the calls the add-on makes on several ranges at once. */
  getRangeList(a1s) {
    const ranges = a1s.map((a1) => this.getRange(a1));
    return {
      getRanges: () => ranges.slice(),
      setNumberFormat: (format) => {
        ranges.forEach((range) => {
          range.setNumberFormat(format);
        });
      },
    };
  }
  getDataRange() {
    return new FakeRange(this, 1, 1, Math.max(1, this.getLastRow()), Math.max(1, this.getLastColumn()));
  }
  /** Sheet.copyTo(spreadsheet): a full copy named "Copy of <name>". */
  copyTo(spreadsheet) {
    const copy = spreadsheet._addSheet(`Copy of ${this.name}`);
    copy.grid = this.grid.map((line) => line.map(cloneCell));
    copy.frozenRows = this.frozenRows;
    return copy;
  }
  appendRow(values) {
    this.getRange(this.getLastRow() + 1, 1, 1, values.length).setValues([values]);
    return this;
  }
}

class FakeSpreadsheet {
  constructor(id) {
    this.id = id || '1FakeSpreadsheetId';
    this.sheets = [];
    this.nextSheetId = 0;
    this.active = null;
    this.onWrite = null;
  }
  _addSheet(name) {
    let unique = name;
    for (let i = 2; this.sheets.some((s) => s.name === unique); i += 1) {
      unique = `${name} ${i}`;
    }
    const sheet = new FakeSheet(this, unique, this.nextSheetId);
    this.nextSheetId += 1;
    this.sheets.push(sheet);
    return sheet;
  }
  getId() {
    return this.id;
  }
  getSheets() {
    return this.sheets.slice();
  }
  getSheetByName(name) {
    return this.sheets.find((s) => s.name === name) || null;
  }
  getActiveSheet() {
    return this.active || this.sheets[0];
  }
  setActiveSheet(sheet) {
    this.active = sheet;
    return sheet;
  }
  insertSheet(name) {
    if (name && this.getSheetByName(name)) {
      throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    return this._addSheet(name || `Sheet${this.sheets.length + 1}`);
  }
  deleteSheet(sheet) {
    if (this.sheets.length === 1) {
      throw new Error("You can't remove all the sheets in a document.");
    }
    this.sheets = this.sheets.filter((s) => s !== sheet);
    if (this.active === sheet) {
      this.active = null;
    }
  }
}

/**
 * A spreadsheet with one sheet holding rows (first row = header). By default the cells are plain text,
 * as after importing a CSV as text; with {typed: true} they are parsed as if typed in (a phone number
 * "0701234567" becomes the number 701234567, as Sheets does).
 * @param {string} name
 * @param {Array<Array<*>>} rows
 * @param {{typed: boolean}=} options
 */
function spreadsheetWith(name, rows, options) {
  const ss = new FakeSpreadsheet();
  const sheet = ss.insertSheet(name);
  if (rows.length) {
    const range = sheet.getRange(1, 1, rows.length, rows[0].length);
    if (!options?.typed) {
      range.setNumberFormat('@');
    }
    range.setValues(rows);
  }
  return ss;
}

module.exports = {
  FakeSpreadsheet,
  FakeSheet,
  FakeRange,
  spreadsheetWith,
  DEFAULT_BACKGROUND,
  DeveloperMetadataVisibility,
  SHEET_NAME_MAX,
};
