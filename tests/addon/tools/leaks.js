// Finds English a person would read in the add-on's sources without it being marked for translation
// (t_() / tn_() in .gs and the sidebar's scripts, <?= t_('…') ?> in the HTML templates). Used by
// tests/addon/node/leak.test.js (the sources) and the browser tour (what is on the screen).
//
// Three nets, each with a planted example in the test that proves it catches one:
//   1. HTML: text between tags and the user-facing attributes (placeholder, title, aria-label, alt) of the
//      templates, scriptlets taken out first;
//   2. JS sinks: every string literal that reaches a place a person reads (textContent, show/say/jobMessage,
//      element/cell text, new Option, aria-label/title/placeholder attributes, rensaError messages, alerts,
//      menu items, titles) without going through t_()/tn_();
//   3. JS sentences: any other literal that reads like an English sentence (three or more words ending in
//      . ? ! … or :), wherever it sits (a table of messages shown later, a constant).
const fs = require('node:fs');
const path = require('node:path');

const ADDON = path.resolve(__dirname, '../../../addon');

/** Texts that are the same in every language: names, and the language names each written in its own. */
const NAMES = new Set(['Rensa', 'Svenska', 'Norsk (bokmål)', 'Dansk', 'Suomi', 'English']);

/**
 * The string literals of some JavaScript ({value, start, end, template}) and the code with their insides
 * and the comments blanked out (`masked`), so brackets can be counted without tripping on text.
 */
function lexStrings(code) {
  const strings = [];
  const masked = [];
  let i = 0;
  let last = ''; // the last significant character outside strings and comments (for "/" = regex or division)
  const pushMasked = (text) => masked.push(text);
  while (i < code.length) {
    const c = code[i];
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? code.length : end;
      pushMasked(' '.repeat(stop - i));
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? code.length : end + 2;
      pushMasked(code.slice(i, stop).replace(/[^\n]/g, ' '));
      i = stop;
      continue;
    }
    if (c === '/' && (last === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(last) || /\breturn\s*$/.test(code.slice(0, i)))) {
      // A regular expression literal: skipped whole (its quotes are not strings).
      let j = i + 1;
      let inClass = false;
      while (j < code.length && code[j] !== '\n') {
        if (code[j] === '\\') {
          j += 2;
          continue;
        }
        if (code[j] === '[') inClass = true;
        else if (code[j] === ']') inClass = false;
        else if (code[j] === '/' && !inClass) break;
        j += 1;
      }
      j += 1;
      while (/[a-z]/.test(code[j] || '')) j += 1;
      pushMasked(' '.repeat(j - i));
      i = j;
      last = '/';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const start = i;
      let j = i + 1;
      let value = '';
      const depth = 0;
      while (j < code.length) {
        const d = code[j];
        if (d === '\\') {
          value += code.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (c === '`' && d === '$' && code[j + 1] === '{' && depth === 0) {
          // ${...} of a template: its code is not the template's text (nested strings are lexed later).
          let k = j + 2;
          let level = 1;
          while (k < code.length && level > 0) {
            if (code[k] === '{') level += 1;
            else if (code[k] === '}') level -= 1;
            k += 1;
          }
          value += '\uE000'; // marks where a value goes
          strings.push(...lexStrings(code.slice(j + 2, k - 1)).strings.map((s) => shift(s, j + 2)));
          j = k;
          continue;
        }
        if (d === c) break;
        value += d;
        j += 1;
      }
      strings.push({ value: value, start: start, end: j + 1, template: c === '`' });
      // Masked: the quotes kept, the inside blanked (same length and lines, so positions stay true).
      pushMasked(c + blank(code.slice(start + 1, j)) + c);
      i = j + 1;
      last = 'S';
      continue;
    }
    if (!/\s/.test(c)) {
      last = c;
    }
    pushMasked(c);
    i += 1;
  }
  return { strings: strings, masked: masked.join('') };
}

function shift(s, by) {
  return Object.assign({}, s, { start: s.start + by, end: s.end + by });
}

/** The text of a literal a person would read: without «…» values and {placeholders}. */
function words(literal) {
  return literal.value
    .replace(/\uE000/g, ' ')
    .replace(/\{\w+\}/g, ' ')
    .replace(/\\[nt]/g, ' ');
}

