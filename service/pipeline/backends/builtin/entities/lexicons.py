"""Word knowledge for the entity CRF: small hand-compiled word lists and the shipped tables.

The hand lists are features, not overrides: the CRF learns how far to trust them. The tables in
data/ come from outside the small training sets (wordfreq, GeoNames, first- and family-name lists),
written by scripts/train_entities.py from the packages in requirements-train.txt.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from itertools import compress
from pathlib import Path

from service.pipeline.backends.builtin.entities.tokenizer import tokenize
from service.pipeline.backends.builtin.metadata.outlets import multiword_names

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_WORD_FREQ = DATA / "entities-wordfreq.tsv.gz"
DEFAULT_PLACES = DATA / "entities-places.txt.gz"
DEFAULT_NAMES = DATA / "entities-names.tsv.gz"
DEFAULT_COUNTRIES = DATA / "entities-countries.txt.gz"

_PLACES = """
indonesia malaysia singapura singapore thailand vietnam filipina philippines myanmar kamboja cambodia
laos brunei jepang japan china cina tiongkok taiwan india pakistan bangladesh iran irak iraq suriah syria
israel palestina palestine yordania jordan lebanon libanon mesir egypt turki turkey arab saudi qatar
yaman yemen afghanistan rusia russia ukraina ukraine belarus polandia poland jerman germany prancis
perancis france inggris britain england italia italy spanyol spain portugal belanda netherlands belgia
belgium swiss switzerland austria swedia sweden norwegia norway finlandia finland denmark yunani greece
kanada canada meksiko mexico brasil brazil argentina chili chile kolombia colombia venezuela kuba cuba
australia selandia baru new zealand afrika selatan south africa nigeria kenya ethiopia sudan libya
amerika serikat united states america korea utara north korea korea selatan south korea korut korsel
as usa uk eropa europe asia afrika africa timur tengah middle east
jakarta bandung surabaya medan semarang yogyakarta makassar denpasar bali papua aceh palembang
kalimantan sumatra sumatera jawa sulawesi maluku bogor depok bekasi tangerang malang solo surakarta
seoul pyongyang busan tokyo osaka beijing shanghai hong kong taipei bangkok hanoi manila kuala lumpur
new delhi islamabad tehran teheran baghdad damaskus damascus yerusalem jerusalem gaza tel aviv kairo
cairo riyadh doha dubai ankara istanbul moskow moscow kyiv kiev kharkiv minsk berlin paris london
roma rome madrid lisbon amsterdam brussel brussels jenewa geneva wina vienna stockholm oslo
washington new york los angeles chicago ottawa toronto canberra sydney melbourne
"""
_PLACE_PHRASES = """
amerika serikat|united states|korea utara|north korea|korea selatan|south korea|arab saudi|saudi arabia
afrika selatan|south africa|selandia baru|new zealand|timur tengah|middle east|hong kong|kuala lumpur
new delhi|tel aviv|new york|los angeles|united states of america|jawa barat|jawa tengah|jawa timur|sumatera utara|sumatera barat
kalimantan timur|sulawesi selatan|nusa tenggara|timur jauh
"""
# Organisations that Indonesian news names most (state bodies, parties, companies, media) and the
# international ones it reports on. Monitors count these first; the IDNer2k ORG errors were
# mostly these acronyms read as places or persons.
_ORGS = """
pbb un nato asean uni eropa eu who imf unesco unicef unhcr opec g20 wto interpol fifa ioc iaea
reuters afp ap antara yonhap kcna xinhua tass ria interfax vedomosti kommersant izvestia nhk kyodo
bbc cnn bloomberg aljazeera kompas tempo detik detikcom liputan6 tribunnews okezone viva kumparan
kremlin pentagon kpk dpr mpr dpd dprd tni polri kpu kpud bawaslu dkpp mk ma ky bpk bpkp bi ojk lps bumn
bumd bnpb bpbd bmkg bps bkpm bnn bnpt basarnas bpom kpai komnas kejagung kejati kejari kemenkeu
kemendagri kemenlu kemlu kemenhan kemenkes kemendikbud kemendikbudristek kemenag kemensos kemenkumham
kemenhub kemenperin kemendag kementan kemenpan kemenpora kominfo kemkominfo kemnaker kemenaker esdm
kemenpupr pupr kemenparekraf kppu ombudsman lipi brin bssn bin bais kostrad kopassus brimob densus
bareskrim mabes polda polres polsek kodam korem kodim lanud lantamal setneg setkab ksp
pertamina pln kai garuda telkom telkomsel indosat bri bni btn bca bsi mandiri danantara
pdip pdi golkar gerindra demokrat nasdem pkb pks pan ppp hanura perindo psi gelora pkn
nu muhammadiyah mui fpi hmi pmii gmni kadin apindo
fbi cia nasa google microsoft apple facebook meta amazon samsung toyota tesla huawei
greenpeace walhi oecd apec aiib unctad undp unep
isis isil taliban hamas hizbullah hezbollah houthi
"""
_ORG_PHRASES = """
gedung putih|white house|dewan keamanan|dewan keamanan pbb|security council|un security council|uni eropa|european union|bank dunia|world bank
perserikatan bangsa|united nations|bank indonesia|al jazeera|associated press|the guardian
komisi pemberantasan korupsi|dewan perwakilan rakyat|majelis permusyawaratan rakyat|dewan perwakilan daerah
mahkamah konstitusi|mahkamah agung|komisi pemilihan umum|badan pengawas pemilu|kejaksaan agung
kepolisian republik indonesia|tentara nasional indonesia|badan pemeriksa keuangan|otoritas jasa keuangan
komnas ham|pdi perjuangan|pdi - p|partai demokrat|partai golkar|partai gerindra|partai nasdem|nahdlatul ulama
kementerian keuangan|kementerian luar negeri|kementerian dalam negeri|kementerian pertahanan|kementerian kesehatan
kementerian agama|kementerian sosial|kementerian perhubungan|kementerian perdagangan|kementerian pertanian
kementerian perindustrian|kementerian pendidikan|kementerian bumn|bursa efek indonesia|istana kepresidenan
world trade organization|world health organization|international monetary fund|asian development bank
asian infrastructure investment bank|international labour organization|international labor organization
food and agriculture organization|world food programme|international energy agency
international atomic energy agency|international criminal court|international court of justice
european central bank|european commission|european parliament|african union|arab league
amnesty international|human rights watch|red cross|international committee of the red cross
doctors without borders|world economic forum|indonesia stock exchange|jakarta stock exchange
new york stock exchange|london stock exchange|hong kong stock exchange|corruption eradication commission
house of representatives|constitutional court|general elections commission|financial services authority
"""
# Words that announce a person ("Presiden X") or an organisation ("PT X", "Kementerian X").
_PERSON_CUES = """
presiden president wapres wakil menteri minister menlu perdana pm pemimpin leader juru bicara jubir
spokesman spokeswoman gubernur governor bupati wali walikota kepala ketua chairman direktur director
ceo jenderal general kolonel letnan kapten panglima raja king ratu queen pangeran prince sultan
pak bu bapak ibu tuan nyonya mr mrs ms dr prof haji hj kh ustaz pastor paus pope senator anggota
diktator dubes duta besar ambassador sekjen sekretaris secretary
wagub wabup wawali cagub cawagub cabup cawabup cawali sekda
"""
_ORG_CUES = """
pt cv tbk kementerian ministry kemlu kemenlu departemen department dewan council badan agency komisi
commission partai party universitas university institut institute bank perusahaan company corp inc ltd
lembaga yayasan foundation asosiasi association organisasi organization kantor berita pengadilan court
polda polres kodam pemerintah government parlemen parliament majelis assembly
"""
_LOC_CUES = """
di ke dari kota provinsi kabupaten kecamatan desa kampung pulau negara ibu wilayah kawasan daerah
distrik oblast in at from to city province district island country region capital
"""
_SPEECH = "kata ujar ungkap jelas tutur tegas said says told according menurut katanya ujarnya"


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


def _phrases(block: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.split()) for p in block.replace("\n", "|").split("|") if p.strip())


# Pieces of multi-word names in the word lists ("baru" of "selandia baru", "hong" of "hong kong")
# are no places on their own; the phrases below cover the whole names.
_FRAGMENTS = _words("""baru new selatan south utara north serikat united states timur tengah middle
east hong kuala tel los""")
PLACES, ORGS = _words(_PLACES) - _FRAGMENTS, _words(_ORGS)
NOT_NAMES = PLACES | ORGS  # never a person's name on their own
PERSON_CUES, ORG_CUES, LOC_CUES, SPEECH = (
    _words(_PERSON_CUES),
    _words(_ORG_CUES),
    _words(_LOC_CUES),
    _words(_SPEECH),
)
# News outlets of several words, as the metadata stage knows them ("Jakarta, CNN Indonesia --" was
# the organisation "CNN" and the place "Indonesia"); names that are common words stay out ("Tempo",
# "Media Indonesia").
_OUTLET_PHRASES = frozenset(tuple(tok for tok, _, _ in tokenize(name.lower())) for name in multiword_names())
GAZ_PHRASES: dict[tuple[str, ...], str] = {
    **{p: "LOC" for p in _phrases(_PLACE_PHRASES)},
    **{p: "ORG" for p in _OUTLET_PHRASES},
    **{p: "ORG" for p in _phrases(_ORG_PHRASES)},
}
GAZ_MAX = max(len(p) for p in GAZ_PHRASES)
GAZ_FIRST = frozenset(p[0] for p in GAZ_PHRASES)  # most words start no phrase: skip the lookups
_GAZ_ANY = GAZ_FIRST | PLACES | ORGS
GAZ_TYPE = {"LOC": "LOCATION", "ORG": "ORGANIZATION"}


def cue(low: str) -> str:
    """What kind of name a lowercased word announces, if any."""
    if low in PERSON_CUES:
        return "per"
    if low in ORG_CUES:
        return "org"
    if low in LOC_CUES:
        return "loc"
    if low in SPEECH:
        return "say"
    return ""


def gazetteer(lows: list[str]) -> list[str]:
    """B-/I- gazetteer tags ("BLOC", "IORG", "") from longest multi-word matches, then single words."""
    tags = [""] * len(lows)
    end = 0  # the first token after the last match
    for i in compress(range(len(lows)), map(_GAZ_ANY.__contains__, lows)):  # most words are in none
        if i < end:
            continue
        longest = min(GAZ_MAX, len(lows) - i) if lows[i] in GAZ_FIRST else 1
        for n in range(longest, 1, -1):
            kind = GAZ_PHRASES.get(tuple(lows[i : i + n]))
            if kind:
                tags[i : i + n] = ["B" + kind] + ["I" + kind] * (n - 1)
                end = i + n
                break
        else:
            tags[i] = "BLOC" if lows[i] in PLACES else "BORG" if lows[i] in ORGS else ""
    return tags


@dataclass(frozen=True)
class Lexicon:
    """Word knowledge from outside the small training sets, for words they never saw: a common
    Indonesian or English word ("Semboyan", "Bersama") capitalised is seldom a name, a word in
    neither list often is. `zipf`: word -> (Indonesian, English) Zipf band, "3".."6" or "-";
    `places`: lowercased, token-joined world place names; `names`: word -> "F" (a first name),
    "L" (a family name) or "FL" (both); `countries`: the places that are countries, as `places`
    writes them."""

    zipf: dict[str, tuple[str, str]]
    places: frozenset[str]
    place_prefixes: frozenset[str]  # every name's first 1, 2, ... words: most tokens start none
    names: dict[str, str]
    countries: frozenset[str] = frozenset()

    @classmethod
    def load(
        cls,
        word_freq: Path = DEFAULT_WORD_FREQ,
        places: Path = DEFAULT_PLACES,
        names: Path = DEFAULT_NAMES,
        countries: Path = DEFAULT_COUNTRIES,
    ) -> Lexicon:
        zipf = {w: (zid, zen) for w, zid, zen in _rows(word_freq, 3)}
        place_names = frozenset(row[0] for row in _rows(places, 1))
        prefixes = frozenset(
            " ".join(words[:n]) for words in map(str.split, place_names) for n in range(1, len(words) + 1)
        )
        name_kinds = {w: kind for w, kind in _rows(names, 2)}
        return cls(zipf, place_names, prefixes, name_kinds, frozenset(row[0] for row in _rows(countries, 1)))

    def place_tags(self, lows: list[str]) -> list[str]:
        """B/I tags of the longest place names found in a lowercased token sequence."""
        tags = [""] * len(lows)
        prefixes, places = self.place_prefixes, self.places
        end = 0  # the first token after the last match
        for i in compress(range(len(lows)), map(prefixes.__contains__, lows)):
            if i < end:
                continue
            name, j = lows[i], i + 1
            longest = 1 if name in places else 0
            while j < len(lows) and (name + " " + lows[j]) in prefixes:  # extend while a name may
                name, j = name + " " + lows[j], j + 1
                longest = j - i if name in places else longest
            if longest:
                tags[i : i + longest] = ["B"] + ["I"] * (longest - 1)
                end = i + longest
        return tags

    def common(self, low: str, band: str) -> bool:
        """The word is at least this common (Zipf band) in Indonesian or English."""
        return max(self.zipf.get(low, ("-",))) >= band  # "-" sorts before the digits


def _rows(path: Path, width: int) -> list[list[str]]:
    """Tab-separated rows of a gzipped table; none when it is absent (while it is being built)."""
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    return [r for r in rows if len(r) == width]
