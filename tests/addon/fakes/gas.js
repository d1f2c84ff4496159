// Loads the add-on's .gs files into one Node vm context, the way gas-local (mzagorny/gas-local) does,
// next to in-memory Apps Script services: SpreadsheetApp (spreadsheet.js), PropertiesService with the
// real size limits, ScriptApp.getIdentityToken, Utilities, HtmlService with scriptlet templates, and a
// UrlFetchApp whose fetch makes a real, blocking HTTP call (http_fetch.js run with execFileSync).

const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const zlib = require('node:zlib');
const { DeveloperMetadataVisibility } = require('./spreadsheet.js');

const ADDON_DIR = path.resolve(__dirname, '../../../addon');
const FETCH_HELPER = path.join(__dirname, 'http_fetch.js');

const PROPERTY_VALUE_MAX = 9 * 1024;
const PROPERTY_STORE_MAX = 500 * 1024;

class FakeProperties {
  constructor() {
    this.values = {};
  }
  getProperty(key) {
    return Object.hasOwn(this.values, key) ? this.values[key] : null;
  }
  getProperties() {
    return Object.assign({}, this.values);
  }
  getKeys() {
    return Object.keys(this.values);
  }
  setProperty(key, value) {
    return this.setProperties({ [key]: value });
  }
  setProperties(values) {
    const next = Object.assign({}, this.values);
    Object.keys(values).forEach((key) => {
      const text = String(values[key]);
      if (Buffer.byteLength(key) + Buffer.byteLength(text) > PROPERTY_VALUE_MAX) {
        throw new Error('Argument too large: value');
      }
      next[key] = text;
    });
    const total = Object.keys(next).reduce((n, k) => n + Buffer.byteLength(k) + Buffer.byteLength(next[k]), 0);
    if (total > PROPERTY_STORE_MAX) {
      throw new Error('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.values = next;
    return this;
  }
  deleteProperty(key) {
    delete this.values[key];
    return this;
  }
  deleteAllProperties() {
    this.values = {};
    return this;
  }
}

class HttpResponse {
  constructor(status, headers, body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
  getResponseCode() {
    return this.status;
  }
  getContentText() {
    return this.body;
  }
  getHeaders() {
    return Object.assign({}, this.headers);
  }
}

/** UrlFetchApp.fetch with a real synchronous HTTP request; every call is logged in `calls`. */
function makeUrlFetchApp(calls) {
  return {
    fetch(url, params) {
      const p = params || {};
      const headers = Object.assign({}, p.headers || {});
      if (p.contentType) {
        headers['Content-Type'] = p.contentType;
      }
      const method = String(p.method || 'get').toUpperCase();
      // A byte payload (Utilities.gzip(...).getBytes(): Java's signed bytes) travels as base64.
      const bytes = Array.isArray(p.payload) ? Buffer.from(Int8Array.from(p.payload).buffer) : null;
      const request = bytes
        ? { url: url, method: method, headers: headers, bodyBase64: bytes.toString('base64') }
        : { url: url, method: method, headers: headers, body: p.payload };
      const started = process.hrtime.bigint();
      const out = childProcess.execFileSync(process.execPath, [FETCH_HELPER], {
        input: JSON.stringify(request),
        maxBuffer: 64 * 1024 * 1024,
      });
      const reply = JSON.parse(out.toString('utf8'));
      const sent = bytes ? zlib.gunzipSync(bytes).toString('utf8') : p.payload;
      calls.push({
        url: url,
        method: method,
        body: sent === undefined ? undefined : JSON.parse(sent),
        bytes: bytes ? bytes.length : sent === undefined ? 0 : Buffer.byteLength(sent),
        gzip: Boolean(bytes),
        reply,
        seconds: Number(process.hrtime.bigint() - started) / 1e9, // request to answer, for bench/
      });
      if (reply.error) {
        throw new Error(`Address unavailable: ${url} (${reply.error})`);
      }
      if (reply.status >= 400 && !p.muteHttpExceptions) {
        throw new Error(
          `Request failed for ${url} returned code ${reply.status}. Truncated server response: ${reply.body.slice(0, 100)}`,
        );
      }
      return new HttpResponse(reply.status, reply.headers, reply.body);
    },
  };
}

/** A Blob as Apps Script has it: bytes (signed, as Java gives them), a content type, text. */
class FakeBlob {
  constructor(bytes, contentType) {
    this.bytes = Buffer.from(bytes);
    this.contentType = contentType || 'application/octet-stream';
  }
  getBytes() {
    return Array.from(new Int8Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length));
  }
  getDataAsString() {
    return this.bytes.toString('utf8');
  }
  getContentType() {
    return this.contentType;
  }
}

function makeUtilities() {
  return {
    getUuid: () => crypto.randomUUID(),
    newBlob: (data, contentType) =>
      new FakeBlob(
        typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(Int8Array.from(data).buffer),
        contentType,
      ),
    gzip: (blob) => new FakeBlob(zlib.gzipSync(blob.bytes), 'application/x-gzip'),
    ungzip: (blob) => new FakeBlob(zlib.gunzipSync(blob.bytes), 'application/octet-stream'),
  };
}

/**
 * The document locks of one spreadsheet, shared by every execution (runtime) opened on it. A lock
 * belongs to the execution that took it; another execution's tryLock/waitLock waits up to its timeout
 * and gets it only if the holder lets go meanwhile. The fake is single-threaded, so nothing can let go
 * during a wait unless a test's `onWait(ms, holder)` hook does it (modelling the other execution
 * finishing within the timeout); otherwise the wait fails as Apps Script's does when the timeout passes.
 */
const DOCUMENT_LOCKS = new WeakMap();

function documentLocks(spreadsheet) {
  if (!DOCUMENT_LOCKS.has(spreadsheet)) {
    DOCUMENT_LOCKS.set(spreadsheet, { holder: null, waits: [], onWait: null });
  }
  return DOCUMENT_LOCKS.get(spreadsheet);
}

function makeLockService(spreadsheet, execution) {
  const store = () => documentLocks(spreadsheet);
  const acquire = (timeout) => {
    const locks = store();
    if (locks.holder !== null && locks.holder !== execution) {
      locks.waits.push({ execution: execution, timeout: timeout, holder: locks.holder });
      if (locks.onWait) {
        locks.onWait(timeout, locks.holder);
      }
    }
    if (locks.holder === null || locks.holder === execution) {
      locks.holder = execution;
      return true;
    }
    return false;
  };
  const lock = () => ({
    tryLock(timeoutInMillis) {
      return acquire(timeoutInMillis);
    },
    waitLock(timeoutInMillis) {
      if (!acquire(timeoutInMillis)) {
        throw new Error('Lock timeout: another process was holding the lock for too long.');
      }
    },
    hasLock() {
      return store().holder === execution;
    },
    releaseLock() {
      if (store().holder === execution) {
        store().holder = null;
      }
    },
  });
  return {
    getDocumentLock: () => (spreadsheet ? lock() : null),
    getScriptLock: () => {
      throw new Error('The add-on only uses the document lock.');
    },
    getUserLock: () => {
      throw new Error('The add-on only uses the document lock.');
    },
  };
}

/** Turns an HtmlService template into JS source: <?= ?> prints escaped, <?!= ?> raw, <? ?> runs. */
function compileTemplate(source) {
  let code = 'var __out = "";\n';
  const re = /<\?(!=|=)?([\s\S]*?)\?>/g;
  let last = 0;
  let m = re.exec(source);
  while (m) {
    code += `__out += ${JSON.stringify(source.slice(last, m.index))};\n`;
    // Printing scriptlets may end with a semicolon, as in Google's samples.
    const expr = m[2].trim().replace(/;+$/, '');
    if (m[1] === '!=') {
      code += `__out += String(${expr});\n`;
    } else if (m[1] === '=') {
      code += `__out += __escape(${expr});\n`;
    } else {
      code += `${m[2]}\n`;
    }
    last = re.lastIndex;
    m = re.exec(source);
  }
  code += `__out += ${JSON.stringify(source.slice(last))};\nreturn __out;`;
  return code;
}

function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

class HtmlOutput {
  constructor(content) {
    this.content = content;
    this.title = '';
  }
  getContent() {
    return this.content;
  }
  setTitle(title) {
    this.title = title;
    return this;
  }
  getTitle() {
    return this.title;
  }
  setWidth() {
    return this;
  }
}

function readHtmlFile(name) {
  const file = path.join(ADDON_DIR, `${name}.html`);
  if (!fs.existsSync(file)) {
    throw new Error(`No HTML file named ${name} was found.`);
  }
  return fs.readFileSync(file, 'utf8');
}

function makeHtmlService(getContext) {
  return {
    createHtmlOutputFromFile(name) {
      return new HtmlOutput(readHtmlFile(name));
    },
    createHtmlOutput(html) {
      return new HtmlOutput(html || '');
    },
    createTemplateFromFile(name) {
      const source = readHtmlFile(name);
      const template = {
        evaluate() {
          const vars = Object.assign({}, template);
          delete vars.evaluate;
          const fn = vm.runInContext(
            `(function (__vars, __escape) { with (__vars) { ${compileTemplate(source)} } })`,
            getContext(),
          );
          return new HtmlOutput(fn(vars, escapeHtml));
        },
      };
      return template;
    },
  };
}

function makeUi(record) {
  const ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  const Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  return {
    ButtonSet: ButtonSet,
    Button: Button,
    createAddonMenu() {
      const items = [];
      const menu = {
        addItem(caption, fn) {
          items.push({ caption: caption, fn: fn });
          return menu;
        },
        addSeparator() {
          items.push({ separator: true });
          return menu;
        },
        addToUi() {
          record.menu = items;
        },
      };
      return menu;
    },
    showSidebar(html) {
      record.sidebar = html;
    },
    alert(title, message, buttons) {
      record.alerts.push({ title: title, message: message, buttons: buttons });
      return record.alertAnswer || Button.OK;
    },
  };
}

/**
 * A fresh Apps Script runtime holding the add-on's code. Pass the same `spreadsheet` and `properties`
 * to a second runtime to model a new execution (e.g. after a stop) on the same document.
 * @param {Object} options spreadsheet (FakeSpreadsheet), apiUrl, token, properties {script, document, user}
 */
function loadAddon(options) {
  const calls = [];
  const ui = { menu: null, sidebar: null, alerts: [], alertAnswer: null };
  const properties = options.properties || {
    script: new FakeProperties(),
    document: new FakeProperties(),
    user: new FakeProperties(),
  };
  if (options.apiUrl) {
    properties.script.setProperty('RENSA_API_URL', options.apiUrl);
  }
  let context = null;
  const execution = { name: options.name || 'execution' };
  const globals = {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => options.spreadsheet,
      getUi: () => makeUi(ui),
      flush: () => undefined,
      DeveloperMetadataVisibility: DeveloperMetadataVisibility,
    },
    PropertiesService: {
      getScriptProperties: () => properties.script,
      getDocumentProperties: () => properties.document,
      getUserProperties: () => properties.user,
    },
    ScriptApp: {
      getIdentityToken: () => options.token || '',
      AuthMode: { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL' },
    },
    Utilities: makeUtilities(),
    Session: { getActiveUserLocale: () => options.locale || 'en' },
    UrlFetchApp: makeUrlFetchApp(calls),
    LockService: makeLockService(options.spreadsheet, execution),
    HtmlService: makeHtmlService(() => context),
    Logger: { log: () => undefined },
    console: console,
  };
  context = vm.createContext(globals);
  fs.readdirSync(ADDON_DIR)
    .filter((f) => f.endsWith('.gs'))
    .sort()
    .forEach((file) => {
      vm.runInContext(fs.readFileSync(path.join(ADDON_DIR, file), 'utf8'), context, { filename: file });
    });
  return { context: context, calls: calls, ui: ui, properties: properties, execution: execution };
}

module.exports = { loadAddon, documentLocks, FakeProperties, compileTemplate, ADDON_DIR };
