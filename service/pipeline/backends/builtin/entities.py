"""Built-in named-entity backend: a CRF (python-crfsuite) trained on IndoNLU NERGrit + NERP.

The feature function here is shared with `scripts/train_entities.py`, so training and serving
can never drift apart. Mentions found by the CRF are grouped per real-world thing with a few
generic rules (same normalised text, "Long Name (Abbr)", a surname alone).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path

import pycrfsuite

from service.pipeline.document import BackendInfo, Entity
from service.pipeline.entity_grouping import Span, group_mentions

DEFAULT_MODEL = Path(__file__).parent / "data" / "entities-crf.crfsuite"
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
new delhi|tel aviv|new york|los angeles|jawa barat|jawa tengah|jawa timur|sumatera utara|sumatera barat
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


PLACES, ORGS = _words(_PLACES), _words(_ORGS)
PERSON_CUES, ORG_CUES, LOC_CUES, SPEECH = (
    _words(_PERSON_CUES), _words(_ORG_CUES), _words(_LOC_CUES), _words(_SPEECH))
GAZ_PHRASES: dict[tuple[str, ...], str] = {
    **{p: "LOC" for p in _phrases(_PLACE_PHRASES)}, **{p: "ORG" for p in _phrases(_ORG_PHRASES)}}
GAZ_MAX = max(len(p) for p in GAZ_PHRASES)

# --- tokenizer -----------------------------------------------------------------------------

# Words split on hyphens/apostrophes like the IndoNLU data; acronyms with dots stay whole.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+|[^\w\s]", re.UNICODE)
_SENT_END = frozenset(".!?")


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
            if tok in _SENT_END or len(cur) >= MAX_SEQ_TOKENS:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        offset += len(line)
    return out


# --- features ------------------------------------------------------------------------------


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
        for n in range(min(GAZ_MAX, len(lows) - i), 1, -1):
            kind = GAZ_PHRASES.get(tuple(lows[i:i + n]))
            if kind:
                tags[i:i + n] = ["B" + kind] + ["I" + kind] * (n - 1)
                i += n
                break
        else:
            tags[i] = "BLOC" if lows[i] in PLACES else "BORG" if lows[i] in ORGS else ""
            i += 1
    return tags


def token_features(toks: list[str], cased: bool | None = None) -> list[list[str]]:
    """CRF features per token. Case features only where the sequence has case information
    (NERP is lowercased; without this it would teach the model that case means nothing)."""
    if cased is None:
        cased = _is_cased(toks)
    lows = [t.lower() for t in toks]
    cues = [_cue(w) for w in lows]
    gaz = _gazetteer(lows)
    n = len(toks)
    feats: list[list[str]] = []
    for i, (tok, low) in enumerate(zip(toks, lows, strict=True)):
        f = ["b", "w=" + low, "p3=" + low[:3], "s2=" + low[-2:], "s3=" + low[-3:],
             "len=" + str(min(len(low), 8)), "cue=" + cues[i], "gaz=" + gaz[i]]
        if not low.isalpha():
            f.append("digit" if any(c.isdigit() for c in low) else "punct")
        if cased:
            # Cased-only copies of the lexical features: cased (NERGrit-like) text may weigh words
            # differently from lowercased NERP text ("frustratingly easy" domain adaptation).
            f += ["C" + x for x in f[1:3]] + ["C" + x for x in f[5:8]]
            f += ["sh=" + _shape(tok), "title=" + str(tok[:1].isupper()), "upper=" + str(tok.isupper())]
            if tok[:1].isupper() and i == 0:
                f.append("title_bos")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f += [f"{d}w=" + lows[j], f"{d}cue=" + cues[j], f"{d}gaz=" + gaz[j]]
                if cased and abs(d) == 1:
                    f += [f"{d}sh=" + _shape(toks[j]), f"C{d}w=" + lows[j]]
            else:
                f.append(f"{d}w=" + ("BOS" if d < 0 else "EOS"))
        if i > 0:
            f.append("-1w|w=" + lows[i - 1] + "|" + low)
        if i + 1 < n:
            f.append("w|+1w=" + low + "|" + lows[i + 1])
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


def _is_cased(toks: list[str]) -> bool:
    return any(t != t.lower() for t in toks)


def _add_known_phrases(
    toks: list[str], gaz: list[str], chunks: list[tuple[int, int, str]], cased: bool
) -> list[tuple[int, int, str]]:
    """A capitalised multi-word lexicon name ("Dewan Keamanan PBB") the CRF missed or cut short
    replaces the chunks inside it."""
    for a, tag in enumerate(gaz):
        b = a + 1
        while b < len(gaz) and gaz[b] == "I" + tag[1:]:
            b += 1
        if not tag.startswith("B") or b - a < 2 or (cased and not _capital(toks[a])):
            continue
        if all((ca >= a and cb <= b) or cb <= a or ca >= b for ca, cb, _ in chunks):
            chunks = [c for c in chunks if c[1] <= a or c[0] >= b] + [(a, b, _GAZ_TYPE[tag[1:]])]
    return sorted(chunks)


_TITLE_WORDS = frozenset("""luar negeri dalam pertahanan keuangan agama utama pertama kedua senior muda
umum besar dan urusan foreign affairs state defense of the""".split())


def _titled_names(toks: list[str], gaz: list[str], chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"Presiden [Rusia] Vladimir Putin": capitalised words after a title (and an optional known
    place) are a person even when the CRF, not knowing the name, left them out."""
    covered = {i for a, b, _ in chunks for i in range(a, b)}
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
        while b < len(toks) and b - a < 4 and _capital(toks[b]) and not gaz[b] and _cue(toks[b].lower()) == "":
            b += 1
        if b > a and not covered.intersection(range(a, b)):
            chunks = [*chunks, (a, b, "PERSON")]
            covered.update(range(a, b))
    return sorted(chunks)


