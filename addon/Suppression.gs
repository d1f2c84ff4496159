/**
 * Suppression.gs: who may be contacted (issue 17). Suppression lists the user uploads (NIX-Telefon,
 * Reservasjonsregisteret, deceased, protected identities, the company's own opt-outs), the per-channel
 * verdict columns a clean writes next to the status column, and "may I call this number now?".
 *
 * The list file is read in the sidebar (FileReader) and its text sent to the backend, which stores only
 * keyed hashes of its values; nothing of the list is kept in the document. Sentences come from the backend.
 */

/** A list larger than this is sent in parts (the backend's request limit is 10 MB). */
const SUPPRESSION_PART_BYTES = 4 * 1024 * 1024;

/**
 * GET /v1/suppression-lists.
 * @return {{lists: Array<Object>, kinds: Array<Object>}}
 */
function apiSuppressionLists() {
  return apiRequest('get', '/v1/suppression-lists');
}

/**
 * POST /v1/suppression-lists, or POST /v1/suppression-lists/{id}/entries for the next part.
 * @param {Object} body
 * @param {string=} listId
 * @return {Object} the list with what was read
 */
function apiSendSuppressionPart(body, listId) {
  const path = listId ? `/v1/suppression-lists/${encodeURIComponent(listId)}/entries` : '/v1/suppression-lists';
  return apiRequest('post', path, body);
}

/**
 * POST /v1/call-time.
 * @param {{number: string, language?: string}} body
 * @return {Object}
 */
function apiCallTime(body) {
  return apiRequest('post', '/v1/call-time', body);
}

/**
 * The account's lists (newest last) and the kinds with their rules, for the sidebar's panel.
 * @return {{lists: Array<Object>, kinds: Array<Object>}}
 */
function listSuppressionLists() {
  return apiSuppressionLists();
}

/**
 * Splits a list file's text into parts below the request limit, at line ends; a header line is repeated
 * at the top of every part so each part's columns are read the same way.
 * @param {string} content
 * @param {number} limit bytes per part
 * @return {Array<string>}
 */
function suppressionParts(content, limit) {
  if (content.length * 3 <= limit) {
    return [content];
  }
  const lines = content.split(/\r?\n/);
  const first = lines[0] || '';
  const header = /\d|@/.test(first) ? '' : `${first}\n`;
  const parts = [];
  let part = [];
  let size = 0;
  lines.forEach((line, index) => {
    if (index === 0 && header) {
      return;
    }
    const bytes = line.length * 3 + 1; // at most 3 UTF-8 bytes per character of a text file's line
    if (part.length && size + bytes > limit - header.length * 3) {
      parts.push(header + part.join('\n'));
      part = [];
      size = 0;
    }
    part.push(line);
    size += bytes;
  });
  if (part.length) {
    parts.push(header + part.join('\n'));
  }
  return parts.length ? parts : [content];
}

/**
 * Uploads a list file's text: {kind, name, date, validUntil, content}. Large files go in parts.
 * @param {{kind: string, name: string, date?: string, validUntil?: string, content: string}} input
 * @return {Object} the stored list with its entries, expiry and the rows that held no value
 */
function uploadSuppressionList(input) {
  const content = String(input?.content || '');
  if (!content.trim()) {
    throw rensaError(ERROR_CODES.INPUT_INVALID, t_('Choose the list file first.'), { field: 'content' });
  }
  /** @type {Object} */
  const body = { kind: String(input.kind || ''), name: String(input.name || '').slice(0, 200) || undefined };
  if (input.date) {
    body.date = String(input.date);
  }
  if (input.validUntil) {
    body.valid_until = String(input.validUntil);
  }
  const parts = suppressionParts(content, SUPPRESSION_PART_BYTES);
  let stored = apiSendSuppressionPart(Object.assign({}, body, { content: parts[0] }));
  const unreadable = stored.unreadable_rows.slice();
  for (let i = 1; i < parts.length; i += 1) {
    const more = apiSendSuppressionPart({ content: parts[i] }, stored.id);
    stored = Object.assign({}, more, { rows: stored.rows + more.rows, header: stored.header });
  }
  stored.unreadable_rows = unreadable;
  stored.parts = parts.length;
  return stored;
}

/**
 * @param {string} id
 * @return {null}
 */
function deleteSuppressionList(id) {
  apiRequest('delete', `/v1/suppression-lists/${encodeURIComponent(String(id))}`);
  return null;
}

/**
 * "May I call this number now?": Norway's § 14 hours (holidays computed by the backend) and the lists.
 * @param {string} number
 * @param {string=} language the sidebar's language (sv, nb, da, fi, en), for the answer's words
 * @return {Object} {allowed, message, next_allowed, lists, ...}
 */
function mayCallNow(number, language) {
  const text = String(number || '').trim();
  if (!text) {
    throw rensaError(ERROR_CODES.INPUT_INVALID, t_('Type the phone number first.'), { field: 'number' });
  }
  return apiCallTime({ number: text, language: language ? String(language).slice(0, 20) : null });
}

