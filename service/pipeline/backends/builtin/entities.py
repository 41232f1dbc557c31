"""Built-in named-entity backend: a CRF (python-crfsuite) trained on IndoNLU NERGrit + NERP.

The feature function here is shared with `scripts/train_entities.py`, so training and serving
can never drift apart. Besides words, affixes, shapes and small lexicons, features include word
clusters (bit strings in data/entities-clusters.tsv.gz) learned from the training text, and a
lexicon from outside the training data: how common a word is in Indonesian and English
(wordfreq) and world place names (GeoNames). Mentions found by the CRF are grouped per
real-world thing with a few generic rules (same normalised text, "Long Name (Abbr)", a surname
alone).
"""

from __future__ import annotations

import gzip
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from service.pipeline.document import BODY, Article, BackendInfo, Entity
from service.pipeline.entity_grouping import Span, group_mentions

DEFAULT_MODEL = Path(__file__).parent / "data" / "entities-crf.crfsuite"
DEFAULT_CLUSTERS = Path(__file__).parent / "data" / "entities-clusters.tsv.gz"
DEFAULT_WORD_FREQ = Path(__file__).parent / "data" / "entities-wordfreq.tsv.gz"
DEFAULT_PLACES = Path(__file__).parent / "data" / "entities-places.txt.gz"
MAX_SEQ_TOKENS = 80  # CRF cost is linear, but short sequences keep marginals sharp