class CrfEntityRecognizer:
    info = BackendInfo(backend="builtin-crf", version="1", model="entities-crf (IndoNLU NERGrit+NERP)")

    def __init__(self, model_path: str | None = None) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path or DEFAULT_MODEL))
        self._labels = self._tagger.labels()
        self._lock = threading.Lock()  # a crfsuite Tagger holds per-call state

    def extract(self, text: str, language: str) -> list[Entity]:
        return group_mentions(text, self._spans(text), not_names=PLACES | ORGS)

    def _spans(self, text: str) -> list[Span]:
        out: list[Span] = []
        for seq in sequences(text):
            toks = [t for t, _, _ in seq]
            cased = _is_cased(toks)
            with self._lock:
                self._tagger.set(token_features(toks, cased))
                tags = self._tagger.tag()
                chunks = self._refine(toks, tags, cased)
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

    def _refine(self, toks: list[str], tags: list[str], cased: bool) -> list[tuple[int, int, str]]:
        """Trim lowercase edges in cased text ("kota Kharkiv") and split a known place/organisation
        glued to a name ("Korea Selatan Yoon Suk Yeol", "Kremlin Dmitry Peskov")."""
        gaz = _gazetteer([t.lower() for t in toks])
        out: list[tuple[int, int, str]] = []
        for a, b, kind in bio_spans(tags):
            if cased:
                while a < b and not _capital(toks[a]):
                    a += 1
                while b > a and not (_capital(toks[b - 1]) or toks[b - 1].isdigit()):
                    b -= 1
            if a < b:
                out += self._split_gazetteer(toks, gaz, a, b, kind)
        out = _add_known_phrases(toks, gaz, out, cased)
        return _titled_names(toks, gaz, out) if cased else out

    def _split_gazetteer(
        self, toks: list[str], gaz: list[str], a: int, b: int, kind: str
    ) -> list[tuple[int, int, str]]:
        if not gaz[a].startswith("B"):
            return [(a, b, kind)]
        e = a + 1
        while e < b and gaz[e] == "I" + gaz[a][1:]:
            e += 1
        gtype = _GAZ_TYPE[gaz[a][1:]]
        if e == b or (kind != gtype and kind != "PERSON"):
            return [(a, b, kind)]  # e.g. an organisation named after a country
        if kind == "PERSON":
            return [(a, e, gtype), (e, b, kind)]
        titled = a > 0 and toks[a - 1].lower() in PERSON_CUES  # "Presiden Korsel Yoon Suk Yeol"
        rest = "PERSON" if titled else self._best_type(e, b, exclude=gtype, allow_o=not _capital(toks[e]))
        return [(a, e, kind)] + ([(e, b, rest)] if rest else [])

    def _best_type(self, a: int, b: int, exclude: str, allow_o: bool) -> str | None:
        """The most probable other entity type for tokens a..b (marginals); None if O wins and a
        capitalised remainder does not make it a name anyway."""
        mass: Counter[str] = Counter()
        for label in self._labels:
            kind = label.partition("-")[2] or "O"
            if kind != exclude:
                mass[kind] += sum(self._tagger.marginal(label, i) for i in range(a, b))
        best = max((k for k in mass if k != "O"), key=mass.__getitem__, default=None)
        return best if best and (not allow_o or mass[best] > mass["O"]) else None

