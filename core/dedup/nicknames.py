"""Nordic nicknames and short forms, mapped to the formal given name (folded, lower case).

Sources: common Swedish, Norwegian, Danish and Finnish short forms as listed by
name registers and name-day calendars (Kalle for Karl, Lasse for Lars, ...), and one name's spellings in the
four countries and in English (Michael / Mikael, Aleksander / Alexander, Frederik / Fredrik, Oscar / Oskar: one
name, where a likeness of letters would read two).
A nickname that belongs to two formal names maps to the more common one. Two names that are both given
names in their own right, one letter apart, are not listed: Anne (Norway's and Denmark's) and Anna (Sweden's)
are two names, and two colleagues Anne and Anna Andersen are two people.

>>> NICKNAMES["kalle"], NICKNAMES["bosse"], NICKNAMES["mikko"]
('karl', 'bo', 'mikael')
"""

from __future__ import annotations

_PAIRS = """
kalle karl; calle karl; kaj karl; lasse lars; lars-erik lars; bosse bo; pelle per; perra per; olle olof; ola olof;
nisse nils; janne jan; jocke joakim; micke mikael; mikke mikael; mike mikael; stina kristina; kicki kristina;
kerstin kristina; tina kristina; lisa elisabet; lisen elisabet; betty elisabet; bettan elisabet; elisabeth elisabet;
lotta charlotta; lotte charlotta; charlotte charlotta; lollo charlotta; maja maria; mia maria; mimmi maria;
majken maria; totte torsten; hasse hans;
kenta kent; sigge sigurd; berra bertil; ante anders; affe alf; gurra gustav; gustaf gustav; gösta gustav;
gosta gustav; nicke niklas; nicklas niklas; tompa tomas; thomas tomas; fredde fredrik; krille kristoffer;
christoffer kristoffer; steffe stefan; staffan stefan; sanna susanne; susie susanne; lena helena; malin magdalena;
lenni leonard; leffe leif; bengan bengt; benke bengt; roffe rolf; ragge ragnar; svenne sven;
uffe ulf; göran jörgen; joran jorgen; jørgen jorgen; jörgen jorgen; hannes johannes; johan johannes;
jonte jonathan; putte per; tobbe tobias; robban robert; rob robert; danne daniel; dan daniel; mats mattias;
matte mattias; matti mattias; pete peter; petter peter;
kata katarina; kajsa katarina; karin katarina; katrin katarina; cajsa katarina; kattis katarina; caroline karolina;
carolina karolina; lina karolina; mona monika; monica monika; anki anna; annie anna; ann anna;
frida fredrika; tove tova; sofie sofia;
sophie sofia; sophia sofia; fia sofia; sissi cecilia; cissi cecilia; cilla cecilia; gunnel gunilla; gullan gunilla;
ingegerd inger; inga inger; bibbi birgitta; birgit birgitta; britt birgitta; gittan birgitta; agge agneta;
vicky viktoria; victoria viktoria; vickan viktoria; henke henrik; henry henrik; heikki henrik; erkki erik;
eric erik; ecke erik; rickard rikard; richard rikard; ricky rikard; nina nina; jonna johanna; hanna johanna;
christer krister; christian kristian; kristian kristian; carl karl; claes klas; clas klas; niclas niklas;
manne magnus; mange magnus; alex alexander; acke axel; andy andreas; tessan therese; jossan josefin; nettan annette;
mickan mikaela; kjelle kjell; gunne gunnar; stickan stig; patte patrik;
michael mikael; mickael mikael; aleksander alexander; aleksandra alexandra; christopher kristoffer;
kristofer kristoffer; mathias mattias; matthias mattias; frederik fredrik; casper kasper; carsten karsten;
kamilla camilla; josefine josefin; oscar oskar; nicolai nikolaj; nikolai nikolaj; jacob jakob;
"""
# the Finnish form -> the Swedish form of one name (Pekka is Per's Finnish form, no longer Petri's short one)
_FINNISH_FORMS = """
mikko mikael; juha johannes; juho johannes; jussi johannes; juhani johannes; hannu johannes; antti anders;
antsa anders; pekka per; lauri lars; olli olof; niilo nils; kaarlo karl; jaakko jakob; kustaa gustav; kusti gustav;
eero erik; tuomas tomas; mauno magnus; simo simon; eelis elias; iisakki isak; vihtori viktor; taneli daniel;
henkka henrik; heka henrik; masa mattias; matts mattias;
marja maria; maija maria; kristiina kristina; kirsti kristina; katariina katarina; kaisa katarina; katri katarina;
liisa elisabet; leena helena; marketta margareta; maggan margareta; sohvi sofia;
"""


def _read(pairs: str) -> dict[str, str]:
    return {nick: formal for nick, formal in (pair.split() for pair in pairs.replace("\n", " ").split(";") if pair.strip())}


# a Finnish form is a name of its own in Finland as well (Hannu, Juha, Mikko): ``FINNISH_FORMS`` says which pairs of
# given names are one name only through it, for the rules that ask more of such a pair (``match.Scorer._limits``)
FINNISH_FORMS: dict[str, str] = _read(_FINNISH_FORMS)
NICKNAMES: dict[str, str] = {**_read(_PAIRS), **FINNISH_FORMS}
