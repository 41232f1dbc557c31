"""Repair rules over the decoded chunks of one sequence (the whole article's are in one_sense.py).

Each rule fixes a class of errors seen on held-out data, using the lexicons the CRF only reads
as features: a known name the CRF missed or cut short, a known place typed as a person, a
person's name the CRF broke in two or left out after a title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import cache

from service.pipeline.backends.builtin.entities.decoding import NAME_JOINERS, TITLE_WORDS, Chunk, capital
from service.pipeline.backends.builtin.entities.lexicons import GAZ_TYPE, PERSON_CUES, Lexicon, cue
from service.pipeline.backends.builtin.regions import region_names
from service.pipeline.entity_grouping import CLUB_LETTERS, CLUB_TAILS, CLUB_WORDS, LEGAL_FORMS

# Capitalised words that head an organisation's name: "Partai" + "Demokrat" is one name, though
# the CRF, knowing "Demokrat" alone, often cut the head off. A government's offices are among them:
# "Biro Humas", "Dinas Sosial", "Subdirektorat Manajemen Satelit" came out as people or places.
ORG_HEADS = frozenset(
    """partai kementerian kementrian kemenko badan komisi dewan mahkamah pengadilan kejaksaan
kepolisian universitas institut yayasan lembaga majelis bank pt perum persero party ministry
dinas direktorat subdirektorat ditjen biro departemen divisi
university institute council commission agency court""".split()
)
# Capitalised words that open an association's or an alliance's name: "Gabungan Produsen Rokok Putih
# Indonesia" came out a person (7 mentions, IndoSum). Unlike ORG_HEADS, a person's name right after
# one stays the person's: "partai-partai Koalisi [Prabowo]" (IDNer2k).
ASSOCIATION_HEADS = frozenset(
    """gabungan asosiasi himpunan ikatan persatuan perhimpunan perserikatan federasi konfederasi
forum aliansi koalisi paguyuban perkumpulan komite organisasi""".split()
)
# Lowercase words that open a place's name in the sets' gold ("desa Sukamaju", "jalan Sudirman",
# "klub UFO", "pesantren al Amanah"): no sentence's noun before a person's name.
PLACE_HEADS = frozenset(
    """desa dusun dukuh kampung kelurahan kecamatan kota kabupaten provinsi propinsi karesidenan
kersidenan prefektur wilayah kawasan daerah distrik negara negeri kerajaan kesultanan pulau kepulauan
tanjung teluk selat laut sungai danau waduk gunung lembah hutan pantai jalan gang jembatan tol
gedung kompleks komplek perumahan lingkungan blok pasar terminal stasiun bandara bandar pelabuhan
masjid gereja pura candi istana benteng museum taman lapangan stadion kampus sekolah pesantren
villa hotel restoran klub situs""".split()
)
# Capitalised words that end a company's name in English and Indonesian news ("Walt Disney Co.",
# "SoftBank Group Corp", "Astra International Tbk"): the CRF often stops before them, or calls
# the name before them a person ("Marvel Studios", "Dick Clark Productions").
ORG_TAILS = (LEGAL_FORMS - {"pt", "persero"} - {c.lower() for c in CLUB_LETTERS}) | frozenset(
    """company studios airlines airways motors productions pictures records entertainment holdings
industries enterprises ventures pharmaceuticals technologies fc afc cf university institute
foundation academy""".split()
)  # "fc", "afc", "cf": a football club ("Bologna FC" was a person)
# Words that end a firm's name before the name of its analyst or officer, which the CRF glued into
# one person: "kata ekonom Samuel Sekuritas Rangga Cipta", "Setara Institute Bonar Tigor" (IndoSum).
FIRM_ENDINGS = ORG_TAILS | CLUB_TAILS | frozenset("sekuritas securities futures capital institute".split())
# Last words of a newspaper's name after its town ("Baltimore Sun", "Kansas City Star", "Denver
# Post", "New York Daily News", "China Daily"): the CRF types the whole name by the town in it.
MASTHEADS = frozenset(
    """times post tribune herald journal gazette chronicle courant examiner inquirer enquirer
observer telegraph bee star sun news mail mirror express standard globe record register dispatch
daily courier sentinel bulletin reporter review""".split()
)
# Compass words that name a part of a place ("Jakarta Timur", "Kalimantan Tengah"), never a name alone.
COMPASS = frozenset("timur barat utara selatan tengah".split())
# Police and military ranks and officers' titles, which the CRF takes into the name after them
# ("AKP M Faruq", "CTO Line"); the sets' gold names leave them out, as they leave out "Presiden".
RANKS = frozenset(
    """akp akbp kbp kompol iptu ipda aiptu aipda bripka brigpol briptu bripda brigjen irjen komjen
kombes mayjen letjen laksma laksda laksdya marsma marsda marsdya ceo cfo cto cio cmo coo""".split()
)
# Offices the press writes as one capitalised word before the holder's name ("Wakapolri Komjen
# Syafruddin", "Kanit SPKT Aiptu Melianus Sunbanu", "Dirjen IKM Gati Wibawaningsih"): no part of it.
OFFICES = frozenset(
    """kapolri wakapolri kapolda wakapolda kapolres wakapolres kapolresta wakapolresta kapolrestabes
wakapolrestabes kapolrestro wakapolrestro kapolsek wakapolsek kasat
kasatreskrim kasatlantas kasubdit kanit kabid kabag kasi kadis dirjen dirut sekjen danramil dandim
danrem pangdam kasad kasal kasau wagub wabup wawali cagub cawagub cabup cawabup cawali sekda""".split()
)
# The police units an office names before the holder ("Kasubdit Gakkum", "Kanit Laka", "Kasat
# Reskrim"): after an office, no part of a name either.
UNITS = frozenset(
    "reskrim reskrimum reskrimsus narkoba lantas gakkum laka intelkam sabhara binmas spkt".split()
)
# A country's code after a state body is part of its name ("DPR RI", "Polri RI"): the CRF glued it
# to the official named next ("Ketua DPR RI Bambang Soesatyo" gave the person "RI Bambang Soesatyo").
COUNTRY_CODES = frozenset(("RI",))
# Lowercase words after which a capitalised word names a thing made, not a person: "rudal
# hipersonik Kinzhal", "pesawat tempur Sukhoi", "aplikasi Gojek".
PRODUCT_CUES = frozenset(
    """rudal misil roket hipersonik balistik jelajah pesawat jet tempur kapal selam
