"""Nordic nicknames and short forms, mapped to the formal given name (folded, lower case).

Sources: common Swedish, Norwegian, Danish and Finnish short forms as listed by
name registers and name-day calendars (Kalle for Karl, Lasse for Lars, ...), and one name's spellings in the
four countries and in English (Michael / Mikael, Aleksander / Alexander, Frederik / Fredrik, Oscar / Oskar: one
name, where a likeness of letters would read two).
A short form of two names is a form of both (Jocke is Joakim, and sometimes Johan; Andy is Andreas or Anders):
it is written "jocke joakim johan", ``NICKNAMES`` holds the first (the key the blocking and the sound skeleton read) and
``OTHER_FORMS`` the rest, and ``forms`` gives them all. Two names that are both given
names in their own right, one letter apart, are not listed: Anne (Norway's and Denmark's) and Anna (Sweden's)
are two names, and two colleagues Anne and Anna Andersen are two people.

>>> NICKNAMES["kalle"], NICKNAMES["bosse"], NICKNAMES["mikko"]
('karl', 'bo', 'mikael')
>>> forms("jocke"), forms("johan"), forms("anna")
(('joakim', 'johannes'), ('johannes',), ('anna',))
"""

from __future__ import annotations

_PAIRS = """
kalle karl; calle karl; kaj karl; lasse lars; bosse bo; pelle per; perra per; olle olof; ola olof;
nisse nils; janne jan; micke mikael; mikke mikael; mike mikael; stina kristina; kicki kristina;
kerstin kristina; tina kristina; lisa elisabet; lisen elisabet; betty elisabet; bettan elisabet; elisabeth elisabet;
lotta charlotta; lotte charlotta; charlotte charlotta; lollo charlotta; maja maria; mia maria; mimmi maria;
majken maria; totte torsten; hasse hans;
kenta kent; sigge sigurd; berra bertil; ante anders; affe alf; gurra gustav; gustaf gustav;
gosta gustav; nicke niklas; nicklas niklas; tompa tomas; thomas tomas; fredde fredrik;
christoffer kristoffer; steffe stefan; staffan stefan; sanna susanne; susie susanne; lena helena; malin magdalena;
lenni leonard; leffe leif; bengan bengt; benke bengt; roffe rolf; ragge ragnar; svenne sven;
uffe ulf; joran jorgen; hannes johannes; johan johannes;
putte per; tobbe tobias; robban robert; rob robert; danne daniel; dan daniel; mats mattias;
matte mattias; matti mattias; pete peter; petter peter;
kata katarina; kajsa katarina; karin katarina; katrin katarina; cajsa katarina; kattis katarina; caroline karolina;
carolina karolina; lina karolina; mona monika; monica monika; annie anna; ann anna;
frida fredrika; tove tova; sofie sofia;
sophie sofia; sophia sofia; fia sofia; sissi cecilia; cissi cecilia; cilla cecilia; gunnel gunilla; gullan gunilla;
ingegerd inger; inga inger; bibbi birgitta; birgit birgitta; britt birgitta; gittan birgitta; bittan birgitta; agge agneta;
vicky viktoria; victoria viktoria; vickan viktoria; henke henrik; henry henrik; heikki henrik; erkki erik;
eric erik; ecke erik; rickard rikard; richard rikard; ricky rikard; nina nina; jonna johanna; hanna johanna;
christer krister; christian kristian; kristian kristian; carl karl; claes klas; clas klas; niclas niklas;
manne magnus; mange magnus; acke axel; tessan therese; jossan josefin; nettan annette;
mickan mikaela; kjelle kjell; gunne gunnar; stickan stig; patte patrik;
michael mikael; mickael mikael; aleksander alexander; aleksandra alexandra; christopher kristoffer;
kristofer kristoffer; mathias mattias; matthias mattias; frederik fredrik; casper kasper; carsten karsten;
kamilla camilla; josefine josefin; oscar oskar; nicolai nikolaj; nikolai nikolaj; jacob jakob;

# Short forms of two names (a pair with either is one name), and more short forms, 2026-12 (session 9). Swedish, from
# what Swedes call one another and as blogs on Swedish names list them (swednavi.com "Swedish nickname": Jonte for
# Jonas, John, Johan and Johannes, Fille, Sussi, Anki for Annika and Anna-Karin, Kattis; sweetsweden.com "apocopando
# nombres": Jocke, Sebbe, Madde, Carro; watchingtheswedes.com "Swedish nicknames": Bettan, Gittan, Lottan, Nillan;
# veles.se "про шведские имена": Krille for Kristoffer and Krister, Stoffe, Wille, Britta, Katta)
jocke joakim johan; joachim joakim; andy andreas anders; alex alexander alexandra; anki anna annika;
jonte jonathan jonas johan; krille kristoffer krister; peppe per peter; madde madeleine magdalena;
fille filip; sebbe sebastian; nille niklas; ludde ludvig; gabbe gabriel; vicke viktor; ogge oskar; lelle lennart;
stoffe kristoffer; wille vilhelm william; mackan markus; marcus markus; jojje jorgen; hampe hampus;
britta birgitta; sussi susanne; sussie susanne; tess therese; katti katarina; katta katarina; carro karolina;
nillan pernilla; lottan charlotta; tilda matilda; becka rebecka; rebecca rebecka; jessan jessica;
# Norwegian and Danish: the short forms and the old abbreviations of a Norwegian or Danish register (Chr., Johs.), one
# name's Norwegian, Danish and Swedish spellings (Olav / Olof, Niels / Nils, Poul / Pål / Paul; Palle is Poul), and
# the English short forms a Nordic customer gives a shop (Micky, Chris, Nick)
olav olof; olaf olof; niels nils; poul paul; pal paul; palle paul; jeppe jakob jesper; chr kristian; johs johannes;
bitten birgitte; gitte birgitte; stine kristine; trine katrine; lisbeth elisabet; lisbet elisabet;
micky mikael; mickey mikael; chris kristoffer kristian; kris kristoffer kristian; nick niklas;
fred fredrik; sam samuel;
"""
# the Finnish form -> the Swedish form of one name (Pekka is Per's Finnish form, no longer Petri's short one)
_FINNISH_FORMS = """
mikko mikael; juha johannes; juho johannes; jussi johannes; juhani johannes; hannu johannes; antti anders;
antsa anders; pekka per; lauri lars; olli olof; niilo nils; kaarlo karl; jaakko jakob; kustaa gustav; kusti gustav;
eero erik; tuomas tomas; mauno magnus; simo simon; eelis elias; iisakki isak; vihtori viktor; taneli daniel;
henkka henrik; heka henrik; masa mattias; matts mattias;
marja maria; maija maria; kristiina kristina; kirsti kristina; katariina katarina; kaisa katarina; katri katarina;
liisa elisabet; leena helena; marketta margareta; maggan margareta; sohvi sofia;
# more, as Finland's name-day calendars pair them with the Swedish name (session 9): Jukka and Juhana for Johannes,
# Tapani and Teppo for Stefan, Risto for Kristoffer, Pirkko, Pirjo and Riitta for Birgitta, Kaarina for Katarina
jukka johannes; juhana johannes; tapani stefan; teppo stefan; risto kristoffer; aleksi alexander; santeri alexander;
olavi olof; lassi lars; martti martin; markku markus; petteri peter; pietari peter; paavo paul; pauli paul;
ville vilhelm; vilho vilhelm; pirkko birgitta; pirjo birgitta; riitta birgitta; kaarina katarina; kati katarina;
kirsi kristina; tiina kristina; marjatta maria; maarit margareta; reetta margareta;
"""


