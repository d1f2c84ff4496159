// A small messy Nordic register used by the add-on tests (made-up people; phone numbers from the
// ranges the regulators reserve for fiction where they exist).
const HEADER = ['Namn', 'E-post', 'Telefon', 'Postnummer', 'Ort', 'Kundnummer'];

const ROWS = [
  ['Anna Andersson', 'anna.andersson@gmail.com', '070-123 45 67', '114 18', 'Stockholm', 'K-1001'],
  ['Bo Berg', 'BO.BERG@TELIA.SE ', '08-123 456 78', '41319', 'Göteborg', 'K-1002'],
  ['Cecilia Carlsson', 'cecilia@carlsson', '+47 912 34 567', '0150', 'Oslo', 'K-1003'],
  ['David Dahl', 'david.dahl@hotmail.com', '0701234599', '21119', 'Malmö', 'K-1004'],
  ['Eva Ek', 'eva.ek@outlook.com', '073 111 22 33', '75320', 'Uppsala', 'K-1005'],
  ['Fredrik Falk', 'fredrik@falk.se', '070 765 43 21', '90325', 'Umeå', 'K-1006'],
  ['Gunilla Gran', 'gunilla.gran@yahoo.se', '0709998877', '58223', 'Linköping', 'K-1007'],
  ['anna andersson', 'anna.andersson@gmail.com', '0701234567', '11418', 'Stockholm', 'K-1008'],
  ['Hans Holm', 'hans.holm@gmail.com', '070-555 66 77', '70210', 'Örebro', 'K-1009'],
  ['Ida Isaksson', 'ida@isaksson.se', '076-222 33 44', '35230', 'Växjö', 'K-1010'],
];

function register() {
  return [HEADER.slice()].concat(ROWS.map((row) => row.slice()));
}

/** A register of n made-up people, all different (520 is more than an account's 500 free rows a month). */
function people(n) {
  const rows = [HEADER.slice()];
  for (let i = 1; i <= n; i += 1) {
    rows.push([
      `Person ${i} Testsson`,
      `person${i}@firma${i % 7}.se`,
      `070${2000000 + i}`,
      '11418',
      'Stockholm',
      `K-${i}`,
    ]);
  }
  return rows;
}

// A large messy register of `rows` people x 12 columns (the large-register test and bench/addon_quota.js
// share it): every 1000th person is in it twice, 400 rows apart (far apart across chunks and pass slices);
// a third of the e-mails in capitals with spaces around; phones typed with dashes and spaces; companies on
// every 5th row; half the postal codes written with their space.
const LARGE_HEADER = [
  'Kundnr',
  'Förnamn',
  'Efternamn',
  'E-post',
  'Telefon',
  'Företag',
  'Gatuadress',
  'Postnummer',
  'Ort',
  'Land',
  'Födelsedatum',
  'Anteckning',
];
const CITIES = [
  ['11418', 'Stockholm'],
  ['41319', 'Göteborg'],
  ['21119', 'Malmö'],
  ['75320', 'Uppsala'],
];

function largeRegister(rows) {
  const out = [LARGE_HEADER.slice()];
  for (let i = 1; i <= rows; i += 1) {
    const p = i % 1000 === 500 ? i - 400 : i; // a duplicate of a row 400 rows up
    const [zip, city] = CITIES[p % CITIES.length];
    out.push([
      `K-${i}`,
      `Förnamn${p}`,
      `Efternamn${p % 9973}`,
      i % 3 === 0 ? ` FORNAMN${p}.E${p % 9973}@EXEMPEL.SE ` : `fornamn${p}.e${p % 9973}@exempel.se`,
      `070-${String(2000000 + p).slice(0, 3)} ${String(p % 100).padStart(2, '0')} ${String(p % 97).padStart(2, '0')}`,
      p % 5 === 0 ? `Firma ${p % 311} AB` : '',
      `Storgatan ${p % 200}`,
      i % 2 ? zip : `${zip.slice(0, 3)} ${zip.slice(3)}`,
      city,
      'SE',
      '',
      '',
    ]);
  }
  return out;
}

/** A Postmark bounce webhook body (one record per POST, Postmark's documented shape). */
function postmarkBounce(email) {
  return {
    RecordType: 'Bounce',
    ID: 4323372036,
    Type: 'HardBounce',
    TypeCode: 1,
    MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
    Email: email,
    From: 'nyhetsbrev@example.se',
    BouncedAt: new Date().toISOString(),
    Details: '550 5.1.1 The email account that you tried to reach does not exist.',
    Inactive: true,
    CanActivate: true,
    Subject: 'Höstens nyheter',
    MessageStream: 'broadcast',
  };
}

/**
 * POSTs a body to a webhook URL as Postmark does: the credentials in the URL travel as HTTP Basic (fetch()
 * does not take credentials in a URL, so they move to the header exactly as Postmark moves them).
 * @return {Promise<Response>}
 */
function postToWebhook(webhookUrl, body, authorization) {
  const url = new URL(webhookUrl);
  const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
  url.username = '';
  url.password = '';
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: authorization || `Basic ${basic.toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
}

module.exports = { HEADER, ROWS, register, people, LARGE_HEADER, largeRegister, postmarkBounce, postToWebhook };