# --- small hand-compiled lexicons (features, not overrides) -------------------------------

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
_ORGS = """
pbb un nato asean uni eropa eu who imf unesco unicef opec g20 wto interpol reuters afp ap antara
yonhap kcna xinhua tass ria bbc cnn bloomberg kompas tempo kremlin pentagon kpk dpr mpr dpd tni polri
kpu bawaslu mk ma bpk bi ojk bumn pertamina pln golkar pdip gerindra demokrat nasdem pkb pks pan
fbi cia google microsoft apple facebook meta amazon samsung toyota
"""
_ORG_PHRASES = """
gedung putih|white house|dewan keamanan|dewan keamanan pbb|security council|un security council|uni eropa|european union|bank dunia|world bank
perserikatan bangsa|united nations|bank indonesia|al jazeera|associated press|the guardian
"""
# Words that announce a person ("Presiden X") or an organisation ("PT X", "Kementerian X").
_PERSON_CUES = """
presiden president wapres wakil menteri minister menlu perdana pm pemimpin leader juru bicara jubir
spokesman spokeswoman gubernur governor bupati wali walikota kepala ketua chairman direktur director
ceo jenderal general kolonel letnan kapten panglima raja king ratu queen pangeran prince sultan
pak bu bapak ibu tuan nyonya mr mrs ms dr prof haji hj kh ustaz pastor paus pope senator anggota
diktator dubes duta besar ambassador sekjen sekretaris secretary
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
GAZ_PHRASES: dict[tuple[str, ...], str] = {
    **{p: "LOC" for p in _phrases(_PLACE_PHRASES)},
    **{p: "ORG" for p in _phrases(_ORG_PHRASES)},
}
GAZ_MAX = max(len(p) for p in GAZ_PHRASES)
GAZ_FIRST = frozenset(p[0] for p in GAZ_PHRASES)  # most words start no phrase: skip the lookups

# --- tokenizer -----------------------------------------------------------------------------

# Words split on hyphens/apostrophes like the IndoNLU data; acronyms with dots and site names
# ("Kompas.com", a frequent source mention) stay whole.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:\.(?:com|co|id|net|org|go|ac|or)\b)+|\w+|[^\w\s]", re.UNICODE)
_SENT_END = frozenset(".!?")


_ABBREVIATIONS = frozenset("dr drs ir prof st jl no h hj kh mr mrs ms vs".split())


def _abbreviation(cur: list[tuple[str, int, int]]) -> bool:
    """A "." right after an initial or a title ("h. m. prasetyo", "Dr. Siti") ends no sentence."""
    return (
        len(cur) > 1
        and cur[-1][0] == "."
        and (cur[-2][0].lower() in _ABBREVIATIONS or (len(cur[-2][0]) == 1 and cur[-2][0].isalpha()))
    )


def tokenize(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def sequences(text: str) -> list[list[tuple[str, int, int]]]:
    """Short token sequences: one per line, cut again at sentence ends and at MAX_SEQ_TOKENS."""
    out: list[list[tuple[str, int, int]]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        cur: list[tuple[str, int, int]] = []
        for tok, s, e in tokenize(line):
            cur.append((tok, s + offset, e + offset))
            if (tok in _SENT_END and not _abbreviation(cur)) or len(cur) >= MAX_SEQ_TOKENS:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        offset += len(line)
    return out


# --- features ------------------------------------------------------------------------------

# Word clusters (bit-string paths) learned by scripts/train_entities.py from the training text:
# they let a rare name share weight with frequent words used the same way.
CLUSTER_PREFIXES = (4, 6, 10, 16)
_CACHE_MAX = 200_000  # per-word feature lists kept between calls; cleared when full


def load_clusters(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh if "\t" in line)


@dataclass(frozen=True)
class Lexicon:
    """Word knowledge from outside the small training set, for words it never saw: a common
    Indonesian or English word ("Semboyan", "Bersama") capitalised is seldom a name, a word in
    neither list often is. `zipf`: word -> (Indonesian, English) Zipf band, "3".."6" or
    "-"; `places`: lowercased, token-joined world place names."""

    zipf: dict[str, tuple[str, str]]
    places: frozenset[str]
    place_starts: frozenset[str]  # first words of the names: most tokens start none
    longest_place: int

    @classmethod
    def load(cls, word_freq: Path = DEFAULT_WORD_FREQ, places: Path = DEFAULT_PLACES) -> Lexicon:
        zipf: dict[str, tuple[str, str]] = {}
        if word_freq.exists():
            with gzip.open(word_freq, "rt", encoding="utf-8") as fh:
                for line in fh:
                    word, zid, zen = line.rstrip("\n").split("\t")
                    zipf[word] = (zid, zen)
        names: frozenset[str] = frozenset()
        if places.exists():
            with gzip.open(places, "rt", encoding="utf-8") as fh:
                names = frozenset(line.rstrip("\n") for line in fh if line.strip())
        starts = frozenset(n.split(" ", 1)[0] for n in names)
        return cls(zipf, names, starts, max((n.count(" ") + 1 for n in names), default=1))

    def place_tags(self, lows: list[str]) -> list[str]:
        """B/I tags of the longest place names found in a lowercased token sequence."""
        tags = [""] * len(lows)
        i = 0
        while i < len(lows):
            longest = min(self.longest_place, len(lows) - i) if lows[i] in self.place_starts else 0
            for n in range(longest, 0, -1):
                if " ".join(lows[i : i + n]) in self.places:
                    tags[i : i + n] = ["B"] + ["I"] * (n - 1)
                    i += n
                    break
            else:
                i += 1
        return tags


def _shape(tok: str) -> str:
    s = re.sub(r"[A-Z]+", "X", re.sub(r"[a-z]+", "x", re.sub(r"\d+", "d", tok)))
    return s[:4]


def _cue(low: str) -> str:
    if low in PERSON_CUES:
        return "per"
    if low in ORG_CUES:
        return "org"
    if low in LOC_CUES:
        return "loc"
    if low in SPEECH:
        return "say"
    return ""


def _gazetteer(lows: list[str]) -> list[str]:
    """B-/I- gazetteer tags from longest multi-word matches, then single words."""
    tags = [""] * len(lows)
    i = 0
    while i < len(lows):
        longest = min(GAZ_MAX, len(lows) - i) if lows[i] in GAZ_FIRST else 1
        for n in range(longest, 1, -1):
            kind = GAZ_PHRASES.get(tuple(lows[i : i + n]))
            if kind:
                tags[i : i + n] = ["B" + kind] + ["I" + kind] * (n - 1)
                i += n
                break
        else:
            tags[i] = "BLOC" if lows[i] in PLACES else "BORG" if lows[i] in ORGS else ""
            i += 1
    return tags


_GAZ_TAGS = ("", "BLOC", "ILOC", "BORG", "IORG")
_OFFSETS = (-2, -1, 1, 2)
_GAZ_FEAT = {d: {g: f"{d}gaz={g}" for g in _GAZ_TAGS} for d in (0, *_OFFSETS)}
_PLACE_FEAT = {d: {g: f"{d}geo={g}" for g in ("", "B", "I")} for d in (-1, 0, 1)}
_EDGE = {d: [f"{d}w=" + ("BOS" if d < 0 else "EOS")] for d in _OFFSETS}


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


_EVERYTHING = _Everything()  # while training, every feature is passed on


class _Word:
    """Everything about one token that does not depend on its neighbours, as feature strings."""

    __slots__ = ("ctx", "low", "own", "plain")

    def __init__(
        self, tok: str, cased: bool, clusters: dict[str, str], lexicon: Lexicon, known: frozenset[str] | None
    ) -> None:
        low = self.low = tok.lower()
        cue = _cue(low)
        path = clusters.get(low, "")
        zid, zen = lexicon.zipf.get(low, ("-", "-"))
        title = str(tok[:1].isupper())
        own = [
            "b",
            "w=" + low,
            "p3=" + low[:3],
            "s2=" + low[-2:],
            "s3=" + low[-3:],
            "len=" + str(min(len(low), 8)),
            "cue=" + cue,
        ]
        own += [f"c{n}=" + path[:n] for n in CLUSTER_PREFIXES] if path else ["c=none"]
        own += ["zid=" + zid, "zen=" + zen, "zidT=" + zid + title]
        if not low.isalpha():
            own.append("digit" if any(c.isdigit() for c in low) else "punct")
        if cased:
            # Cased-only copies of the lexical features: cased (NERGrit-like) text may weigh words
            # differently from lowercased NERP text ("frustratingly easy" domain adaptation).
            own += ["C" + x for x in own[1:3]] + ["C" + x for x in own[5:7]]
            own += ["sh=" + _shape(tok), "title=" + title, "upper=" + str(tok.isupper())]
        self.own = _only(own, known)
        self.ctx: dict[int, list[str]] = {}
        for d in _OFFSETS:
            f = [f"{d}w=" + low, f"{d}cue=" + cue, f"{d}c6=" + path[:6]]
            if abs(d) == 1:
                f.append(f"{d}zid=" + zid + title)
            if cased and abs(d) == 1:
                f += [f"{d}sh=" + _shape(tok), f"C{d}w=" + low, f"{d}title=" + title]
            self.ctx[d] = _only(f, known)
        # the same with the (usual) "not in a lexicon" tag appended: one list op less per use
        self.plain = {d: [*self.ctx.get(d, self.own), _GAZ_FEAT[d][""]] for d in (0, *_OFFSETS)}


def _only(feats: list[str], known: frozenset[str] | None) -> list[str]:
    """Features the model has weights for: the rest cost crfsuite a lookup and change nothing."""
    return feats if known is None else [f for f in feats if f in known]


class Featurizer:
    """CRF features per token, with per-word parts cached (feature building dominates extract())."""

    def __init__(
        self, clusters: dict[str, str], lexicon: Lexicon, known: frozenset[str] | None = None
    ) -> None:
        """`known`: the attributes a trained model has weights for (None while training)."""
        self.clusters = clusters
        self.lexicon = lexicon
        self.known = known
        self._cache: dict[tuple[str, bool], _Word] = {}

    def _word(self, tok: str, cased: bool) -> _Word:
        w = self._cache.get((tok, cased))
        if w is None:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            w = self._cache[(tok, cased)] = _Word(tok, cased, self.clusters, self.lexicon, self.known)
        return w

    def __call__(
        self, toks: list[str], cased: bool | None = None, gaz: list[str] | None = None
    ) -> list[list[str]]:
        """Case features only where the sequence has case information (NERP is lowercased;
        without this it would teach the model that case means nothing)."""
        if cased is None:
            cased = _is_cased(toks)
        words = [self._word(t, cased) for t in toks]
        lows = [w.low for w in words]
        gaz = gaz or _gazetteer(lows)
        geo = self.lexicon.place_tags(lows)
        known = self.known if self.known is not None else _EVERYTHING
        n = len(toks)
        feats: list[list[str]] = []
        for i, w in enumerate(words):
            f = w.plain[0][:] if not gaz[i] else [*w.own, _GAZ_FEAT[0][gaz[i]]]
            f.append(_PLACE_FEAT[0][geo[i]])
            f.append(_PLACE_FEAT[-1][geo[i - 1]] if i > 0 else "-1geo=BOS")
            f.append(_PLACE_FEAT[1][geo[i + 1]] if i + 1 < n else "1geo=EOS")
            for d in _OFFSETS:
                j = i + d
                if not 0 <= j < n:
                    f += _EDGE[d]
                elif gaz[j]:
                    f += words[j].ctx[d]
                    f.append(_GAZ_FEAT[d][gaz[j]])
                else:
                    f += words[j].plain[d]
            # word pairs: most are unseen in training, so only known ones are passed on
            if i > 0 and (pair := "-1w|w=" + lows[i - 1] + "|" + w.low) in known:
                f.append(pair)
            if i + 1 < n and (pair := "w|+1w=" + w.low + "|" + lows[i + 1]) in known:
                f.append(pair)
            if cased and i == 0 and toks[0][:1].isupper():
                f.append("title_bos")
            feats.append(f)
        return feats


# --- decoding and grouping -----------------------------------------------------------------


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last+1, type) chunks from BIO tags; a stray I- starts a new chunk (conlleval)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if kind and (prefix != "I" or t != kind):
            spans.append((start, i, kind))
            kind = ""
        if prefix == "B" or (prefix == "I" and not kind):
            start, kind = i, t
    return spans


_GAZ_TYPE = {"LOC": "LOCATION", "ORG": "ORGANIZATION"}
_HYPHEN_TAIL = re.compile(r"[-‐](?!nya\b)[a-z]\w*")


def _capital(tok: str) -> bool:
    return tok[:1].isupper()


def _loose_edge(tok: str) -> bool:
    """A chunk start to trim in cased text: a lowercase preposition or "kota" ("kota Kharkiv").
    Other lowercase words and punctuation stay, as NERGrit annotates them ("desa Tegalwaru",
    "kecamatan Jaken", "Persatuan Sepak bola Indonesia"): trimming them cost held-out F1."""
    return tok in _TRIM_WORDS


_TRIM_WORDS = frozenset("di ke dari pada oleh dan kota".split())
_NAME_JOINERS = frozenset(
    """of for the and on at in de del della da das do dos du des la le el van von der den