/** Whether a literal holds words (two letters or more in a row) that are not a name. */
function hasWords(literal) {
  const text = words(literal).trim();
  return /\p{L}{2,}/u.test(text) && !NAMES.has(text);
}

/** Whether a literal reads like an English sentence: three words or more, ending like a sentence. */
function isSentence(literal) {
  const text = words(literal).trim();
  return /[.?!…:]$/.test(text) && !/[=<>{}#/\\|@_]/.test(text) && (text.match(/\p{L}{2,}/gu) || []).length >= 3;
}

/** The index just after the balanced ")" of the call whose "(" is at `open`, in masked code. */
function closing(masked, open) {
  let depth = 0;
  for (let i = open; i < masked.length; i += 1) {
    if ('([{'.includes(masked[i])) depth += 1;
    else if (')]}'.includes(masked[i])) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return masked.length;
}

/** The arguments of the call whose "(" is at `open`: [{from, to}] in masked code. */
function argumentsAt(masked, open) {
  const end = closing(masked, open) - 1;
  const args = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < end; i += 1) {
    if ('([{'.includes(masked[i])) depth += 1;
    else if (')]}'.includes(masked[i])) depth -= 1;
    else if (masked[i] === ',' && depth === 0) {
      args.push({ from: from, to: i });
      from = i + 1;
    }
  }
  if (masked.slice(from, end).trim()) args.push({ from: from, to: end });
  return args;
}

/** The ranges of masked code inside t_( … ), tn_( … ) and N_( … ) calls: their literals are marked. */
function markedRanges(masked) {
  const ranges = [];
  for (const m of masked.matchAll(/\b(?:t_|tn_|N_|translateIn|translatePluralIn)\(/g)) {
    const open = m.index + m[0].length - 1;
    ranges.push([open, closing(masked, open)]);
  }
  return ranges;
}

// Calls whose arguments a person reads: name pattern -> which arguments (null: all).
const SINK_CALLS = [
  [/\bshow\(/g, [0]],
  [/\bsay\(/g, [0]],
  [/\bjobMessage\(/g, [0]],
  [/\belement\(/g, [1]],
  [/\bcell\(/g, [1]],
  [/\bnew Option\(/g, [0]],
  [/\brensaError\(/g, [1]],
  [/\.alert\(/g, null],
  [/\.addItem\(/g, [0]],
  [/\.setTitle\(/g, [0]],
  [/\.toast\(/g, null],
  [/\.setNote\(/g, [0]],
  [/\bofferPage\(/g, [1, 2]],
  [/\brenderEvents\(/g, [0]],
];
// Assignments whose right side a person reads.
const SINK_ASSIGNMENTS = /\.(?:textContent|innerText|title|placeholder|ariaLabel)\s*=(?!=)/g;
const READ_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt']);

/**
 * Unmarked English in one file's JavaScript: [{file, line, text, why}].
 * @param {string} file the name shown in a finding
 * @param {string} code
 * @param {number=} lineOffset the line the code starts on in its file
 */
function scriptLeaks(file, code, lineOffset) {
  const { strings, masked } = lexStrings(code);
  const marked = markedRanges(masked);
  const isMarked = (s) => marked.some(([a, b]) => s.start > a && s.end <= b);
  const lineOf = (index) => code.slice(0, index).split('\n').length + (lineOffset || 0);
  const found = new Map();
  const report = (s, why) => {
    if (!found.has(s.start)) {
      found.set(s.start, { file: file, line: lineOf(s.start), text: s.value.replace(/\uE000/g, '«…»'), why: why });
    }
  };
  // A literal compared with (`mode === 'off' ? t_(…) : t_(…)`) or passed to another call inside the shown
  // expression (`element('li', sayCount('count.duplicates', …))`) is a key, not the text shown.
  const isKey = (s, from) => {
    if (
      /[=!]==?\s*$/.test(masked.slice(Math.max(0, s.start - 5), s.start)) ||
      /^\s*[=!]==?/.test(masked.slice(s.end, s.end + 5))
    ) {
      return true;
    }
    let depth = 0;
    for (let k = s.start - 1; k >= from; k -= 1) {
      if (')]}'.includes(masked[k])) depth += 1;
      else if ('([{'.includes(masked[k])) {
        if (depth === 0) return masked[k] === '(' && /[\w$]\s*$/.test(masked.slice(from, k));
        depth -= 1;
      }
    }
    return false;
  };
  const within = (from, to) => strings.filter((s) => s.start >= from && s.end <= to && !isMarked(s) && !isKey(s, from));
  const sinkArgs = (from, to, why) => {
    for (const s of within(from, to)) {
      if (hasWords(s)) report(s, why);
    }
  };
  for (const [pattern, which] of SINK_CALLS) {
    for (const m of masked.matchAll(pattern)) {
      const open = m.index + m[0].length - 1;
      argumentsAt(masked, open).forEach((arg, i) => {
        if (which === null || which.includes(i)) sinkArgs(arg.from, arg.to, `shown by ${m[0].replace(/[.(]/g, '')}`);
      });
    }
  }
  for (const m of masked.matchAll(/\.setAttribute\(/g)) {
    const open = m.index + m[0].length - 1;
    const [name, value] = argumentsAt(masked, open);
    const literal = name && strings.find((s) => s.start >= name.from && s.end <= name.to);
    if (value && literal && READ_ATTRIBUTES.has(literal.value)) sinkArgs(value.from, value.to, `the ${literal.value}`);
  }
  for (const m of masked.matchAll(SINK_ASSIGNMENTS)) {
    const from = m.index + m[0].length;
    let depth = 0;
    let to = from;
    while (to < masked.length && !(depth === 0 && masked[to] === ';')) {
      if ('([{'.includes(masked[to])) depth += 1;
      else if (')]}'.includes(masked[to])) depth -= 1;
      to += 1;
    }
    sinkArgs(from, to, `set as ${m[0].replace(/[.=\s]/g, '')}`);
  }
  // `throw new Error('…')` states a programming error (a broken invariant), not something a person is told:
  // what a person may be told goes through rensaError(code, t_('…')).
  const invariants = [...masked.matchAll(/\bnew Error\(/g)].map((m) => [
    m.index,
    closing(masked, m.index + m[0].length - 1),
  ]);
  for (const s of strings) {
    if (!isMarked(s) && isSentence(s) && !invariants.some(([a, b]) => s.start > a && s.end <= b)) {
      report(s, 'an English sentence outside t_()');
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, finding]) => finding);
}

/** The same length of text with everything but newlines blanked (keeps line numbers). */
function blank(text) {
  return text.replace(/[^\n]/g, ' ');
}

/**
 * Unmarked English in an HTML template: its text nodes and user-facing attributes, and its scripts.
 * @param {string} file
 * @param {string} html
 */
function htmlLeaks(file, html) {
  const found = [];
  const scripts = [];
  let text = html.replace(/(<script[^>]*>)([\s\S]*?)(<\/script>)/g, (_whole, open, body, close, index) => {
    scripts.push({ body: body, line: html.slice(0, index + open.length).split('\n').length - 1 });
    return open + blank(body) + close;
  });
  text = text
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/<\?[\s\S]*?\?>/g, blank);
  const lineOf = (index) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(/>([^<>]+)</g)) {
    const value = m[1].replace(/&\w+;/g, ' ').replace(/\s+/g, ' ').trim();
    if (/\p{L}{2,}/u.test(value) && !NAMES.has(value)) {
      found.push({ file: file, line: lineOf(m.index), text: value, why: 'HTML text not marked' });
    }
  }
  for (const m of text.matchAll(/\s(placeholder|title|aria-label|alt)="([^"]*)"/g)) {
    if (/\p{L}{2,}/u.test(m[2]) && !NAMES.has(m[2].trim())) {
      found.push({ file: file, line: lineOf(m.index), text: m[2], why: `the ${m[1]} attribute is not marked` });
    }
  }
  for (const script of scripts) {
    found.push(...scriptLeaks(file, script.body, script.line));
  }
  return found;
}

/** Every unmarked English text in addon/ (I18n.gs, generated from the catalogues, is not a source). */
function addonLeaks(dir) {
  const base = dir || ADDON;
  const found = [];
  for (const name of fs.readdirSync(base).sort()) {
    const source = fs.readFileSync(path.join(base, name), 'utf8');
    if (name.endsWith('.html')) {
      found.push(...htmlLeaks(name, source));
    } else if (name.endsWith('.gs') && name !== 'I18n.gs') {
      found.push(...scriptLeaks(name, source));
    }
  }
  return found;
}

module.exports = { addonLeaks, htmlLeaks, scriptLeaks, NAMES };
