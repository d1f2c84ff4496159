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
    .addItem(t_('Clean sheet'), 'showCleanSidebar')
    .addItem(t_('Test wash (free)'), 'showTestWashSidebar')
    .addItem(t_('Connect newsletter tool'), 'showConnectSidebar')
    .addSeparator()
    .addItem(t_('Undo last clean'), 'menuUndoLastClean')
    .addItem(t_('Usage and credits'), 'showUsageSidebar')
    .addItem(t_('Team'), 'showTeamSidebar')
    .addItem(t_('Keep this sheet clean'), 'showUpkeepSidebar')
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
 * Menu "Undo last clean": says how many cells were edited since the clean and asks before it overwrites
 * them (Yes: undo everything, No: undo but keep those edits, Cancel: nothing).
 */
function menuUndoLastClean() {
  const ui = SpreadsheetApp.getUi();
  let check;
  try {
    check = undoCheck();
  } catch (e) {
    ui.alert('Rensa', errorMessage(e), ui.ButtonSet.OK);
    return;
  }
  const when = `${check.createdAt.slice(0, 16).replace('T', ' ')} UTC`;
  let choice = { confirmed: true, keepEdits: false };
  if (check.editedCells === 0) {
    const answer = ui.alert(
      'Undo last clean',
      `Put "${check.sheetName}" back as it was before the clean of ${when}?`,
      ui.ButtonSet.YES_NO,
    );
    if (answer !== ui.Button.YES) {
      return;
    }
  } else {
    const cells = check.cells.slice(0, 5).join(', ');
    const question =
      `${check.editedCells} cell${check.editedCells === 1 ? ' was' : 's were'} edited since the clean of ${when} (${cells}). ` +
      (check.canKeepEdits
        ? 'Yes: undo everything, those edits too. No: undo the clean but keep those edits. Cancel: do nothing.'
        : 'Rows were added, removed or moved since then, so Undo can only put the whole tab back. Yes: undo everything. No or Cancel: do nothing.');
    const answer = ui.alert('Undo last clean', question, ui.ButtonSet.YES_NO_CANCEL);
    if (answer === ui.Button.NO && check.canKeepEdits) {
      choice = { confirmed: false, keepEdits: true };
    } else if (answer !== ui.Button.YES) {
      return;
    }
  }
  try {
    const done = undoLastClean(choice);
    const kept = done.keptEdits
      ? ` Your ${done.keptEdits} later edit${done.keptEdits === 1 ? ' was' : 's were'} kept.`
      : '';
    ui.alert('Rensa', `"${done.sheetName}" is back as it was before the clean.${kept}`, ui.ButtonSet.OK);
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
