/**
 * Fingerprint.gs: pay once per row. After a clean, each row gets a keyed fingerprint in a hidden column of
 * the sheet itself ("Rensa check"): a tag per cell, HMAC-SHA256 of the cell's value under a random key kept
 * in this document's properties (so the tags say nothing about the values to anyone without the key, and
 * nothing is kept on Rensa's side). A later clean skips rows whose tags all still match: they are not sent
 * and not charged. Undo uses the same tags to count the cells edited since the clean, and a position tag
 * to see rows that were moved, inserted or deleted.
 *
 * Pure JavaScript (Apps Script's V8 has no TextEncoder or WebCrypto, and one Utilities call per cell would be
 * far slower than this for 2.4 million cells). Tested against Node's crypto in tests/addon/node/.
 */

/** Header of the hidden fingerprint column, right of "Rensa status". */
const CHECK_HEADER = 'Rensa check';

/** Fingerprint format version; a different one is treated as "no fingerprint". */
const FINGERPRINT_VERSION = 'r1';

/** Tag of a cell the clean could not clean (someone's edit was kept): never "unchanged". */
const UNCLEANED_TAG = '----';

const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];
const SHA256_INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const SHA256_W = new Int32Array(64);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * UTF-8 bytes of a string.
 * @param {string} text
 * @return {Array<number>}
 */
function utf8Bytes(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 1) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      }
    }
    if (code < 0x80) {
      out.push(code);
    } else if (code < 0x800) {
      out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    } else if (code < 0x10000) {
      out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    } else {
      out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    }
  }
  return out;
}

