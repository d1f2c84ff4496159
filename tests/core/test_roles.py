"""Column roles from headers in five languages, from values, and from overrides."""

import pytest

from core.errors import InputError
from core.roles import detect_roles, role_from_header, role_from_values


@pytest.mark.parametrize(
    "header,role",
    [
        # e-mail
        ("E-post", "email"), ("Epost", "email"), ("e_post", "email"), ("E-postadress", "email"),
        ("Sähköposti", "email"), ("SAHKOPOSTI", "email"), ("email", "email"), ("E-mail address", "email"),
        ("Kontakt e-post", "email"), ("Mejl", "email"),
        # phone
        ("Mobil", "phone"), ("Telefon", "phone"), ("Tlf", "phone"), ("Tlf.", "phone"), ("Puhelin", "phone"),
        ("phone", "phone"), ("Mobile phone", "phone"), ("Telefonnummer (arbete)", "phone"), ("Matkapuhelin", "phone"),
        # names
        ("Namn", "full_name"), ("Navn", "full_name"), ("Nimi", "full_name"), ("Full name", "full_name"),
        ("Förnamn", "given_name"), ("Fornavn", "given_name"), ("Etunimi", "given_name"),
        ("first_name", "given_name"), ("given_name", "given_name"), ("Given Name", "given_name"),
        ("Efternamn", "family_name"), ("Etternavn", "family_name"), ("Efternavn", "family_name"),
        ("Sukunimi", "family_name"), ("surname", "family_name"), ("last_name", "family_name"),
        ("Företag", "company"), ("Firmanavn", "company"), ("Virksomhed", "company"), ("Yritys", "company"),
        # address
        ("Adress", "street"), ("Gatuadress", "street"), ("Gateadresse", "street"), ("Adresse", "street"),
        ("Katuosoite", "street"), ("street", "street"), ("address_1", "street"),
        ("Postnummer", "postal_code"), ("Postnr", "postal_code"), ("Postnr.", "postal_code"),
        ("Postinumero", "postal_code"), ("postcode", "postal_code"), ("ZIP", "postal_code"),
        ("Ort", "city"), ("Postort", "city"), ("Poststed", "city"), ("By", "city"), ("suburb", "city"),
        ("city", "city"), ("Postitoimipaikka", "city"),
        ("Land", "country"), ("Country", "country"), ("Maa", "country"),
        # ids and dates
        ("Personnummer", "personal_id"), ("Fødselsnummer", "personal_id"), ("CPR", "personal_id"),
        ("CPR-nummer", "personal_id"), ("Henkilötunnus", "personal_id"), ("Hetu", "personal_id"),
        ("Org.nr", "org_id"), ("Organisasjonsnummer", "org_id"), ("Organisationsnummer", "org_id"),
        ("CVR", "org_id"), ("Y-tunnus", "org_id"),
        # the role names the da/fi catalogues show, typed back as headers
        ("Fuldt navn", "full_name"), ("Virksomhedsnummer", "org_id"), ("Sidst ændret", "updated_at"),
        ("Viimeksi muutettu", "updated_at"),
        ("date_of_birth", "birth_date"), ("DOB", "birth_date"), ("Födelsedatum", "birth_date"),
        ("Fødselsdato", "birth_date"), ("Syntymäaika", "birth_date"), ("Född", "birth_date"), ("Født", "birth_date"),
        ("Syntynyt", "birth_date"),
        ("updated", "updated_at"), ("Senast ändrad", "updated_at"), ("Sist endret", "updated_at"),
        ("Opdateret", "updated_at"), ("Päivitetty", "updated_at"),
        # nothing known
        ("Kundnr", None), ("Anteckning", None), ("Notes", None), ("", None), ("   ", None), ("Column 7", None),
    ],
)
def test_role_from_header(header, role):
    assert role_from_header(header) == role


@pytest.mark.parametrize(
    "values,role",
    [
        (["anna@firma.se", "ola@example.no", "", "x@y.fi"], "email"),
        (["070-123 45 67", "+46 8 123 456 78", "0047 912 34 567", "08-702 10 00"], "phone"),
        (["19811218-9876", "811218-9876", "121212-1212", "131052-308T"], "personal_id"),
        (["556036-0793", "212000-1355", "556036-0793", "0112038-9"], "org_id"),
        (["114 18", "411 05", "114 18", "211 20", "411 05"] * 3, "postal_code"),
        # distinct 4-5 digit numbers are customer numbers, not postal codes
        ([str(n) for n in range(1001, 1030)], None),
        (["Stamkund", "Ring efter 17", "anna@firma.se"], None),
        (["", " ", ""], None),
        ([], None),
    ],
)
def test_role_from_values(values, role):
    assert role_from_values(values) == role