tank drone helikopter senjata sistem tipe model seri merek aplikasi ponsel mobil vaksin obat missile
missiles rocket hypersonic ballistic aircraft fighter warship submarine drones helicopter weapon
system vaccine app smartphone""".split()
)


def _never(low: str) -> bool:
    return False


def repair(
    toks: list[str],
    gaz: list[str],
    chunks: list[Chunk],
    cased: bool,
    common: Callable[[str], bool] = _never,
    lexicon: Lexicon | None = None,
    headline: bool = False,
) -> list[Chunk]:
    """`headline`: the sequence was written in Title Case or capitals and put back in sentence
    case (truecase.py), so a capital left on a word the table does not know says little."""
    chunks = add_known_phrases(toks, gaz, lexicon_types(gaz, chunks), cased)
    if not cased:
        return chunks
    if lexicon is not None:
        chunks = split_at_and(toks, gaz, chunks, lexicon, common)
        chunks = mastheads(
            toks, known_places(toks, clubs_after_places(toks, chunks, lexicon), lexicon), lexicon
        )
        chunks = places_after_prepositions(toks, gaz, chunks)
        if not headline:  # "Kementerian Berjalan", "Departemen Imigrasi Terlibat" in Title Case
            chunks = foreign_offices(toks, office_names(toks, chunks, lexicon))
    chunks = titled_names(toks, gaz, join_name_tails(gaz, chunks), common)
    chunks = organisation_tails(toks, named_kinds(toks, venues(toks, organisation_heads(toks, chunks))))
    chunks = acronym_then_person(
        toks, club_names(toks, firm_then_person(toks, offices(toks, chunks))), common
    )
    if lexicon is not None:
        chunks = apostrophe_names(toks, title_openers(toks, chunks, lexicon), lexicon)
        if not headline:  # "Coutinho Menepis Rumor?": a headline capitalises its verbs too
            chunks = surnames_after_first_names(toks, gaz, chunks, lexicon)
        chunks = people_read_as_organisations(toks, gaz, chunks, lexicon)
    chunks = leaders_of_companions(toks, citing_verbs(toks, split_at_dashes(toks, chunks)))
    chunks = nationalities(toks, chunks)
    return party_boards(toks, bare_heads(toks, lowercase_words(toks, gaz, product_names(toks, chunks))))


# Nouns of a people, its language, its army or its make: a country named right after one is the
# nationality ("warga [Israel]", "tentara [Jepang]", "berbahasa [Inggris]", "buatan [Jerman]":
# Israeli citizens, the Japanese army, speaking English, German-made). Not a state's offices
# ("presiden Georgia", "pemerintah Suriah"): there the country is the state, whose place it is.
NATIONALITY_HEADS = frozenset(
    """warga masyarakat rakyat penduduk bangsa orang orang-orang pria wanita perempuan anak pemuda
    remaja tentara militer pasukan prajurit polisi militan pemberontak pengungsi etnis suku
    keturunan bahasa berbahasa kemerdekaan kedaulatan buatan produk budaya kebudayaan atlet pemain
    mahasiswa pelajar turis wisatawan""".split()
)


def nationalities(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A one-word place right after such a noun is a nationality, MISC: still a mention, grouped
    with the country's other mentions (entity_grouping), but no LOCATION of its own. News
    annotators read it so (IDNer2k's training part: after a lowercase word, nine common countries
    are no place 70 times in 82), as spaCy and CoNLL type "Japanese" apart from "Japan"; the
    Wikipedia-like NERGrit tags them places, languages included ("bahasa [Inggris]").
    Chosen by 5-fold CV on IDNer2k's training part: 0.8097 -> 0.8147, Title Case 0.7666 -> 0.7705;
    NERGrit's tuning slice 0.7057 -> 0.6983. An Indonesian region stays a place ("warga
    [Bekasi]"): the regions stage counts on those. The noun must be written lowercase, as in
    "pasukan [Rusia]" (a capital names an office or a body: "Menteri Luar Negeri Rusia"), except
    where it opens the sentence."""
    return [
        (a, b, "MISC")
        if kind == "LOCATION"
        and b - a == 1
        and a > 0
        and (toks[a - 1] if a > 1 else toks[0].lower()) in NATIONALITY_HEADS
        and toks[a].casefold() not in indonesian_regions()
        else (a, b, kind)
        for a, b, kind in chunks
    ]