/**
 * Who may be contacted in the active tab: a free dry run over its rows (in parts of the backend's row
 * limit) with the account's lists; the counts per channel summed, the lists' matches summed.
 * @return {{summary: Object, sentence: string, notices: Array<string>, suppression: Array<Object>, columns: Array<Object>}|null}
 */
function contactSummary() {
  const sheet = activeRegisterSheet();
  const settings = loadSettings();
  const shape = requireData(readShape(sheet, headerRowOf(sheet, settings).row));
  const options = cleanOptions(settings, shape.headerRow);
  options.dedupe = false;
  options.merge = false;
  const step = CONTACT_SUMMARY_ROWS;
  /** @type {Object|null} */
  let total = null;
  for (let first = 1; first <= shape.rows; first += step) {
    const count = Math.min(step, shape.rows - first + 1);
    const rows = readRows(sheet, shape.headerRow, first, count, shape.width);
    const result = apiClean({
      header: shape.header,
      rows: rows,
      options: Object.assign({}, options, { header_row: shape.headerRow + first - 1 }),
      dry_run: true,
    });
    if (!result.contact) {
      return null;
    }
    total = total ? addContact(total, result.contact) : result.contact;
  }
  return total;
}

/** Rows per dry run of contactSummary (the backend takes 20,000 a call). */
const CONTACT_SUMMARY_ROWS = 5000;

/**
 * Two parts' contact summaries added up (counts per channel, matches per list). The sentence of a
 * multi-part tab is the first part's; the sidebar shows the summed counts.
 * @param {Object} a
 * @param {Object} b
 * @return {Object}
 */
function addContact(a, b) {
  const summary = Object.assign({}, a.summary, { rows: a.summary.rows + b.summary.rows });
  ['phone', 'post', 'email'].forEach((channel) => {
    const sum = {};
    Object.keys(a.summary[channel]).forEach((key) => {
      sum[key] = a.summary[channel][key] + b.summary[channel][key];
    });
    summary[channel] = sum;
  });
  const suppression = a.suppression.map((list, i) =>
    Object.assign({}, list, { matches: list.matches + (b.suppression[i] ? b.suppression[i].matches : 0) }),
  );
  return Object.assign({}, a, { summary: summary, suppression: suppression, partial: true });
}

/**
 * Where a clean writes the verdict columns (Ring ej, Posta ej, E-posta ej): a column already named so is
 * reused, otherwise the next free columns right of everything in the sheet; never a column that holds data.
 * @param {Array<string>} headerCells the header row's display values
 * @param {Array<string>} names the three verdict headers
 * @param {number} lastColumn the sheet's last used column (1-based)
 * @return {Array<number>} 1-based columns
 */
function contactColumnsFor(headerCells, names, lastColumn) {
  let next = lastColumn;
  return names.map((name) => {
    const at = headerCells.findIndex((cell) => String(cell).trim() === name);
    if (at >= 0) {
      return at + 1;
    }
    next += 1;
    return next;
  });
}

/**
 * Writes one cleaned chunk's verdict columns; called by cleanNextChunk after the chunk's cells. The
 * columns are placed on the first chunk that has them and kept in the job.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @param {Object} job the stored clean job (headerRow; contactColumns is set here)
 * @param {{first: number, count: number}} chunk
 * @param {Object|null|undefined} contact the chunk's result.contact
 */
function writeContactColumns(sheet, job, chunk, contact) {
  if (!contact) {
    return;
  }
  const names = contact.columns.map((c) => c.header);
  if (!job.contactColumns) {
    const cells = readHeader(sheet, job.headerRow);
    job.contactColumns = contactColumnsFor(cells, names, Math.max(sheet.getLastColumn(), cells.length));
    job.contactColumns.forEach((column, i) => {
      sheet.getRange(job.headerRow, column).setValue(names[i]);
    });
    job.contactTotals = null;
  }
  const top = job.headerRow + chunk.first;
  job.contactColumns.forEach((column, i) => {
    const values = contact.values.map((row) => [row[i]]);
    const range = sheet.getRange(top, column, values.length, 1);
    range.setNumberFormat('@');
    range.setValues(values);
  });
  job.contactTotals = compactContact(job.contactTotals ? addContact(job.contactTotals, contact) : contact);
}

/**
 * What a job keeps of the contact answer (document properties hold 9 KB a value): the counts, the lists'
 * matches and the notices, not the per-row verdicts.
 * @param {Object} contact
 * @return {Object}
 */
function compactContact(contact) {
  return {
    summary: contact.summary,
    sentence: contact.sentence,
    notices: contact.notices,
    columns: contact.columns,
    suppression: contact.suppression.map((l) => ({
      name: l.name,
      kind: l.kind,
      date: l.date,
      valid_until: l.valid_until,
      expired: l.expired,
      matches: l.matches,
    })),
  };
}

/**
 * Who may be contacted after the last clean of this document (summed over its chunks), or null.
 * @return {Object|null}
 */
function lastCleanContact() {
  const job = loadJson(KEY_JOB);
  return job?.contactTotals ? Object.assign({ sheetName: job.sheetName, done: job.done }, job.contactTotals) : null;
}