@pytest.mark.parametrize(
    "export,header,roles",
    [
        ("Google Contacts", ["Given Name", "Family Name", "E-mail 1 - Value", "Phone 1 - Value", "Address 1 - Street",
                             "Address 1 - City", "Address 1 - Postal Code", "Address 1 - Country"],
         ["given_name", "family_name", "email", "phone", "street", "city", "postal_code", "country"]),
        ("Outlook", ["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Business Street", "Business City",
                     "Business Postal Code", "Business Country/Region", "Company"],
         ["given_name", "family_name", "email", "phone", "street", "city", "postal_code", "country", "company"]),
        ("HubSpot", ["Email", "First Name", "Last Name", "Phone Number", "Street Address", "City", "Postal Code",
                     "Country/Region"],
         ["email", "given_name", "family_name", "phone", "street", "city", "postal_code", "country"]),
        ("Shopify", ["First Name", "Last Name", "Email", "Company", "Address1", "City", "Province", "Country Code",
                     "Zip", "Phone"],
         ["given_name", "family_name", "email", "company", "street", "city", None, "country", "postal_code", "phone"]),
        # Shopify's customer export since 2023 (Customer ID, the consent flags, the default address's columns)
        ("Shopify (Default Address)", ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing",
                                       "Default Address Company", "Default Address Address1",
                                       "Default Address Address2", "Default Address City",
                                       "Default Address Province Code", "Default Address Country Code",
                                       "Default Address Zip", "Default Address Phone", "Phone",
                                       "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note", "Tax Exempt",
                                       "Tags"],
         [None, "given_name", "family_name", "email", None, "company", "street", "street", "city", None, "country",
          "postal_code", "phone", "phone", None, None, None, None, None, None]),
        ("WooCommerce", ["Billing First Name", "Billing Last Name", "Billing Company", "Billing Address 1",
                         "Billing Postcode", "Billing City", "Billing Email", "Billing Phone"],
         ["given_name", "family_name", "company", "street", "postal_code", "city", "email", "phone"]),
        ("Fortnox (SE)", ["Kundnummer", "Namn", "Organisationsnummer", "Utdelningsadress", "Postnummer", "Ort",
                          "Land", "Telefon 1", "E-post"],
         [None, "full_name", "org_id", "street", "postal_code", "city", "country", "phone", "email"]),
    ],
)
def test_headers_of_common_exports(export, header, roles):
    assert detect_roles(header) == roles, export


def test_the_firms_own_reference_person_is_not_the_customers_name():
    # Fortnox's "Vår referens" holds the bureau's accountant on every card: names, but not the customer's; "Er
    # referens" (the customer's contact) stays a name
    rows = [["Anna Berg", "Maria Nyberg", "Per Holm"], ["Ola Dahl", "Maria Nyberg", "Kari Moe"],
            ["Eva Ek", "Heidi Mäkelä", "Lise Lund"]] * 10
    assert detect_roles(["Namn", "Vår referens", "Er referens"], rows) == ["full_name", None, "full_name"]
    assert detect_roles(["Kundansvarig", "Handläggare", "Contact owner", "Meidän viite"], [r * 2 for r in rows]
                        )[:4] == [None, None, None, None]


def test_consent_flags_are_kept_as_they_are_even_when_they_name_email():
    rows = [["yes", "no", "2024-03-01 10:00:00", "no"], ["no", "yes", "2023-11-12 08:13:00", "yes"]] * 10
    assert detect_roles(["Accepts Email Marketing", "Email Marketing Consent", "OPTIN_TIME", "Tax Exempt"],
                        rows) == [None, None, None, None]


def test_header_wins_over_values_and_keep_words_block_guessing():
    rows = [["anna@firma.se", "1001", "070-123 45 67"], ["ola@example.no", "1002", "0701234567"]]
    assert detect_roles(["Kontakt", "Kundnr", "Notes"], rows) == ["email", None, None]