def _read(pairs: str) -> dict[str, tuple[str, ...]]:
    """{short form: its formal names} from "nick formal [formal ...]; ..." (a line starting with # is a comment)."""
    text = " ".join(line for line in pairs.splitlines() if not line.startswith("#"))
    return {words[0]: tuple(words[1:]) for words in (pair.split() for pair in text.split(";")) if words}


# a Finnish form is a name of its own in Finland as well (Hannu, Juha, Mikko): ``FINNISH_FORMS`` says which pairs of
# given names are one name only through it, for the rules that ask more of such a pair (``match.Scorer._limits``)
FINNISH_FORMS: dict[str, str] = {nick: formal[0] for nick, formal in _read(_FINNISH_FORMS).items()}
_ALL = {**_read(_PAIRS), **_read(_FINNISH_FORMS)}
NICKNAMES: dict[str, str] = {nick: formal[0] for nick, formal in _ALL.items()}
# the second (and third) name a short form is a form of, each read as its own formal name (Jocke's Johan is Johannes)
OTHER_FORMS: dict[str, tuple[str, ...]] = {nick: tuple(NICKNAMES.get(name, name) for name in formal[1:])
                                           for nick, formal in _ALL.items() if len(formal) > 1}


def forms(first: str) -> tuple[str, ...]:
    """The formal names a folded first given name is a form of: itself, or its short form's names (Jocke: Joakim and
    Johannes)."""
    return (NICKNAMES.get(first, first),) + OTHER_FORMS.get(first, ())
