// No English leak in the add-on's sources: every text a person reads (HTML text and attributes, the strings
// the sidebar's scripts and the .gs files put on the screen, in alerts, menus and error messages) is marked
// for the catalogues with t_()/tn_(). The scanner (tests/addon/tools/leaks.js) is shown to catch a planted
// example of each kind first, so a green run means it looked, not that it is blind. What is visible on the
// screen in each language is checked by tests/addon/browser/language.test.js.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { addonLeaks, htmlLeaks, scriptLeaks } = require('../tools/leaks.js');

const ADDON = path.resolve(__dirname, '../../../addon');

const texts = (found) => found.map((f) => f.text);

test('the scanner sees unmarked English text in an HTML template, and passes marked text', () => {
  const html = [
    '<section>',
    "  <h2><?= t_('Who may be contacted') ?></h2>",
    '  <p class="muted">Counts the rows of this tab.</p>',
    '  <input type="text" placeholder="Your name">',
    '  <input type="text" placeholder="<?= t_(\'name@company.se\') ?>">',
    '  <button aria-label="Close the panel">&times;</button>',
    '  <option value="sv">Svenska</option>',
    '  <script>',
    "    $('x').textContent = 'Nothing to pay.';",
    '  </script>',
    '</section>',
  ].join('\n');
  assert.deepEqual(texts(htmlLeaks('planted.html', html)), [
    'Counts the rows of this tab.',
    'Your name',
    'Close the panel',
    'Nothing to pay.',
  ]);
  assert.equal(htmlLeaks('planted.html', html)[0].line, 3);
});

test('the scanner sees unmarked strings that reach the screen from JavaScript, and passes marked ones', () => {
  const code = `
    show(\`\${n} rows cleaned\`);
    show(t_('{n} rows cleaned', { n: n }));
    element('li', 'Cost: nothing');
    element('li', t_('Cost: {cost}', { cost: c }), 'muted');
    $('clean').textContent = done ? 'Clean sheet' : t_('Clean sheet');
    select.appendChild(new Option('Keep as it is', ''));
    svg.setAttribute('aria-label', 'Quality per column');
    svg.setAttribute('class', 'bar-before');
    throw rensaError(ERROR_CODES.NO_JOB, 'There is no clean to cancel.');
    ui.alert('Undo last clean', question, ui.ButtonSet.YES_NO);
    menu.addItem('Clean sheet', 'showCleanSidebar');
    show(mode === 'off' ? t_('Upkeep is off.') : t_('Upkeep is on.'));
    element('li', sayCount('count.duplicates', fields));
    const STEPS = { 'addon.busy': 'wait until the other clean is done, then press Resume.' };
    throw new Error('Chunk size must be positive.');
    const pattern = /'([^']*)'/g; // a regular expression's quotes are not strings
  `;
  assert.deepEqual(texts(scriptLeaks('planted.gs', code)), [
    '«…» rows cleaned',
    'Cost: nothing',
    'Clean sheet',
    'Keep as it is',
    'Quality per column',
    'There is no clean to cancel.',
    'Undo last clean',
    'Clean sheet',
    'wait until the other clean is done, then press Resume.',
  ]);
});

test('a sentence planted in a copy of the real sidebar is found, with its file and line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rensa-leak-'));
  try {
    for (const name of fs.readdirSync(ADDON)) {
      fs.copyFileSync(path.join(ADDON, name), path.join(dir, name));
    }
    const sidebar = fs.readFileSync(path.join(dir, 'Sidebar.html'), 'utf8');
    const planted = sidebar.replace(
      '<section id="view-usage"',
      '<p>Credits are shared by the team.</p>\n<section id="view-usage"',
    );
    fs.writeFileSync(path.join(dir, 'Sidebar.html'), planted);
    const js = fs.readFileSync(path.join(dir, 'SidebarJs.html'), 'utf8');
    fs.writeFileSync(
      path.join(dir, 'SidebarJs.html'),
      js.replace("show(t_('Copied.'))", "show('Copied to the clipboard.')"),
    );
    const found = addonLeaks(dir);
    assert.deepEqual(
      found.map((f) => [f.file, f.text]),
      [
        ['Sidebar.html', 'Credits are shared by the team.'],
        ['SidebarJs.html', 'Copied to the clipboard.'],
      ],
    );
    assert.equal(planted.split('\n')[found[0].line - 1].trim(), '<p>Credits are shared by the team.</p>');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no unmarked English in the add-on: every text a person reads goes through the catalogues', () => {
  const found = addonLeaks();
  assert.deepEqual(
    found.map((f) => `${f.file}:${f.line}: ${f.why}: ${JSON.stringify(f.text)}`),
    [],
    'mark these with t_()/tn_() (or <?= t_(…) ?> in HTML), run `make i18n` and translate them (docs/i18n.md)',
  );
});