/** One SHA-256 compression of the 64 bytes at bytes[offset..] into state (modified in place). */
function sha256Block(state, bytes, offset) {
  const w = SHA256_W;
  for (let i = 0; i < 16; i += 1) {
    const j = offset + i * 4;
    w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3] | 0;
  }
  for (let i = 16; i < 64; i += 1) {
    const a = w[i - 15];
    const b = w[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i += 1) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + SHA256_K[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/**
 * SHA-256 of message bytes, continuing from a state that has already absorbed `prefixBlocks` 64-byte blocks.
 * @param {Array<number>} state 8 words (copied, not modified)
 * @param {number} prefixBlocks
 * @param {Array<number>} message
 * @return {Array<number>} 32 bytes
 */
function sha256From(state, prefixBlocks, message) {
  const s = state.slice();
  const n = message.length;
  const size = Math.ceil((n + 9) / 64) * 64;
  const padded = new Array(size);
  for (let i = 0; i < n; i += 1) {
    padded[i] = message[i];
  }
  padded[n] = 0x80;
  for (let i = n + 1; i < size - 8; i += 1) {
    padded[i] = 0;
  }
  const bits = (prefixBlocks * 64 + n) * 8;
  const high = Math.floor(bits / 0x100000000);
  padded[size - 8] = (high >>> 24) & 255;
  padded[size - 7] = (high >>> 16) & 255;
  padded[size - 6] = (high >>> 8) & 255;
  padded[size - 5] = high & 255;
  padded[size - 4] = (bits >>> 24) & 255;
  padded[size - 3] = (bits >>> 16) & 255;
  padded[size - 2] = (bits >>> 8) & 255;
  padded[size - 1] = bits & 255;
  for (let off = 0; off < size; off += 64) {
    sha256Block(s, padded, off);
  }
  const out = new Array(32);
  for (let i = 0; i < 8; i += 1) {
    out[i * 4] = (s[i] >>> 24) & 255;
    out[i * 4 + 1] = (s[i] >>> 16) & 255;
    out[i * 4 + 2] = (s[i] >>> 8) & 255;
    out[i * 4 + 3] = s[i] & 255;
  }
  return out;
}

/**
 * SHA-256 of bytes.
 * @param {Array<number>} bytes
 * @return {Array<number>}
 */
function sha256(bytes) {
  return sha256From(SHA256_INIT, 0, bytes);
}

/**
 * An HMAC-SHA256 key with its inner and outer pad blocks absorbed once, so each tag costs two short hashes.
 * @param {string} keyText
 * @return {{inner: Array<number>, outer: Array<number>}}
 */
function hmacKey(keyText) {
  let key = utf8Bytes(keyText);
  if (key.length > 64) {
    key = sha256(key);
  }
  const inner = SHA256_INIT.slice();
  const outer = SHA256_INIT.slice();
  const ipad = [];
  const opad = [];
  for (let i = 0; i < 64; i += 1) {
    const k = i < key.length ? key[i] : 0;
    ipad.push(k ^ 0x36);
    opad.push(k ^ 0x5c);
  }
  sha256Block(inner, ipad, 0);
  sha256Block(outer, opad, 0);
  return { inner: inner, outer: outer };
}

/**
 * HMAC-SHA256 of a message under a key from hmacKey.
 * @param {{inner: Array<number>, outer: Array<number>}} key
 * @param {string} message
 * @return {Array<number>} 32 bytes
 */
function hmacSha256(key, message) {
  return sha256From(key.outer, 1, sha256From(key.inner, 1, utf8Bytes(message)));
}

/** The first 24 bits of a keyed hash as 4 base64url characters (8 characters, 48 bits, with long). */
function tagOf(key, message, long) {
  const h = hmacSha256(key, message);
  let text = '';
  for (let i = 0; i < (long ? 6 : 3); i += 3) {
    const n = (h[i] << 16) | (h[i + 1] << 8) | h[i + 2];
    text += BASE64URL[(n >> 18) & 63] + BASE64URL[(n >> 12) & 63] + BASE64URL[(n >> 6) & 63] + BASE64URL[n & 63];
  }
  return text;
}

/** The row tag: one keyed hash of the whole row, enough to tell "unchanged" (48 bits). */
function rowTag(key, row, digest) {
  return tagOf(key, `${digest}\u001e${row.join('\u001f')}`, true);
}

/**
 * A short digest of the settings a clean's result depends on: a row cleaned with other settings (another
 * phone format or country) is cleaned, and paid, again.
 * @param {Object} settings country, phone_display, duplicates, roles
 * @return {string}
 */
function settingsDigest(settings) {
  const roles = settings.roles || {};
  const picked = {
    country: settings.country,
    phone_display: settings.phone_display,
    duplicates: settings.duplicates,
    roles: Object.keys(roles)
      .sort()
      .map((k) => [k, roles[k]]),
  };
  return JSON.stringify(picked);
}

/**
 * The fingerprint of one row as it stands after a clean.
 * @param {{inner: Array<number>, outer: Array<number>}} key
 * @param {Array<string>} row display values
 * @param {string} digest from settingsDigest
 * @param {number} dataRow 1-based data row (for the position tag)
 * @param {Array<number>=} uncleaned 0-based columns whose value the clean left as someone edited it
 * @return {string}
 */
function rowFingerprint(key, row, digest, dataRow, uncleaned) {
  const skip = {};
  (uncleaned || []).forEach((c) => {
    skip[c] = true;
  });
  let text = `${FINGERPRINT_VERSION}.${tagOf(key, `p\u001f${dataRow}`)}.${
    uncleaned && uncleaned.length ? UNCLEANED_TAG + UNCLEANED_TAG : rowTag(key, row, digest)
  }.`;
  for (let c = 0; c < row.length; c += 1) {
    text += skip[c] ? UNCLEANED_TAG : tagOf(key, `${digest}\u001f${c}\u001f${row[c]}`);
  }
  return text;
}

/**
 * Compares a row with its stored fingerprint.
 * @param {{inner: Array<number>, outer: Array<number>}} key
 * @param {string} fingerprint the "Rensa check" cell
 * @param {Array<string>} row display values now
 * @param {string} digest
 * @param {number} dataRow 1-based data row now
 * @return {{known: boolean, moved: boolean, edited: Array<number>}} known: the row has a fingerprint of
 *     this width; edited: 0-based columns that differ from what the clean left (or that it did not clean)
 */
function compareFingerprint(key, fingerprint, row, digest, dataRow) {
  const parts = String(fingerprint || '').split('.');
  if (parts.length !== 4 || parts[0] !== FINGERPRINT_VERSION || parts[3].length !== row.length * 4) {
    return { known: false, moved: false, edited: [] };
  }
  const edited = [];
  for (let c = 0; c < row.length; c += 1) {
    const stored = parts[3].slice(c * 4, c * 4 + 4);
    if (stored === UNCLEANED_TAG || stored !== tagOf(key, `${digest}\u001f${c}\u001f${row[c]}`)) {
      edited.push(c);
    }
  }
  return { known: true, moved: parts[1] !== tagOf(key, `p\u001f${dataRow}`), edited: edited };
}

/**
 * True when a row is exactly as the last clean left it (one keyed hash per row: the price check of a
 * 200,000-row sheet reads every row).
 * @param {{inner: Array<number>, outer: Array<number>}} key
 * @param {string} fingerprint
 * @param {Array<string>} row
 * @param {string} digest
 * @return {boolean}
 */
function isUnchanged(key, fingerprint, row, digest) {
  const parts = String(fingerprint || '').split('.');
  return (
    parts.length === 4 &&
    parts[0] === FINGERPRINT_VERSION &&
    parts[3].length === row.length * 4 &&
    parts[2] === rowTag(key, row, digest)
  );
}

/**
 * The same fingerprint with the position tag of another data row (rows a clean skipped keep their cell tags).
 * @param {{inner: Array<number>, outer: Array<number>}} key
 * @param {string} fingerprint
 * @param {number} dataRow
 * @return {string}
 */
function movedFingerprint(key, fingerprint, dataRow) {
  const parts = String(fingerprint).split('.');
  return `${parts[0]}.${tagOf(key, `p\u001f${dataRow}`)}.${parts[2]}.${parts[3]}`;
}

/**
 * True when a row holds nothing but blanks.
 * @param {Array<string>} row
 * @return {boolean}
 */
function isBlankRow(row) {
  return row.every((cell) => String(cell).trim() === '');
}

/**
 * Which rows of a block a clean must send: not blank, and not unchanged since Rensa last cleaned them.
 * @param {{inner: Array<number>, outer: Array<number>}} key
 * @param {Array<Array<string>>} rows display values
 * @param {Array<string>} fingerprints the "Rensa check" cells of the same rows
 * @param {string} digest
 * @return {{dirty: Array<number>, unchanged: number, blank: number}} dirty: 0-based offsets in the block
 */
function rowsToClean(key, rows, fingerprints, digest) {
  const dirty = [];
  let unchanged = 0;
  let blank = 0;
  rows.forEach((row, r) => {
    if (isBlankRow(row)) {
      blank += 1;
      return;
    }
    if (isUnchanged(key, fingerprints[r], row, digest)) {
      unchanged += 1;
    } else {
      dirty.push(r);
    }
  });
  return { dirty: dirty, unchanged: unchanged, blank: blank };
}
