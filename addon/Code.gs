/**
 * @OnlyCurrentDoc
 *
 * Code.gs: the add-on's entry points: menu, sidebar, and the HtmlService include helper.
 * onOpen may run in AuthMode.NONE, so it only builds the menu and touches nothing else.
 */

const SIDEBAR_TITLE = 'Rensa';

/**
 * Builds the add-on menu.
 * @param {Object} _e the onOpen event
 */
function onOpen(_e) {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Clean sheet', 'showCleanSidebar')
    .addItem('Test wash (free)', 'showTestWashSidebar')
    .addItem('Connect newsletter tool', 'showConnectSidebar')
    .addSeparator()
    .addItem('Undo last clean', 'menuUndoLastClean')
    .addItem('Usage and credits', 'showUsageSidebar')
    .addItem('Team', 'showTeamSidebar')
    .addItem('Keep this sheet clean', 'showUpkeepSidebar')
    .addToUi();
}

/**
 * Runs when the add-on is installed: the menu should be there at once.
 * @param {Object} e the onInstall event
 */
function onInstall(e) {
  onOpen(e);
}

/**
 * Opens the sidebar on one of its views (clean, wash, connect, usage, team).
 * @param {string} view
 */
function showSidebar(view) {
  const template = HtmlService.createTemplateFromFile('Sidebar');
  template.view = view || 'clean';
  const html = template.evaluate().setTitle(SIDEBAR_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}

function showCleanSidebar() {
  showSidebar('clean');
}

function showTestWashSidebar() {
  showSidebar('wash');
}

function showConnectSidebar() {
  showSidebar('connect');
}

function showUsageSidebar() {
  showSidebar('usage');
}

function showTeamSidebar() {
  showSidebar('team');
}

function showUpkeepSidebar() {
  showSidebar('upkeep');
}

/**
 * Menu "Undo last clean": asks first, since edits made after the clean are undone too.
 */
function menuUndoLastClean() {
  const ui = SpreadsheetApp.getUi();
  const undo = PropertiesService.getDocumentProperties().getProperty(KEY_UNDO);
  if (!undo) {
    ui.alert('Rensa', 'There is no clean to undo.', ui.ButtonSet.OK);
    return;
  }
  const info = JSON.parse(undo);
  const answer = ui.alert(
    'Undo last clean',
    `Put "${info.sheetName}" back as it was before the clean of ${info.createdAt.slice(0, 16).replace('T', ' ')} UTC? ` +
      'Edits made since then in that tab are undone too.',
    ui.ButtonSet.YES_NO,
  );
  if (answer !== ui.Button.YES) {
    return;
  }
  try {
    undoLastClean();
    ui.alert('Rensa', `"${info.sheetName}" is back as it was before the clean.`, ui.ButtonSet.OK);
  } catch (e) {
    ui.alert('Rensa', errorMessage(e), ui.ButtonSet.OK);
  }
}

/**
 * The plain message of an error thrown by rensaError (or any other error).
 * @param {Error & {rensa?: RensaErrorBody}} e
 * @return {string}
 */
function errorMessage(e) {
  return e.rensa ? e.rensa.message : String(e.message || e);
}

/**
 * For templates: `<?!= include('Stylesheet') ?>` pastes another HTML file's content.
 * @param {string} name
 * @return {string}
 */
function include(name) {
  return HtmlService.createHtmlOutputFromFile(name).getContent();
}