@pytest.mark.parametrize(
    "overrides,roles",
    [
        ({"Info": "email"}, ["full_name", "email", "phone"]),
        ({0: None}, [None, None, "phone"]),
        ({"Tel": "company", 0: "given_name"}, ["given_name", None, "company"]),
    ],
)
def test_overrides(overrides, roles):
    assert detect_roles(["Namn", "Info", "Tel"], [["Anna", "x", "070"]], overrides) == roles


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"Epost": "email"}, "There is no column 'Epost' to set a role for. The columns are: Namn, Info."),
        ({5: "email"}, "There is no column 5 to set a role for. The columns are: Namn, Info."),
        ({"Info": "mail"}, "Unknown role 'mail' for column 'Info'. Use one of: email, phone, full_name, given_name, "
         "family_name, company, street, postal_code, city, country, personal_id, org_id, birth_date, updated_at, or none."),
    ],
)
def test_bad_overrides(overrides, message):
    with pytest.raises(InputError) as caught:
        detect_roles(["Namn", "Info"], [], overrides)
    assert str(caught.value) == message


# Columns whose header says nothing ("Kolumn 3", "Field4", blank): names and streets from their values.
@pytest.mark.parametrize("values,role", [
    (["Anna", "Lars", "Ingrid", "Mikko", "Søren", "Åsa", "Zlatan", "Anna-Karin", "Per", "Märta"], "given_name"),
    (["ANNA", "lars", "Ingrid", "mikko", "Björn", "Øystein", "Helmi", "Jens", "Kari", "Elin"], "given_name"),
    (["Andersson", "Hansen", "Korhonen", "Lindström", "Sandberg", "Nguyen", "af Klint", "Jensen", "Öberg",
      "Müller"], "family_name"),
    (["Pettersson", "Vestergaard", "Sjöqvist", "Rasmussen", "Hämäläinen", "Bergkvist", "Ødegaard", "Holmgren",
      "Nyberg", "Zetterlund"], "family_name"),  # most of them by their endings, not the list
    (["Anna Andersson", "Lars Hansen", "Mikko Korhonen", "Eva Lindqvist", "Zlatan Ibrahimović", "Per Svensson",
      "Ingrid Haugen"], "full_name"),
    (["Storgatan 1", "Sveavägen 12 B", "Parkveien 3", "Nørregade 7", "Hämeenkatu 4", "Thereses gate 15",
      "Mannerheimintie 5 A 3", "Rantatie 2", "Björkvägen 3B", "Östra Hamngatan 24"], "street"),
    (["c/o Berg, Storgatan 1", "Kungsgatan 5, lgh 1102", "Vasagatan 10", "Skolgatan 2", "Drottninggatan 71"],
     "street"),
    # not names or streets: left alone
    (["Stockholm", "Göteborg", "Malmö", "Uppsala", "Oslo", "Bergen", "Aarhus C", "Helsinki", "Lund", "Umeå"], None),
    # towns whose names end like family names (-stad, -berg, -holm, -lund) stay a minority
    ("Stockholm Göteborg Malmö Uppsala Västerås Örebro Linköping Helsingborg Jönköping Norrköping Lund Umeå "
     "Gävle Borås Halmstad Växjö Karlstad Sundsvall Kristianstad Varberg Ängelholm Falkenberg Laholm".split(), None),
    (["Volvo AB", "IKEA AB", "Anderssons El & VVS AB", "Telia Company AB", "Nokia Oyj", "Equinor ASA"], None),
    (["ring efter 17", "kund sedan 2019", "VIP", "faktura via mail", "ok", "ej kontakt"], None),
    (["Aktiv", "Inaktiv", "Aktiv", "Aktiv", "Prospekt", "Aktiv"], None),
    (["Sverige", "Norge", "Danmark", "Suomi", "Sweden", "Sverige (SE)"], "country"),
    (["SE", "NO", "DK", "FI", "SE", "IT"], None),  # two letters alone could be anything (sizes, initials)
    (["Storgatan", "Kungsgatan", "Vasagatan", "Sveavägen", "Parkveien"], None),  # no house numbers
    (["Anna", "Lars"], None),  # too few values to tell
])
def test_names_and_streets_from_values(values, role):
    assert role_from_values(values) == role
    assert detect_roles(["Kolumn 3"], [[v] for v in values]) == [role]


def test_a_generated_register_without_headers_gets_its_roles_from_values():
    from bench.register_gen import generate

    header, rows = generate(500, seed=3, mess=0.0)
    assert detect_roles([f"Column {i + 1}" for i in range(len(header))], rows) == [
        "email", "phone", "given_name", "family_name", "street", "postal_code", None, "personal_id", "country"]