zu und y e bin binti al bint ibn & dan untuk""".split()
)
_COMMON_ZIPF = "5"  # Zipf band: a word used at least once in 100,000 words


def _is_cased(toks: list[str]) -> bool:
    return any(t != t.lower() for t in toks)


def _add_known_phrases(
    toks: list[str], gaz: list[str], chunks: list[tuple[int, int, str]], cased: bool
) -> list[tuple[int, int, str]]:
    """A capitalised multi-word lexicon name ("Dewan Keamanan PBB") the CRF missed or cut short
    replaces the chunks inside it; so does a lone known organisation it missed ("Reuters
    reported ...", sentence-initial)."""
    for a, tag in enumerate(gaz):
        b = a + 1
        while b < len(gaz) and gaz[b] == "I" + tag[1:]:
            b += 1
        if not tag.startswith("B") or (cased and not _capital(toks[a])):
            continue
        if b - a < 2 and (tag != "BORG" or not cased or any(ca <= a < cb for ca, cb, _ in chunks)):
            # one known organisation word alone counts only capitalised and unclaimed ("Reuters")
            continue
        if all((ca >= a and cb <= b) or cb <= a or ca >= b for ca, cb, _ in chunks):
            chunks = [c for c in chunks if c[1] <= a or c[0] >= b] + [(a, b, _GAZ_TYPE[tag[1:]])]
    return sorted(chunks)


_TITLE_WORDS = frozenset(
    """luar negeri dalam pertahanan keuangan agama utama pertama kedua senior muda
umum besar dan urusan foreign affairs state defense of the""".split()
)


def _titled_names(
    toks: list[str], gaz: list[str], chunks: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """ "Presiden [Rusia] Vladimir Putin": capitalised words after a title (and an optional known
    place) are a person even when the CRF, not knowing the name, left them out or cut it up
    ("Wakil Menteri Luar Negeri Kim [Hong]-kyun")."""
    for i, tok in enumerate(toks[:-1]):
        if tok.lower() not in PERSON_CUES or not _capital(tok):
            continue
        a = i + 1
        while a < len(toks) and (toks[a].lower() in _TITLE_WORDS or toks[a].lower() in PERSON_CUES):
            a += 1  # "Menteri Luar Negeri ..."
        if a < len(toks) and gaz[a] == "BLOC":
            a += 1
            while a < len(toks) and gaz[a] == "ILOC":
                a += 1
        b = a
        while (
            b < len(toks) and b - a < 4 and _capital(toks[b]) and not gaz[b] and _cue(toks[b].lower()) == ""
        ):
            b += 1
        # Held-out errors to avoid: one word ("Menteri Pertanian", "Bupati Berau"), acronyms
        # ("Kepala BPD"), and a run that only retypes what the CRF already found.
        if b - a < 2 or any(t.isupper() for t in toks[a:b]):
            continue
        overlap = [c for c in chunks if c[0] < b and c[1] > a]
        if all(a <= ca and cb <= b and cb - ca < b - a for ca, cb, _ in overlap):
            chunks = [c for c in chunks if c not in overlap] + [(a, b, "PERSON")]
    return sorted(chunks)


def _lexicon_types(gaz: list[str], chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A lone known place or organisation is no person ("Sementara itu, Kremlin tidak ...")."""
    return [
        (a, b, _GAZ_TYPE[gaz[a][1:]]) if kind == "PERSON" and b - a == 1 and gaz[a] else (a, b, kind)
        for a, b, kind in chunks
    ]


def _join_name_tails(gaz: list[str], chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A person chunk directly followed by another chunk (no word between) that is no known name
    is one name the CRF broke: "Kim" + "Hong-kyun" (PERSON + LOCATION) is "Kim Hong-kyun"."""
    out: list[tuple[int, int, str]] = []
    for a, b, kind in sorted(chunks):
        if out and out[-1][2] == "PERSON" and out[-1][1] == a and not gaz[a]:
            out[-1] = (out[-1][0], b, "PERSON")
        else:
            out.append((a, b, kind))
    return out


def _repeated_mentions(text: str, spans: list[Span]) -> list[Span]:
    """One sense per document: a capitalised name found once, or a found person's surname, is a
    mention wherever else it appears ("Campbell pun berjanji ..." after "Kurt Campbell")."""
    names: dict[str, Span] = {}
    for sp in spans:
        if sp.text[:1].isupper():
            names.setdefault(sp.text, sp)
        last = sp.text.split()[-1]
        if sp.type == "PERSON" and " " in sp.text and len(last) > 2 and last[:1].isupper():
            names.setdefault(last, sp)
    names = {
        k: sp
        for k, sp in names.items()
        if k.lower() not in PERSON_CUES and (sp.text == k or k.lower() not in NOT_NAMES)
    }
    if not names:
        return []
    taken = bytearray(len(text))  # one flag per character already inside a mention
    for sp in spans:
        taken[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
    alternatives = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    extra: list[Span] = []
    for m in re.finditer(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", text):
        if not any(taken[m.start() : m.end()]):
            sp = names[m.group()]
            extra.append(Span(m.group(), m.start(), m.end(), sp.type, sp.score))
    return extra


class CrfEntityRecognizer:
    info = BackendInfo(backend="builtin-crf", version="2", model="entities-crf (IndoNLU NERGrit+NERP)")

    def __init__(self, model_path: str | None = None, clusters_path: str | None = None) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path or DEFAULT_MODEL))
        known = frozenset(attr for attr, _ in self._tagger.info().state_features)
        clusters = load_clusters(Path(clusters_path or DEFAULT_CLUSTERS))
        self._features = Featurizer(clusters, Lexicon.load(), known)
        self._lock = threading.Lock()  # a crfsuite Tagger holds per-call state

    def __call__(self, article: Article) -> list[Entity]:
        return self.extract(article[BODY], article.language_code)

    def extract(self, text: str, language: str) -> list[Entity]:
        spans = self._spans(text)
        return group_mentions(text, spans + _repeated_mentions(text, spans), not_names=NOT_NAMES)

    def _spans(self, text: str) -> list[Span]:
        out: list[Span] = []
        for seq in sequences(text):
            toks = [t for t, _, _ in seq]
            cased = _is_cased(toks)
            gaz = _gazetteer([t.lower() for t in toks])
            with self._lock:
                self._tagger.set(self._features(toks, cased, gaz))
                tags = self._tagger.tag()
                chunks = self._refine(toks, tags, cased, gaz)
                scores = [self._score(tags, a, b) for a, b, _ in chunks]
            for (a, b, kind), score in zip(chunks, scores, strict=True):
                start, end = seq[a][1], seq[b - 1][2]
                tail = _HYPHEN_TAIL.match(text, end)  # "Kim Jong-un": the CRF often stops at "-"
                end = tail.end() if tail else end
                out.append(Span(text[start:end], start, end, kind, score))
        return out

    def _score(self, tags: list[str], a: int, b: int) -> float:
        """Mean marginal probability of the decoded labels over the chunk."""
        return sum(self._tagger.marginal(tags[i], i) for i in range(a, b)) / (b - a)

    def _refine(
        self, toks: list[str], tags: list[str], cased: bool, gaz: list[str]
    ) -> list[tuple[int, int, str]]:
        """Trim lowercase edges in cased text ("kota Kharkiv") and split a known place/organisation
        glued to a name ("Korea Selatan Yoon Suk Yeol", "Kremlin Dmitry Peskov")."""
        out: list[tuple[int, int, str]] = []
        chunks = bio_spans(tags)
        if cased:
            chunks = [part for chunk in chunks for part in self._split_at_common_words(toks, *chunk)]
        for a, b, kind in chunks:
            if cased:
                while a < b and _loose_edge(toks[a]):
                    a += 1
                while b > a and not (_capital(toks[b - 1]) or toks[b - 1].isdigit()):
                    b -= 1  # "White House said"
            if a < b:
                out += self._split_gazetteer(toks, gaz, a, b, kind)
        out = _add_known_phrases(toks, gaz, _lexicon_types(gaz, out), cased)
        return _titled_names(toks, gaz, _join_name_tails(gaz, out)) if cased else out

    def _split_at_common_words(
        self, toks: list[str], a: int, b: int, kind: str
    ) -> list[tuple[int, int, str]]:
        """In cased text a common lowercase word inside a chunk ends the name: "Biden met Prime
        Minister Kishida" is two. Joiners that names do contain ("Bank of America", "Museo del
        Prado", "Sepak bola") are spared: they are in _NAME_JOINERS or not that common."""
        parts: list[tuple[int, int, str]] = []
        start = a
        for i in range(a + 1, b - 1):
            if toks[i - 1] != "-" and self._common_word(toks[i]):  # "Pulau-pulau Batu" stays whole
                parts.append((start, i, kind))
                start = i + 1
        return [*parts, (start, b, kind)]

    def _common_word(self, tok: str) -> bool:
        if not tok.isalpha() or not tok.islower() or tok in _NAME_JOINERS:
            return False
        return max(self._features.lexicon.zipf.get(tok, ("-",))) >= _COMMON_ZIPF  # "-" sorts first

    def _split_gazetteer(
        self, toks: list[str], gaz: list[str], a: int, b: int, kind: str
    ) -> list[tuple[int, int, str]]:
        """Split a known place/organisation off a person chunk ("Kremlin Dmitry Peskov") or off a
        titled name ("Presiden Korsel Yoon Suk Yeol"). Anything else stays whole: on held-out data
        "Papua Selatan", "jakarta pusat" or "Kompas TV" are one name far more often than two."""
        if not gaz[a].startswith("B"):
            return [(a, b, kind)]
        e = a + 1
        while e < b and gaz[e] == "I" + gaz[a][1:]:
            e += 1
        if e < b and (_after_title(toks, a) or kind == "PERSON"):
            return [(a, e, _GAZ_TYPE[gaz[a][1:]]), (e, b, "PERSON")]
        return [(a, b, kind)]


def _after_title(toks: list[str], a: int) -> bool:
    """Token a follows a person title, possibly a long one ("Wakil Menteri Luar Negeri")."""
    j = a - 1
    while j >= 0 and toks[j].lower() in _TITLE_WORDS:
        j -= 1
    return j >= 0 and toks[j].lower() in PERSON_CUES