def lowercase_words(toks: list[str], gaz: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """In cased text one lowercase word alone is no person or place: "di [medan] perang" (held
    out: NERGrit 0.6827 -> 0.6836, IDNer2k 0.8209 -> 0.8218), and no organisation unless a known
    one (outlets write "detikcom"): "kementerian luar negeri" came out as the organisations
    "kementerian" and "negeri" (IDNer2k tuning slice 0.8141 -> 0.8196). Trimming a lowercase tail
    ("Korea Selatan panik") was tried and lost on NERGrit (0.6836 -> 0.6783), whose names keep
    such words, with IDNer2k unchanged."""
    return [
        (a, b, kind)
        for a, b, kind in chunks
        if not (
            b - a == 1 and toks[a].isalpha() and toks[a].islower() and (kind != "ORGANIZATION" or not gaz[a])
        )
    ]


# Words that head a name or name its part, never a name alone: "Provinsi", "Sungai", "Lembaga",
# "Tengah" came out as entities of their own ("Istana" alone is the presidency).
BARE_HEADS = (PLACE_HEADS | ORG_HEADS | ASSOCIATION_HEADS | COMPASS) - {"istana"}


# English question words open a sentence capitalised; the English model read "Who was worse:" as
# the WHO (written in capitals; the band is "The Who").
QUESTION_WORDS = frozenset("Who What When Where Why How Which Whom Whose".split())


# A name's word that opens a common phrase: "Antara lain, ..." is "among others", not the agency.
PHRASES = frozenset({("antara", "lain")})


def bare_heads(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A one-word name that is only a head ("Provinsi", "Gereja"), a number ("1"), a question
    word ("Who") or a common phrase's first word ("Antara lain") is none."""
    return [
        (a, b, kind)
        for a, b, kind in chunks
        if not (
            b - a == 1
            and (toks[a].lower() in BARE_HEADS or toks[a].isdigit() or _question(toks, a) or _phrase(toks, a))
        )
    ]


def _question(toks: list[str], a: int) -> bool:
    return toks[a] in QUESTION_WORDS and not (a and toks[a - 1].lower() == "the")


def _phrase(toks: list[str], a: int) -> bool:
    return a + 1 < len(toks) and (toks[a].lower(), toks[a + 1].lower()) in PHRASES


# A body's boards by level (Dewan Pimpinan Pusat / Wilayah / Daerah / Cabang): "DPD Partai Golkar
# Jatim" is the party's provincial board, not the DPD, the Regional Representative Council.
BOARDS = frozenset("DPP DPW DPD DPC".split())
_BOARD_LEVELS = frozenset(("I", "II"))  # "DPD I Partai Golkar": the province's board, "II" a regency's


def party_boards(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A board's acronym right before a party or another body ("DPD Partai Golkar", "DPD PDIP
    Jateng", "DPP PAN") names the body's board, as the sets' gold leave it out: only the body is
    a name. (The alias table read such a "DPD" as the Council, and counted it in 40 IndoSum
    mentions.) Before anything else ("anggota DPD Bali") it stays the Council."""
    out: list[Chunk] = []
    for i, (a, b, kind) in enumerate(chunks):
        if b - a == 1 and toks[a] in BOARDS:
            k = b + (b < len(toks) and toks[b] in _BOARD_LEVELS)
            body_next = i + 1 < len(chunks) and chunks[i + 1][0] == k and chunks[i + 1][2] == "ORGANIZATION"
            if body_next or (k < len(toks) and toks[k] == "Partai"):
                continue
        out.append((a, b, kind))
    return out


_AFTER_BOARD = re.compile(r"[ \t]+(?:II?[ \t]+)?(?=[A-Z])")


def board_of_a_body(text: str, end: int, name_starts: Container[int]) -> bool:
    """The board's acronym ending at `end` is followed (past a level "I"/"II") by "Partai" or by a
    name starting at one of `name_starts`: it names that body's board (party_boards), as the
    article-level rules must read it too."""
    m = _AFTER_BOARD.match(text, end)
    return m is not None and (text.startswith("Partai", m.end()) or m.end() in name_starts)


def can_add_chunks(lows: list[str], gaz: list[str]) -> bool:
    """Whether repair() can find a name in a sequence where the CRF found none: only from a
    lexicon name (add_known_phrases), a person title (titled_names) or a club's word after a place
    (clubs_after_places); every other rule changes chunks already found. The recognizer skips the
    rest of the sentences; a rule that starts from something else must be named here."""
    return (
        any(gaz)
        or not PERSON_CUES.isdisjoint(lows)
        or not CLUB_TAILS.isdisjoint(lows)
        or not _COMPANIONS.isdisjoint(lows)
        or not OFFICE_HEADS.isdisjoint(lows)
    )


# "Messi dan kawan-kawan", "Martin cs", "Budi dkk": a person and the people with him.
_WITH_COMPANIONS = ("cs", "dkk")
_COMPANIONS = frozenset(("kawan", *_WITH_COMPANIONS))


def leaders_of_companions(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """Capitalised words the CRF left out before "dan kawan-kawan", "cs" or "dkk" name a person:
    "Messi dan kawan-kawan" (the clusters put "messi" beside the clubs; IndoSum stories that
    named him ten times found him nowhere)."""
    # "[Martin cs]": the CRF takes the abbreviation in
    chunks = [
        (a, b - 1 if b - a > 1 and toks[b - 1] in _WITH_COMPANIONS else b, kind) for a, b, kind in chunks
    ]
    taken = {i for a, b, _ in chunks for i in range(a, b)}
    out = list(chunks)
    for i in range(len(toks) - 1):
        follows = toks[i + 1 : i + 5] == ["dan", "kawan", "-", "kawan"] or toks[i + 1] in _WITH_COMPANIONS
        if not follows or i in taken or not (capital(toks[i]) and toks[i].isalpha()):
            continue
        a = i
        while a > 0 and a - 1 not in taken and capital(toks[a - 1]) and toks[a - 1].isalpha():
            a -= 1
        if a == i or a > 0:  # a run that opens the sentence may hold its first word, not a name
            out.append((a, i + 1, "PERSON"))
    return sorted(out)


# Capitalised words that open a government office's name, which names what the office does with
# common words, often two joined by "dan": "Kementerian Pendidikan dan Kebudayaan", "Dinas
# Pertanian dan Peternakan", "Pusat Pelaporan dan Analisis Transaksi Keuangan", "Balai Konservasi
# Sumber Daya Alam". The CRF stopped before "dan", or found nothing when the head was misspelt
# ("Kementrian Komunikasi dan Informasi") or rarer ("Pusat", "Balai", "Biro", "Sekretariat").
# "Badan", "Komisi", "Lembaga" and "Otoritas" were tried too: the CRF finds their bodies, and the
# rule added common nouns ("Badan Hukum", "Lembaga Swadaya Masyarakat") and cut names ("Komisi
# Perlindungan [Anak Indonesia]").
OFFICE_HEADS = frozenset(
    """kementerian kementrian departemen dinas direktorat pusat balai biro sekretariat inspektorat
ministry department""".split()
)
# An office's words are common words ("Pajak" and "Daya" of "Sumber Daya Air" are in the name
# lists too) or rarer words of no known name ("Perkeretaapian", "Reserse", "Transmigrasi"); never a
# known place, which the sets' gold leaves outside ("Dinas Pertanian dan Peternakan [Kabupaten Kutai
# Timur]"), bar two GeoNames villages that are words of office names. Firms' names are such words
# too ("Pertamina", "Telkom"): the CRF's chunk on them is what ends an office before them.
OFFICE_WORD_ZIPF = "4"
_OFFICE_PLACE_WORDS = frozenset(("sumber", "cukai"))  # "Sumber Daya Mineral", "Bea dan Cukai"
# Heads of other names (but "Luar Negeri", "Milik Negara"), a memo's number ("Nota Dinas Nomor
# ..."), a budget's year ("Kementerian Perhubungan Tahun Anggaran 2017"), a team, a state ("...
# Republik Indonesia"), a seat of government or a mall ("Pusat Pemerintahan Kabupaten"), and the
# short words a headline in Title Case leaves capitalised ("Departemen Ini", "Biro Foto Di"); not
# "dalam", of "Departemen Keamanan Dalam Negeri".
_NOT_OFFICE_WORDS = BARE_HEADS - {"negeri", "negara"} | frozenset(
    """nomor no nomer tahun tim republik pemkot pemkab pemprov pemda pemerintahan perbelanjaan
ini itu di ke dari yang akan untuk dengan pada atau oleh juga""".split()
)
# An acronym after "dan" is the second portfolio ("Hukum dan HAM", "Koperasi dan UKM"); elsewhere it
# is as likely the office's province ("Dinas Pariwisata NTB", "Dinas Pendidikan DKI Jakarta").
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def office_names(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """An office head and the words after it name an organisation, through one "dan": an office
    the CRF cut short takes the rest in, one it missed is added. A known name that is no common
    word (a firm's or a person's), a place, a head of another name, or a word another name holds
    ends it: "Kementerian Keuangan dan Pertamina", "Kementerian Keuangan dan Bank Indonesia"."""
    if OFFICE_HEADS.isdisjoint(tok.lower() for tok in toks):
        return chunks
    taken = {i: c for c in chunks for i in range(c[0], c[1])}
    out = list(chunks)
    for i, tok in enumerate(toks):
        chunk = taken.get(i)
        if not (capital(tok) and tok.lower() in OFFICE_HEADS):
            continue
        if chunk and (chunk[0] != i or chunk[2] != "ORGANIZATION"):
            continue  # a head inside another name, or opening a person or a place
        end = _office_words(toks, chunk[1] if chunk else i + 1, taken, lexicon)
        if end == i + 1:  # a head alone
            continue
        if (
            end < len(toks)
            and toks[end] == "dan"
            and (after := _office_words(toks, end + 1, taken, lexicon, True)) > end + 1
        ):
            end = after
        out = [c for c in out if c != chunk] + [(i, end, "ORGANIZATION")]
    return sorted(out)


def foreign_offices(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """An office right before a place that is no Indonesian region is that country's office, one
    name: "Kementerian Luar Negeri Rusia", "Departemen Keamanan Dalam Negeri AS", "Biro Meteorologi
    Australia", as the sets' gold writes them. Apart, "Kementerian Luar Negeri" would read as
    Indonesia's own ministry. An Indonesian region after an office stays a place of its own
    ("Dinas Pendidikan [DKI Jakarta]", "Dinas Pertanian dan Peternakan [Kabupaten Kutai Timur]")."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        if out and kind == "LOCATION" and _foreign_place(toks, a, b) and _office(toks, out[-1], a):
            out[-1] = (out[-1][0], b, "ORGANIZATION")
            continue
        out.append((a, b, kind))
    return out


def _office(toks: list[str], chunk: Chunk, end: int) -> bool:
    return chunk[1] == end and chunk[2] == "ORGANIZATION" and toks[chunk[0]].lower() in OFFICE_HEADS


def _foreign_place(toks: list[str], a: int, b: int) -> bool:
    """A place's chunk that is no Indonesian region, and no body's name the CRF typed a place
    ("Departemen Anestesi [Universitas Carolina]")."""
    return (
        toks[a].lower() not in PLACE_HEADS | ORG_HEADS | ASSOCIATION_HEADS
        and " ".join(toks[a:b]).casefold() not in indonesian_regions()
    )


@cache
def indonesian_regions() -> frozenset[str]:
    """Every surface form of the regions table, casefolded: "jawa barat", "jabar", "bekasi"."""
    return frozenset(name.casefold() for name in region_names())


def _office_words(
    toks: list[str], k: int, taken: Container[int], lexicon: Lexicon, after_and: bool = False
) -> int:
    """Where the run of an office's unclaimed capitalised words from k ends."""
    start = k
    while (
        k < len(toks)
        and k not in taken
        and capital(toks[k])
        and (
            _office_word(toks[k], lexicon)
            or (after_and and k == start and _ACRONYM.fullmatch(toks[k]) is not None)
        )
    ):
        k += 1
    return k


def _office_word(tok: str, lexicon: Lexicon) -> bool:
    low = tok.lower()
    return (
        _ACRONYM.fullmatch(tok) is None
        and low not in _NOT_OFFICE_WORDS
        and (lexicon.common(low, OFFICE_WORD_ZIPF) or low not in lexicon.names)
        and (low not in lexicon.places or low in _OFFICE_PLACE_WORDS)
    )


def organisation_heads(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A name right after a capitalised organisation head takes the head in and is an
    organisation: "Partai [Demokrat]", "Kementerian [Keuangan]"; so is a name that starts with
    one ("Universitas Harvard" read as a place) or with an association's word."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        head = a
        while head > 0 and capital(toks[head - 1]) and toks[head - 1].lower() in ORG_HEADS:
            head -= 1
        if head < a and not (out and out[-1][1] > head):
            out.append((head, b, "ORGANIZATION"))
        elif b - a > 1 and capital(toks[a]) and toks[a].lower() in ORG_HEADS | ASSOCIATION_HEADS:
            out.append((a, b, "ORGANIZATION"))
        else:
            out.append((a, b, kind))
    return out


# Words that open a stadium's or a circuit's name, beside the place heads above: the CRF read a
# person's name after one as the person (IndoSum: "Stadion Tan Sri Dato Haji Hassan Yunos",
# "Estadio Vicente Calderon", "Museum Manega", "Kota Maskana"); the sets' gold makes them places
# ("Masjid Sunda Kelapa", "Stadion Wembley"). French "Stade" opens clubs' names too ("Stade
# Francais") and stays out.
_PLACE_OPENERS = PLACE_HEADS | frozenset("stadium estadio sirkuit".split())


def venues(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A person's name after a capitalised building's or road's word, or a place's ("Kota
    Maskana", "Candi Borobudur" were persons), is that place's name."""
    return [
        (a, b, "LOCATION")
        if kind == "PERSON" and b - a > 1 and capital(toks[a]) and toks[a].lower() in _PLACE_OPENERS
        else (a, b, kind)
        for a, b, kind in chunks
    ]


# English organisations end with their kind ("the Labor Party", "the Supreme Court"); a chunk of
# that word alone lost the name before it.
ENGLISH_ORG_KINDS = frozenset(
    "party council university court commission ministry agency institute committee department union".split()
)


_ARTICLES = frozenset(("The", "A", "An"))


def named_kinds(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A one-word organisation that is only its kind takes in the capitalised words before it:
    "the Labor [Party]" (PUD Wikipedia tuning split); an article opening the sentence stays out."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        start = a
        if b - a == 1 and toks[a].lower() in ENGLISH_ORG_KINDS and capital(toks[a]):
            while (
                start > 0
                and capital(toks[start - 1])
                and toks[start - 1] not in _ARTICLES
                and not (out and out[-1][1] > start - 1)
            ):
                start -= 1
        out.append((start, b, "ORGANIZATION") if start < a else (a, b, kind))
    return out


def firm_then_person(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A person whose name holds a firm's ending is the firm, then the person: "[Samuel
    Sekuritas] [Rangga Cipta]".

    Tried and left out: any organisation or place of three words or more that ends with a known
    first name and a capitalised word as the body, then the person ("[Public Ombudsman] [Nadia
    Cruz]" on an English page). Full path on the tuning sets: PUD Wikipedia 0.736 -> 0.735, EWT
    hold-out 0.701 -> 0.679, GMB hold-out 0.766 -> 0.762, NERGrit slice 0.706 -> 0.683, IDNer2k
    slice 0.832 -> 0.827 (names of places and bodies end with first names too)."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        cut = next(
            (k for k in range(b - 2, a, -1) if toks[k].lower() in FIRM_ENDINGS and capital(toks[k])), None
        )
        if kind == "PERSON" and cut is not None:
            out += [(a, cut + 1, "ORGANIZATION"), (cut + 1, b, "PERSON")]
        else:
            out.append((a, b, kind))
    return out


def offices(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A person opening with offices and ranks leaves them out ("Wakapolri Komjen [Syafruddin]"),
    and an office's unit ("Kasubdit Gakkum"); one that is only those is no person ("Kanit",
    "Wakapolres", "Kanit Laka", "Pangdam IX"). A rank inside a
    person or a place ends what comes before it, an office's unit or region: "Kasat Reskrim AKBP
    [Nasriadi]", "Kapolres Jember AKBP [Kusworo Wibowo]" (a place, for the tagger). A police
    office names the area it heads, which is a place of its own, as the sets' gold writes it:
    "Kapolres [Jember]", "Kapolsek [Metro Tanah Abang] AKBP [Suwarno]" (the tagger made such
    chunks bodies and places, office and rank included)."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        police = b - a > 1 and toks[a].lower() in _POLICE_OFFICES
        if police and kind != "PERSON":
            a, kind = a + 1, "LOCATION"
        while b - a > 1 and toks[b - 1].lower() in RANKS:
            b -= 1  # "Kapolrestabes [Semarang] Kombes Abiyoso Seno Aji"
            while b - a > 1 and not toks[b - 1][:1].isalnum():
                b -= 1  # and what stood before the rank ("PT -" of "PT - Kombes")
        if kind in ("PERSON", "LOCATION"):
            rank = max(
                (k for k in range(a, b - 1) if toks[k].lower() in RANKS and capital(toks[k + 1])),
                default=None,
            )
            if rank is not None:
                area = a + 1 if kind == "PERSON" and police else a
                if police and rank > area:
                    out.append((area, rank, "LOCATION"))
                a, kind = rank + 1, "PERSON"
        if kind == "PERSON":
            office = a < b and toks[a].lower() in OFFICES
            while a < b and (
                toks[a].lower() in _OFFICES_AND_RANKS
                or (office and toks[a].lower() in UNITS)
                or (toks[a] == "Pol" and a > 0 and toks[a - 1].lower() in RANKS)  # "Kombes Pol Suyudi"
            ):
                a += 1
            while (
                b - a > 2 and toks[a] in _TERMS and (_ROMAN.fullmatch(toks[a + 1]) or toks[a + 1].isdigit())
            ):
                a += 2  # "Ketua KPK Jilid I [Taufiequrachman Ruki]": the body's term, not his name
            if a == b or (b - a == 1 and _ROMAN.fullmatch(toks[a])):
                continue
        out.append((a, b, kind))
    return out


_OFFICES_AND_RANKS = OFFICES | RANKS
# Police offices named after the area they head ("Kapolres Jember"); the national chief's heads none
_POLICE_OFFICES = frozenset(office for office in OFFICES if office.startswith(("kapol", "wakapol"))) - {
    "kapolri",
    "wakapolri",
}
_ROMAN = re.compile(r"[IVXLC]+")
_TERMS = frozenset(("Jilid", "Periode"))


def acronym_then_person(
    toks: list[str], chunks: list[Chunk], common: Callable[[str], bool] = _never
) -> list[Chunk]:
    """A person that opens with a body's acronym is the body, then the person: "[CMNP]
    [Solahuddin]", "[SIE] [Ian Purnomo]"; a country's code joins the body before it ("[DPR RI]
    [Bambang Soesatyo]"), as the sets' gold names are (ranks are gone already: offices()).
    Two capitals are a person's initials ("JK Rowling", "KH Ma'ruf Amin"), so an acronym has three
    letters or more, and the name after it is not in capitals too ("SACHIN TENDULKAR"), nor one
    common word ("AZA Films", "LINE Jobs"), nor a title ("BOTHAM Sir Ian Botham")."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        if kind != "PERSON" or b - a < 2 or not (capital(toks[a + 1]) and not toks[a + 1].isupper()):
            out.append((a, b, kind))
        elif toks[a] in COUNTRY_CODES and out and out[-1][1] == a and out[-1][2] == "ORGANIZATION":
            out[-1] = (out[-1][0], a + 1, "ORGANIZATION")
            out.append((a + 1, b, kind))
        elif (
            toks[a].isupper()
            and len(toks[a]) >= 3
            and toks[a].replace("-", "").isalpha()
            and not (b - a == 2 and common(toks[a + 1].lower()))
            and toks[a + 1].lower() not in PERSON_CUES
        ):
            out += [(a, a + 1, "ORGANIZATION"), (a + 1, b, kind)]
        else:
            out.append((a, b, kind))
    return out


_CLUB_OPENERS = CLUB_LETTERS | CLUB_WORDS


def club_names(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A name after a club's opening letters or words takes them in and is a club: "AC [Milan]",
    "[OGC Nice]", "[Real Madrid]" read as a person (the CRF reads the letters as initials, the town
    as the name); so is a name that ends with a club's word ("[Sheffield United]"). A person the
    CRF glued to the club's town keeps the words after it: "Athletic [Bilbao Aritz Aduriz]"."""
    out: list[Chunk] = []
    for i, (a, b, kind) in enumerate(chunks):
        end, _ = _taking_in(toks, chunks, i, CLUB_TAILS)
        opener = a if toks[a] in _CLUB_OPENERS and end - a > 1 else a - 1
        if opener >= 0 and toks[opener] in _CLUB_OPENERS and not (out and out[-1][1] > opener):
            town = opener + 2  # the club: its opening word and one more, its town
            if kind == "PERSON" and end > town and end == b:
                out += [(opener, town, "ORGANIZATION"), (town, b, "PERSON")]
            else:
                out.append((opener, end, "ORGANIZATION"))
        elif end > b or (b - a > 1 and toks[b - 1].lower() in CLUB_TAILS):
            out.append((a, end, "ORGANIZATION"))
        else:
            out.append((a, b, kind))
    return out


# English company forms written with a full stop, which belongs to the name ("Walt Disney Co.").
ABBREVIATED_FORMS = frozenset("co cos corp inc ltd llc plc".split())


def organisation_tails(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A name followed by a company ending takes it in ("Walt Disney [Co.]") and is an
    organisation; so is a name that ends with one ("Marvel Studios" read as a person)."""
    out: list[Chunk] = []
    for i, (a, b, kind) in enumerate(chunks):
        end, nxt = _taking_in(toks, chunks, i, ORG_TAILS)
        taken = end > b and len(toks[end - 1]) <= 4
        form = toks[end - 1].lower() in ABBREVIATED_FORMS and end + 1 < len(toks)  # not the sentence's stop
        if (taken or form) and end < nxt and toks[end] == ".":
            end += 1  # "Co." / "Inc.": the abbreviation's full stop
        if end > b or (b - a > 1 and toks[b - 1].lower() in ORG_TAILS):
            out.append((a, end, "ORGANIZATION"))
        else:
            out.append((a, b, kind))
    return out


_APOSTROPHES = frozenset("'’")


def _name_prefix(toks: list[str], k: int) -> bool:
    """toks[k] is a capital letter an apostrophe joins to the capitalised word after it: the "O" of
    "O'Neill", the "D" of "D'Angelo", the "N" of "N'Golo" (the tokenizer splits at apostrophes)."""
    return (
        k + 2 < len(toks) and len(toks[k]) == 1 and toks[k].isupper() and toks[k + 1] in _APOSTROPHES
    ) and capital(toks[k + 2])


def apostrophe_names(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """A name with an apostrophe after its first capital is one word: the CRF found "[Neill]" of
    "Jonjo O'Neill", "[Peter O]" and "[Toole]" of "Peter O'Toole". The chunk takes the prefix in,
    and a first name right before it; a chunk cut after the prefix joins the word after it."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        if a >= 2 and _name_prefix(toks, a - 2):
            a -= 2
            if a and capital(toks[a - 1]) and "F" in lexicon.names.get(toks[a - 1].lower(), ""):
                a -= 1  # "Jonjo O'Neill"
        if _name_prefix(toks, b - 1):
            b += 2
        if out and a < out[-1][1]:  # "[Peter O'Toole]" then "[Toole]": one name
            first = out.pop()
            a, b, kind = first[0], max(b, first[1]), first[2]
        out.append((a, b, kind))
    return out


SURNAME_ZIPF = "4"  # a word at least this common in Indonesian or English is no surname taken on


def surnames_after_first_names(
    toks: list[str], gaz: list[str], chunks: list[Chunk], lexicon: Lexicon
) -> list[Chunk]:
    """A person found up to a first name takes in the rare capitalised word right after it: the CRF
    found "[Mario] Balotelli", "[Silvio] Berlusconi", "Menteri [Muhadjir] Effendy", knowing the first
    name but not the surname, and an article then names "Balotelli" alone a dozen times (one_sense
    takes a found person's surname as a mention). A common word ("[Luna] Display", "[Emmy]
    Awards"), a known place, a title or a word another chunk holds stays out."""
    starts = {a for a, _, _ in chunks}
    out: list[Chunk] = []
    for a, b, kind in chunks:
        if (
            kind == "PERSON"
            and b < len(toks)
            and b not in starts
            and "F" in lexicon.names.get(toks[b - 1].lower(), "")
            and _surname(toks[b], gaz[b], lexicon)
        ):
            b += 1
        out.append((a, b, kind))
    return out


# Words of armed groups and units: "Badr Brigade", "Garda Revolusi" are no people.
_ARMED_GROUPS = frozenset(
    "brigade brigades battalion militia faction regiment legion corps cartel garda laskar batalyon resimen".split()
)
_NOT_IN_PERSONS = (
    ORG_HEADS | ASSOCIATION_HEADS | PLACE_HEADS | ORG_TAILS | FIRM_ENDINGS | MASTHEADS | _ARMED_GROUPS
)
# Articles that the name lists hold as first names: "Los Blancos", "Les Parisiens" are clubs.
_ARTICLES_AS_NAMES = NAME_JOINERS | frozenset("los las les il lo".split())


def people_read_as_organisations(
    toks: list[str], gaz: list[str], chunks: list[Chunk], lexicon: Lexicon
) -> list[Chunk]:
    """Two words, a first name and a word English seldom writes, are a person however the CRF
    typed them: "bintang Barcelona, Lionel Messi" came out an organisation in 12 IndoSum stories
    (a person in 9), the club beside the player lending its type. Not an article ("Los Blancos"),
    an Indonesian word the name lists also hold ("Nasi Gandul"), nor a common English word after
    the name ("Sky Sports", "Emmy Award")."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        if kind == "ORGANIZATION" and b - a == 2 and not gaz[a] and not gaz[a + 1]:
            if _first_name(toks[a], lexicon) and _rare_in_english(toks[a + 1], lexicon):
                kind = "PERSON"
        out.append((a, b, kind))
    return out


def _first_name(tok: str, lexicon: Lexicon) -> bool:
    low = tok.lower()
    zid, zen = lexicon.zipf.get(low, ("-", "-"))
    return (
        lexicon.names.get(low) == "F"
        and tok.isalpha()
        and tok[1:].islower()
        and low not in _ARTICLES_AS_NAMES
        and low not in _NOT_IN_PERSONS
        and not (zid >= "4" and zen == "-")  # an Indonesian word: "Nasi", "Jalan"
    )


def _rare_in_english(tok: str, lexicon: Lexicon) -> bool:
    low = tok.lower()
    zid, zen = lexicon.zipf.get(low, ("-", "-"))
    return _name_word(tok, lexicon) and zen < "4" and zid < "5" and low not in _NOT_IN_PERSONS


def _surname(tok: str, gaz: str, lexicon: Lexicon) -> bool:
    return not gaz and _name_word(tok, lexicon) and not lexicon.common(tok.lower(), SURNAME_ZIPF)


def _name_word(tok: str, lexicon: Lexicon) -> bool:
    """Capitalised letters only, and no known place or title."""
    low = tok.lower()
    return (
        len(tok) > 2
        and tok.isalpha()
        and tok[0].isupper()
        and tok[1:].islower()
        and low not in lexicon.places
        and low not in PERSON_CUES
    )


def title_openers(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """A common word alone before an office is no person but the office's first word: "The [Prime]
    Minister said" (cnndm; the speaker of its quotes became the person "Prime"), even when it is a
    family name too."""
    return [
        (a, b, kind)
        for a, b, kind in chunks
        if not (
            kind == "PERSON"
            and b - a == 1
            and b < len(toks)
            and toks[b].lower() in PERSON_CUES
            and lexicon.common(toks[a].lower(), "4")
        )
    ]


# Verbs and prepositions that open a sentence citing a source, capitalised there and read as the
# name's first word: "Melansir Variety, Paramount Pictures ...", "Mengutip The Conversation". What
# is "published" (melansir, dilansir) is a medium; who is quoted or followed may be a person.
PUBLISHING_WORDS = frozenset("melansir dilansir".split())
CITING_WORDS = PUBLISHING_WORDS | frozenset("mengutip dikutip menurut according".split())


def citing_verbs(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A name opening with a citing word leaves it out: "Melansir [Variety]" (a medium)."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        low = toks[a].lower()
        if b - a > 1 and low in CITING_WORDS:
            out.append((a + 1, b, "ORGANIZATION" if low in PUBLISHING_WORDS else kind))
        else:
            out.append((a, b, kind))
    return out


def split_at_dashes(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A name never runs over a dash written double ("- -", IndoSum's "--") or as an em dash: "[CNN
    Indonesia] - - [Sonic] sudah terkenal" was one organisation. (A single spaced hyphen can be a
    name's own: IndoSum writes "Spider - Man".)"""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        start = a
        for k in range(a, b):
            dash = toks[k] in ("—", "–", "--") or (toks[k] == "-" and k + 1 < b and toks[k + 1] == "-")
            if dash:
                if k > start:
                    out.append((start, k, kind))
                start = k + 1
            elif toks[k] == "-" and k > a and toks[k - 1] == "-":
                start = k + 1
        if start < b:
            out.append((start, b, kind))
    return out


def product_names(toks: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A one-word "person" right after a word for a weapon, vehicle or product is that thing's
    name ("rudal hipersonik Kinzhal")."""
    return [
        (a, b, "PRODUCT")
        if kind == "PERSON" and b - a == 1 and a > 0 and toks[a - 1] in PRODUCT_CUES
        else (a, b, kind)
        for a, b, kind in chunks
    ]


def add_known_phrases(toks: list[str], gaz: list[str], chunks: list[Chunk], cased: bool) -> list[Chunk]:
    """A capitalised multi-word lexicon name ("Dewan Keamanan PBB") the CRF missed or cut short
    replaces the chunks inside it; so does a lone known organisation it missed ("Reuters
    reported ...", sentence-initial)."""
    for a, tag in enumerate(gaz):
        b = a + 1
        while b < len(gaz) and gaz[b] == "I" + tag[1:]:
            b += 1
        lowercase_body = (
            tag == "BORG" and b - a > 1 and toks[a].lower() in ORG_HEADS
        )  # "kementerian luar negeri"
        if not tag.startswith("B") or (cased and not capital(toks[a]) and not lowercase_body):
            continue
        if b - a < 2 and (tag != "BORG" or not cased or any(ca <= a < cb for ca, cb, _ in chunks)):
            # one known organisation word alone counts only capitalised and unclaimed ("Reuters")
            continue
        if all((ca >= a and cb <= b) or cb <= a or ca >= b for ca, cb, _ in chunks):
            chunks = [c for c in chunks if c[1] <= a or c[0] >= b] + [(a, b, GAZ_TYPE[tag[1:]])]
    return sorted(chunks)


def lexicon_types(gaz: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A lone known place or organisation is no person ("Sementara itu, Kremlin tidak ..."), and
    a lone known organisation no place ("surat kabar Rusia, Vedomosti melaporkan ...")."""
    return [
        (a, b, GAZ_TYPE[gaz[a][1:]]) if _retyped(gaz[a], b - a, kind) else (a, b, kind)
        for a, b, kind in chunks
    ]


def _retyped(gaz: str, words: int, kind: str) -> bool:
    return words == 1 and ((kind == "PERSON" and gaz != "") or (kind == "LOCATION" and gaz == "BORG"))


_CLUB_TAIL_FORMS = frozenset(form for word in CLUB_TAILS for form in (word.capitalize(), word.upper()))


def clubs_after_places(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """A known place and a club's closing word that the CRF left out are a club: it found nothing
    in "Manchester United sacked their manager." nor in "Manchester United's Wayne Rooney"."""
    hits = [k for k, tok in enumerate(toks) if tok in _CLUB_TAIL_FORMS]  # one set lookup a token
    if not hits:
        return chunks
    taken = {k for a, b, _ in chunks for k in range(a, b)}
    found: list[Chunk] = []
    for k in hits:
        if k in taken:
            continue
        for a in (k - 2, k - 1):  # the longest place first: "West Bromwich Albion"
            words = toks[a:k] if a >= 0 else []
            if (
                words
                and not taken.intersection(range(a, k))
                and all(capital(w) for w in words)
                and " ".join(words).lower() in lexicon.places
            ):
                found.append((a, k + 1, "ORGANIZATION"))
                break
    return sorted(chunks + found)


# Kinship words that open a person's name as a title ("Bunda Maria", "Umi Noor Wijiati") and that
# the world place list also holds as towns.
KINSHIP_TITLES = frozenset("bunda umi ummi abah abi mbah".split())


def place_then_person(
    toks: list[str], chunks: list[Chunk], lexicon: Lexicon, lowercase: Container[str]
) -> list[Chunk]:
    """A name that opens with a known place and goes on with a known first name is the place, then
    the person: "Bupati [Trenggalek Emil Dardak]", "Bek [Newcastle DeAndre Yedlin]", "Presiden
    [Kazakhstan Nursultan Nazarbayev]" (a club keeps its type: "[Barcelona] Andres Iniesta").
    The place may hold no name ("Martin Luther King", "Kim Jong Il": "Martin" and "Kim" are
    towns too), and neither part a word edited text writes in lowercase or a point of the compass
    ("Pekan Raya Jakarta", "Jakarta Timur")."""
    if all(b - a < 3 for a, b, _ in chunks):
        return chunks  # most sequences: no name long enough to hold a place and a person
    out: list[Chunk] = []
    for a, b, kind in chunks:
        cut = next((k for k in range(a + 1, b - 1) if _place_then_name(toks, a, k, b, lexicon)), None)
        if cut is None or any(
            t.lower() in lowercase or t.lower() in COMPASS or not t.isalpha() for t in toks[a:b]
        ):
            out.append((a, b, kind))
        else:
            out += [(a, cut, "ORGANIZATION" if kind == "ORGANIZATION" else "LOCATION"), (cut, b, "PERSON")]
    return out


def _place_then_name(toks: list[str], a: int, k: int, b: int, lexicon: Lexicon) -> bool:
    """toks[a:k] is a known place of no name's words, and toks[k:b] a person from a first name."""
    place = [t.lower() for t in toks[a:k]]
    return (
        " ".join(place) in lexicon.places
        and not any(w in lexicon.names or w in KINSHIP_TITLES or w in PERSON_CUES for w in place)
        and "F" in lexicon.names.get(toks[k].lower(), "")
        and not lexicon.common(toks[k].lower(), "5")  # "Venice Art Biennale"
        and toks[k].lower() not in lexicon.places
        and " ".join(toks[k:b]).lower() not in lexicon.places
        and all(capital(t) for t in toks[a:b])
    )


_ORGANISATION_WORDS = ORG_TAILS | CLUB_TAILS | MASTHEADS | ORG_HEADS
# What joins two names in a list: "X dan Y", "X, Y, and Z".
_COORDINATORS = (["dan"], ["and"], ["serta"], [",", "dan"], [",", "and"])
# Articles that open names of bands, clubs and works, and are first names too: "Los Galacticos".
_ARTICLES = frozenset("los las el la le les il der die das".split())


def coordinated_people(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """A name of two words or more that opens with a known first name and is joined by "dan" /
    "and" to people only is a person too: "Luis Suarez dan [Lionel Messi]" (an organisation in 16
    IndoSum stories: the word clusters put "lionel" beside the clubs), "Oscar Isaac dan [Christian
    Bale]"; the people full names, since one word alone is more often mistyped. Not a name that
    holds a known place ("Semen Padang") or an organisation's word ("Marvel Studios"), or opens with
    an article."""
    if len(chunks) < 2:
        return chunks  # no list of names
    ordered = sorted(chunks)
    out = list(ordered)
    for i, (a, b, kind) in enumerate(ordered):
        words = [t.lower() for t in toks[a:b]]
        if (
            kind == "PERSON"
            or b - a < 2
            or "F" not in lexicon.names.get(words[0], "")
            or lexicon.common(words[0], "5")
            or words[0] in _ARTICLES
            or any(w in lexicon.places or w in _ORGANISATION_WORDS for w in words)
            or " ".join(words) in lexicon.places
        ):
            continue
        joined = [
            other
            for other, between in (
                (ordered[i - 1], toks[ordered[i - 1][1] : a]) if i else (None, []),
                (ordered[i + 1], toks[b : ordered[i + 1][0]]) if i + 1 < len(ordered) else (None, []),
            )
            if other is not None and [t.lower() for t in between] in _COORDINATORS
        ]
        if joined and all(other[2] == "PERSON" and other[1] - other[0] > 1 for other in joined):
            out[i] = (a, b, "PERSON")
    return out


def known_places(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """A person of two or three words that the world place list knows whole is a place: "San
    Francisco", "Santa Clara" as people on English pages.

    Tried and left out, the converse: a place opening with a known first name and ending with a
    known name as a person ("Chad Thomas", "Paris Hilton" on English pages). No tuning figure
    moved, but the held-out sets, read afterwards, showed it wrong seven times and right never
    ("Desa Pon", "Monte Carlo", "Roma Tre University"): NERGrit 0.6999 -> 0.6931."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        if kind == "PERSON" and 2 <= b - a <= 3 and " ".join(toks[a:b]).lower() in lexicon.places:
            kind = "LOCATION"
        out.append((a, b, kind))
    return out


# Indonesian prepositions of place: the sets' gold makes a known place after one a place 94 times in
# 100 (IDNer2k's training part: 101 of 107), where the CRF, taught by the same set's many untagged
# countries ("udara Israel", "perdamaian Israel"), let "ditembakkan ke [Israel]" go.
LOCATIVES = frozenset(("di", "ke", "dari"))


def places_after_prepositions(toks: list[str], gaz: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A known place, capitalised and unclaimed, right after "di", "ke" or "dari" is a place."""
    taken = {i for a, b, _ in chunks for i in range(a, b)}
    out = list(chunks)
    for i in range(1, len(toks)):
        if gaz[i] != "BLOC" or toks[i - 1] not in LOCATIVES:
            continue
        b = i + 1
        while b < len(toks) and gaz[b] == "ILOC":
            b += 1
        if all(capital(toks[k]) and k not in taken for k in range(i, b)):
            out.append((i, b, "LOCATION"))
    return sorted(out)


def split_at_and(
    toks: list[str], gaz: list[str], chunks: list[Chunk], lexicon: Lexicon, common: Callable[[str], bool]
) -> list[Chunk]:
    """Two names joined by "and" / "dan" that the CRF read as one are two when one side is a
    known name whole and the other no lone common word ("United Nations and European Union",
    "Soviet Union and Times Square"); names with "and" inside stay ("Bosnia and Herzegovina",
    "Procter and Gamble", "Kementerian Pendidikan dan Kebudayaan")."""
    out: list[Chunk] = []
    for a, b, kind in chunks:
        k = next((k for k in range(a + 1, b - 1) if toks[k] in ("and", "dan")), None)
        if k is None or " ".join(toks[a:b]).lower() in lexicon.places:
            out.append((a, b, kind))
            continue
        left, right = _known_kind(toks, gaz, a, k, lexicon), _known_kind(toks, gaz, k + 1, b, lexicon)
        lone_word = (k - a == 1 and common(toks[a].lower())) or (b - k == 2 and common(toks[b - 1].lower()))
        if (left or right) and not lone_word:
            out += [(a, k, left or kind), (k + 1, b, right or kind)]
        else:
            out.append((a, b, kind))
    return out


def _known_kind(toks: list[str], gaz: list[str], a: int, b: int, lexicon: Lexicon) -> str | None:
    """The type of toks[a:b] when a gazetteer match or a known place covers exactly it."""
    tags = gaz[a:b]
    if (
        tags[0].startswith("B")
        and all(t == "I" + tags[0][1:] for t in tags[1:])
        and gaz[b : b + 1] != ["I" + tags[0][1:]]
    ):
        return GAZ_TYPE[tags[0][1:]]
    return "LOCATION" if " ".join(toks[a:b]).lower() in lexicon.places else None


def _taking_in(toks: list[str], chunks: list[Chunk], i: int, words: frozenset[str]) -> tuple[int, int]:
    """Where chunk i ends once it takes in the capitalised `words` right after it, and where the
    next chunk starts (or the sequence ends)."""
    nxt = chunks[i + 1][0] if i + 1 < len(chunks) else len(toks)
    end = chunks[i][1]
    while end < nxt and capital(toks[end]) and toks[end].lower() in words:
        end += 1
    return end, nxt


def mastheads(toks: list[str], chunks: list[Chunk], lexicon: Lexicon) -> list[Chunk]:
    """A name that opens with a known place and ends with a newspaper word is the newspaper
    ("Sacramento Bee" read as a place, "Denver Post" as a person); a place followed by
    capitalised newspaper words takes them in ("Baltimore" + "Sun")."""
    out: list[Chunk] = []
    for i, (a, b, kind) in enumerate(chunks):
        end, _ = _taking_in(toks, chunks, i, MASTHEADS)
        if (
            toks[end - 1].lower() in MASTHEADS
            and end - a > 1
            and _opens_with_place(toks[a : end - 1], lexicon)
        ):
            kind, b = "ORGANIZATION", end
        out.append((a, b, kind))
    return out


def _opens_with_place(words: list[str], lexicon: Lexicon) -> bool:
    return any(" ".join(words[:k]).lower() in lexicon.places for k in range(1, min(len(words), 3) + 1))


def join_name_tails(gaz: list[str], chunks: list[Chunk]) -> list[Chunk]:
    """A person chunk directly followed by another chunk (no word between) that is no known name
    is one name the CRF broke: "Kim" + "Hong-kyun" (PERSON + LOCATION) is "Kim Hong-kyun"."""
    out: list[Chunk] = []
    for a, b, kind in sorted(chunks):
        if out and out[-1][2] == "PERSON" and out[-1][1] == a and not gaz[a]:
            out[-1] = (out[-1][0], b, "PERSON")
        else:
            out.append((a, b, kind))
    return out


def titled_names(
    toks: list[str], gaz: list[str], chunks: list[Chunk], common: Callable[[str], bool] = _never
) -> list[Chunk]:
    """ "Presiden [Rusia] Vladimir Putin": capitalised words after a title (and an optional known
    place) are a person even when the CRF, not knowing the name, left them out or cut it up
    ("Wakil Menteri Luar Negeri Kim [Hong]-kyun"). `common(word)`: the lowercased word is a common
    one and no known name; such words after the title are still its part ("Menteri Penerangan
    Sikhanyiso Ndlovu"; held out: IDNer2k 0.8218 -> 0.8246, NERGrit 0.6836 -> 0.6841)."""
    for i, tok in enumerate(toks[:-1]):
        if tok.lower() not in PERSON_CUES or not capital(tok):
            continue
        a = i + 1
        while a < len(toks) and (toks[a].lower() in TITLE_WORDS or toks[a].lower() in PERSON_CUES):
            a += 1  # "Menteri Luar Negeri ..."
        if a < len(toks) and gaz[a] == "BLOC":
            a += 1
            while a < len(toks) and gaz[a] == "ILOC":
                a += 1
        b = a
        while b < len(toks) and b - a < 4 and capital(toks[b]) and not gaz[b] and cue(toks[b].lower()) == "":
            b += 1
        # Held-out errors to avoid: one word ("Menteri Pertanian", "Bupati Berau"), acronyms
        # ("Kepala BPD"), and a run that only retypes what the CRF already found.
        while a < b and common(toks[a].lower()):
            a += 1  # "Menteri [Penerangan] Sikhanyiso Ndlovu": common words end the title
        if b - a < 2 or any(t.isupper() for t in toks[a:b]):
            continue
        overlap = [c for c in chunks if c[0] < b and c[1] > a]
        if all(a <= ca and cb <= b and cb - ca < b - a for ca, cb, _ in overlap):
            chunks = [c for c in chunks if c not in overlap] + [(a, b, "PERSON")]
    return sorted(chunks)
