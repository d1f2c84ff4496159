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

module.exports = { HEADER, ROWS, register };
