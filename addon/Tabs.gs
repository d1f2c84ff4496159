/**
 * Tabs.gs: the tabs Rensa makes in a spreadsheet (a clean's backup for Undo, a clean's hidden job tab; the
 * server adds upkeep's fingerprint tab and its own backups) are named in the user's language, and they carry
 * a marker that does not depend on it: developer metadata `rensa.tab` = <kind> on the sheet itself,
 * visibility DOCUMENT so the server's service account reads it too (the same marker as the functions side,
 * agreed in /work/notes/i14c-for-i14d.md). A tab is Rensa's when it has the marker or, for tabs made before
 * the marker (or whose marker was lost), when its name is one of Rensa's names in any language the
 * catalogues hold, or starts like the English names every earlier version used.
 *
 * Nothing else about a tab is read from its name: a clean records its backup's and job tab's names when it
 * makes them, so a backup named in Swedish is undone just as well after the user switched to Norwegian.
 */

/** The developer metadata key of the marker; its value is one of RENSA_TAB_KINDS. */
const RENSA_TAB_KEY = 'rensa.tab';

/** The kinds of tab Rensa makes (the marker's values; `fingerprints` is made by the server's upkeep). */
const RENSA_TAB_KINDS = { BACKUP: 'backup', JOB: 'job', FINGERPRINTS: 'fingerprints' };

/** The names of the tabs the add-on makes, in English (each language's are in the catalogues). */
const RENSA_TAB_NAMES = {
  backup: N_('Rensa backup: {tab} {stamp} UTC'),
  job: N_('Rensa job: {tab}'),
};

/** How every earlier version named its tabs (English only): still recognised, never made again. */
const RENSA_TAB_LEGACY_PREFIXES = {
  backup: BACKUP_PREFIX, // Sheet.gs; the server's backups of earlier versions too
  job: 'Rensa job: ',
  fingerprints: 'Rensa fingerprints (',
};

/** Google's longest tab name, and the most of a register tab's name that goes into a Rensa tab's name. */
const SHEET_NAME_MAX = 100;
const TAB_NAME_PART_MAX = 60;

/**
 * The name of a new Rensa tab in the user's language: the register tab's name cut so that the whole name,
 * with a " (99)" to tell two apart, stays within Google's 100 characters.
 * @param {string} kind RENSA_TAB_KINDS.BACKUP or .JOB
 * @param {string} tab the register tab's name
 * @param {Object=} params the template's other values ({stamp} for a backup: YYYY-MM-DD HH:MM)
 * @return {string}
 */
function rensaTabName(kind, tab, params) {
  const template = translateIn(userLanguage(), RENSA_TAB_NAMES[kind]);
  const fill = (part) => fillMessage(template, Object.assign({}, params || {}, { tab: part }));
  const room = SHEET_NAME_MAX - ' (99)'.length - fill('').length;
  const part = Array.from(String(tab))
    .slice(0, Math.max(1, Math.min(TAB_NAME_PART_MAX, room)))
    .join('');
  return fill(part);
}

/**
 * A new hidden tab of Rensa's, named `name`, marked with its kind and exactly `rows` x `columns` large.
 * @param {string} kind
 * @param {string} name
 * @param {number} rows
 * @param {number} columns
 * @return {GoogleAppsScript.Spreadsheet.Sheet}
 */
function insertRensaTab(kind, name, rows, columns) {
  const tab = insertSizedSheet(name, rows, columns);
  tab.addDeveloperMetadata(RENSA_TAB_KEY, kind, SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
  return tab;
}

/**
 * What kind of Rensa tab a sheet is ('backup', 'job', 'fingerprints'), or '' for the user's own tabs.
 * @param {GoogleAppsScript.Spreadsheet.Sheet} sheet
 * @return {string}
 */
function rensaTabKind(sheet) {
  const marker = sheet.getDeveloperMetadata().find((m) => m.getKey() === RENSA_TAB_KEY);
  if (marker) {
    return String(marker.getValue() || '') || 'unknown'; // Rensa's, of a kind this version does not make
  }
  return rensaTabKindByName(sheet.getName());
}

/**
 * The kind of Rensa tab a name is in any language (or the English prefix of earlier versions), or ''.
 * @param {string} name
 * @return {string}
 */
function rensaTabKindByName(name) {
  for (const kind of Object.keys(RENSA_TAB_LEGACY_PREFIXES)) {
    if (name.indexOf(RENSA_TAB_LEGACY_PREFIXES[kind]) === 0) {
      return kind;
    }
  }
  for (const kind of Object.keys(RENSA_TAB_NAMES)) {
    if (LANGUAGES.some((language) => rensaTabPattern(translateIn(language, RENSA_TAB_NAMES[kind])).test(name))) {
      return kind;
    }
  }
  return '';
}

/**
 * A name template as a pattern: {tab} any text, {stamp} a UTC time as Rensa writes it (YYYY-MM-DD HH:MM), and
 * the " (2)" a second tab of the same name gets.
 * @param {string} template
 * @return {RegExp}
 */
function rensaTabPattern(template) {
  const parts = template.split(/(\{\w+\})/).map((part) => {
    if (part === '{tab}') {
      return '.+';
    }
    if (part === '{stamp}') {
      return '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}( \\(\\d+\\))?$`);
}

/**
 * The job tabs left in the spreadsheet (a clean cut off before it could delete its own): one clean runs at
 * a time in a document, so any job tab found when a new one is made is left over, whatever its language.
 * @return {Array<GoogleAppsScript.Spreadsheet.Sheet>}
 */
function leftoverJobTabs() {
  return activeSpreadsheet()
    .getSheets()
    .filter((sheet) => rensaTabKind(sheet) === RENSA_TAB_KINDS.JOB);
}
