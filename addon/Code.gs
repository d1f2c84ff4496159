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
  const when = t_('{when} UTC', { when: formatDate(userLanguage(), check.createdAt, true) });
  let choice = { confirmed: true, keepEdits: false };
  if (check.editedCells === 0) {
    const answer = ui.alert(
      t_('Undo last clean'),
      t_('Put the tab {tab} back as it was before the clean of {when}?', { tab: check.sheetName, when: when }),
      ui.ButtonSet.YES_NO,
    );
    if (answer !== ui.Button.YES) {
      return;
    }
  } else {
    const fields = { when: when, cells: check.cells.slice(0, 5).join(', ') };
    const question = [
      tn_(
        '{n} cell was edited since the clean of {when} ({cells}).',
        '{n} cells were edited since the clean of {when} ({cells}).',
        check.editedCells,
        fields,
      ),
      check.canKeepEdits
        ? t_('Yes: undo everything, those edits too. No: undo the clean but keep those edits. Cancel: do nothing.')
        : t_(
            'Rows were added, removed or moved since then, so Undo can only put the whole tab back. Yes: undo everything. No or Cancel: do nothing.',
          ),
    ].join(' ');
    const answer = ui.alert(t_('Undo last clean'), question, ui.ButtonSet.YES_NO_CANCEL);
    if (answer === ui.Button.NO && check.canKeepEdits) {
      choice = { confirmed: false, keepEdits: true };
    } else if (answer !== ui.Button.YES) {
      return;
    }
  }
  try {
    const done = undoLastClean(choice);
    const back = t_('The tab {tab} is back as it was before the clean.', { tab: done.sheetName });
    const kept = done.keptEdits
      ? tn_('Your {n} later edit was kept.', 'Your {n} later edits were kept.', done.keptEdits)
      : '';
    ui.alert('Rensa', [back, kept].filter(Boolean).join(' '), ui.ButtonSet.OK);
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
 * For templates: `<?!= include('Stylesheet') ?>` pastes another HTML file's content, evaluated as a template
 * itself so its words can be marked with t_() scriptlets too.
 * @param {string} name
 * @return {string}
 */
function include(name) {
  return HtmlService.createTemplateFromFile(name).evaluate().getContent();
}
