"""Line-level rules that keep a pasted news page's real paragraphs and drop the rest.

A page copied from a browser arrives as one block per line: menus, headlines of related
articles, captions, credits, share buttons and the article's paragraphs. Each line is judged
by its shape (is it prose?) and by vocabulary (is it a known navigation/credit pattern?), with a
little state for list sections ("Berita Trending" followed by its items) and "Baca Juga" teasers.
Vocabulary is Indonesian and English. Everything is pure Python and cheap to import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# --- vocabulary -----------------------------------------------------------------------------------
# Written "a | b | c" to keep the lists compact; lower case, matched on lower-cased text
# (except PHOTO_AGENCIES, see _AGENCY).


def _phrase_tuple(phrases: str) -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in phrases.split("|") if p.strip())


def _phrase_set(phrases: str) -> frozenset[str]:
    return frozenset(_phrase_tuple(phrases))


# Whole-line labels of widgets and buttons (compared after lower-casing and trimming punctuation).
# They are never a paragraph on their own, whatever their shape.
NAV_LINES = _phrase_set(
    """
    a | aa | a+ | a- | loading | loading... | memuat | advertisement | advertisment | ads | iklan |
    sponsored | share | bagikan | share this | share this article | tweet | print | cetak | email |
    copy link | salin link | salin tautan | comments | komentar | facebook | twitter | whatsapp |
    telegram | line | linkedin | pinterest | subscribe | langganan | follow | follow us | ikuti kami
    | sign in | sign up | log in | login | masuk | daftar | register | menu | home | beranda |
    search | cari | close | tutup | next | previous | prev | selanjutnya | sebelumnya | back to top
    | kembali ke atas | top | more | lainnya | show more | lihat semua | lihat selengkapnya |
    selengkapnya | read more | baca selengkapnya | continue reading | scroll to continue with
    content | scroll untuk melanjutkan | video | foto | photo | gallery | galeri | infografis |
    sentimen | informasi tambahan | partai terkait | tokoh terkait | isu terkait | topik | topics |
    tags | tag | advertorial | skip to content | skip to main content | newsletter | listen |
    dengarkan | play
    """
)

# Headers that open a block of teaser headlines (related / trending / recommended / tags). The
# header and the short headline-like lines after it go; the first real paragraph ends the block.
LIST_HEADERS = _phrase_set(
    """
    berita trending | trending | trending now | berita terkait | artikel terkait | terkait | berita
    lainnya | berita lain | artikel lainnya | baca juga | lihat juga | simak juga | rekomendasi |
    rekomendasi untuk anda | populer | terpopuler | berita populer | berita terpopuler | paling
    populer | terkini | berita terkini | berita terbaru | terbaru | pilihan redaksi | pilihan editor
    | editor's picks | editors' picks | tag terkait | topik terkait | related | related articles |
    related stories | related news | related content | related coverage | read also | read next |
    see also | more stories | more from | more news | most popular | most read | popular |
    recommended | recommended for you | you may also like | you might also like | top stories |
    latest news | latest | in other news | what to read next | further reading | sponsored stories |
    more on this story | around the web | don't miss | jangan lewatkan | must read | berita terkini selengkapnya | video pilihan | video
    terkait | foto terkait | tags | tag | topics | topik
    """
)

# Bare headers followed by exactly one teaser headline on the next line ("Baca Juga" / <headline>);
# that next line goes even when it looks like a sentence ("Ada Agenda Apa?"), unless it is long.
TEASER_HEADERS = _phrase_set(
    """
    baca juga | baca | lihat juga | simak juga | read also | also read | read more | see also |
    related | read next | recommended | baca selengkapnya | tonton juga
    """
)

TEASER_MAX_WORDS = 25

# Line openings that mark a teaser, a call to action or a credit even inside a long line
# ("Baca juga: <headline>", "Read more: ..."). Matched case-insensitively at the line start.
TEASER_PREFIXES = _phrase_tuple(
    """
    baca juga | baca: | lihat juga | simak juga | tonton juga | saksikan juga | simak video |
    saksikan video | tonton video | baca selengkapnya | baca berita | artikel lain terkait | artikel
    terkait | berita terkait | artikel lainnya | read more | read also | read next | related: |
    related article | related story | see also | also read | recommended: | watch: | watch video |
    listen to | click here | klik di sini | klik disini | follow us | ikuti kami | ikuti berita |
    dapatkan berita | dapatkan update | cek berita | download aplikasi | unduh aplikasi | sign up
    for | subscribe to | subscribe now | advertisement | iklan | scroll to continue | scroll untuk |
    tag terkait | tags: | tag: | topik: | topics: | infografis | arsip foto | foto: | foto : |
    photo: | photo : | image: | gambar: | caption: | keterangan foto | sumber foto | photograph: |
    illustration: | video: | see more: | don't miss | jangan lewatkan
    """
)

# "Label: value" lines naming who made the article or metadata of a monitoring tool. The label
# is matched at the start; the line is dropped only when short, so prose that starts with
# "Sumber: ..." and goes on for a paragraph survives.
CREDIT_LABELS = _phrase_tuple(
    """
    editor | redaktur | penulis | reporter | pewarta | wartawan | kontributor | penyunting | editing
    | author | authors | written by | by | oleh | sumber | source | sources | credit | credits |
    copyright | hak cipta | jenis media | kab/kota | kota | provinsi | sentimen | sentiment | media
    | tanggal | date | published | updated | diperbarui | dipublikasikan | diterbitkan | posted |
    laporan wartawan | laporan reporter
    """
)

# Phrases that betray a footer or a call to action anywhere in a short line.
CTA_PHRASES = _phrase_tuple(
    """
    all rights reserved | hak cipta dilindungi | copyright © | copyright (c) | © | follow us on |
    ikuti kami di | click here | klik di sini | subscribe to our | sign up for our | newsletter |
    google news | whatsapp channel | saluran whatsapp | download the app | unduh aplikasi | cookie |
    terms of use | privacy policy | kebijakan privasi | syarat dan ketentuan | share this | bagikan
    artikel | stay up to date | unsubscribe | activation link
    """
)

# Trailing parenthesised credits of photo captions and bylines: "(Liputan6.com/Trieyasni)",
# "(Vladimir Smirnov, Sputnik, Kremlin Pool Photo via AP)", "(AFP)", "(Image: GETTY)".
PHOTO_AGENCIES = _phrase_tuple(
    """
    AFP | AP | Reuters | Getty | Getty Images | ANTARA | ANTARA FOTO | Xinhua | Shutterstock |
    Istimewa | Dok | Dokumentasi | Photo | Foto | Pool | Bloomberg | KCNA | Image | Credit | Courtesy
    """
)

# Openers of the reader-comments / author-box area that follows an article. Once the article has
# begun, nothing after one of these is the article (comments are prose too, so shape can't tell).
COMMENTS_OPENER = re.compile(
    r"^(?:\[?\s*\d+\s+(?:comments?|responses?|replies|komentar)\b"
    r"|(?:top rated|all|view|show|load|read|post|add|leave an?|write an?|join the|\d+)\s+(?:\w+\s+)?"
    r"(?:comments?|reply|replies|responses?|discussion|conversation)\b"
    r"|comments?\s*(?:\(\d+\)|\d+)?$|comments are closed|leave a reply|komentar\s*(?:\(\d+\))?$"
    r"|(?:tulis|beri|kirim|lihat semua|tampilkan) komentar|about the author|tentang penulis)",
    re.IGNORECASE,
)
COMMENTS_MIN_WORDS = 80  # paragraph words that must come before an opener for it to end the article

# --- shapes ---------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*$|[.!?…]\s*\)$|["”’»]$""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# Words that, with numbers and punctuation, make up date / time stamp lines ("15 Jun 2024 : 02.02").
_DATE_WORDS = frozenset(
    "jan feb mar apr mei may jun jul agu aug sep okt oct nov des dec januari februari maret april juni juli"
    " agustus september oktober november desember january february march june july august october december"
    " senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday thursday friday saturday sunday"
    " wib wita wit gmt utc am pm pukul jam ago lalu menit hari minute minutes hour hours day days".split()
)
_TOKEN = re.compile(r"[^\W_]+")
_PAREN_LINE = re.compile(r"^\([^()]{1,80}\)\.?$")
_CREDIT_TAIL = re.compile(r"\(([^()]{2,120})\)\.?$")
_SLASH_CREDIT = re.compile(r"[A-Za-z][\w.]*\s*/\s*[A-Z][a-z]")
# Acronyms match in capitals only ("AP", not "ap"); words in any case ("GETTY", "Photo").
_AGENCY = re.compile(
    r"\b(?:"
    + "|".join(re.escape(a) if a.isupper() else f"(?i:{re.escape(a)})" for a in PHOTO_AGENCIES)
    + r")\b"
)
# A teaser link tagged in brackets: "China furious at Macron for Hong Kong protest jibe [INSIGHT]".
_TEASER_TAG = re.compile(r"\[[A-Z][A-Z ]{2,15}\]\W*$")
# A cookie / consent notice.
_COOKIE = re.compile(
    r"\bcookies?\b.*\b(?:site|website|browser|consent|experience|situs|peramban|pengalaman|setuju)\b"
    r"|\b(?:site|website|situs)\b.*\bcookies?\b",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^(?:[-–—•*·▪►>]+\s*|\d{1,2}[.)]?\s+)")
# A caption credit glued to the first sentence: "Foto: ANTARA/HO KCNAIstanbul - Sejumlah ...".
_GLUED_CREDIT = re.compile(
    r"^(?i:foto|photo|image|gambar|sumber foto)\s*:\s*(?P<credit>.{2,80}?)"
    r"(?P<rest>(?:[A-Z][a-z]+(?: [A-Z][a-z]+)*|[A-Z]{3,}(?: [A-Z]{3,})*)(?:,\s*[\w.]+)?\s+[-–—]\s+\S.*)$"
)
_WS = re.compile(r"\s+")
# Bylines and time stamps: "oleh Tommy K. Rony diperbarui 15 Sep 2023, 21:34 WIB", "By Jane Doe".
_BYLINE = re.compile(r"^(?:by|oleh|penulis|reporter|written by|posted by)\s+[A-Z]", re.IGNORECASE)
_TIMESTAMP = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:WIB|WITA|WIT|GMT|UTC|[AP]\.?M\.?|ET|EST|EDT|PST|PDT|CET|BST)\b"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    re.IGNORECASE,
)
BYLINE_MAX_WORDS = 15  # a byline or time stamp line is short
COOKIE_MAX_WORDS = 60  # a cookie notice is a few sentences; an article about cookies is longer
# Where two inline texts were pasted without a space: "...Student-AthleteA 24-year-old woman ...".
_GLUE = re.compile(r"(?<=[a-z?!’”)])(?=[A-Z][a-z]*\s)")
_LIST_HEADER_PREFIXES = tuple(h + " " for h in LIST_HEADERS)

MIN_PROSE_WORDS = 4
MIN_PROSE_CHARS = 25
LONG_UNPUNCTUATED_WORDS = 25  # a paragraph this long is kept even without final punctuation
SHORT_LINE_WORDS = 20  # footer/CTA phrases only count on lines up to this length
TITLE_CASE_RATIO = 0.8  # share of capitalised words (>= 4 letters) that makes a line a headline
PROSE_SCORE_CAP = 30  # a paragraph adds its word count, up to this, to its region's score
GAP_PENALTY = 6.0  # each non-paragraph line costs this much plus GAP_WORD_PENALTY per word
GAP_WORD_PENALTY = 0.25
DROP_WEIGHT = 2.0  # boilerplate lines weigh this much more than other non-paragraph lines
EXTEND_MAX_GAP = 3  # the region also takes a paragraph this many lines away from its edge...
EXTEND_MIN_WORDS = 12  # ...when it has at least this many words
WRAP_MIN_WORDS = 5  # a line this long ending mid-sentence may continue on the next line
DEDUPE_MIN_WORDS = 12  # a repeated line this long, ending like a sentence, is kept once
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _norm(line: str) -> str:
    return _WS.sub(" ", line).strip().casefold()


def _label(line: str) -> str:
    """The line lower-cased with surrounding punctuation trimmed, for the vocabulary lookups."""
    return _norm(line).strip(" \t:|-–—•·*>»«()[]")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _word_count(line: str) -> int:
    """Words, counting two CJK characters as one word (those scripts have no spaces)."""
    return len(_words(line)) + len(_CJK.findall(line)) // 2


def _is_date_or_number(line: str) -> bool:
    """Only numbers, date/time words and punctuation: a time stamp, a counter, a page number."""
    return all(t.isdigit() or t in _DATE_WORDS for t in _TOKEN.findall(line.casefold()))


def is_headline_like(line: str) -> bool:
    """Title Case with no full stop: a headline or a teaser link, not a paragraph."""
    if line.rstrip(" \"'”’").endswith("."):
        return False
    long_words = [w for w in _words(line) if len(w) >= 4]
    if len(long_words) < 3:  # too few words to tell: short lines count as headline-like
        return True
    caps = sum(1 for w in long_words if w[0].isupper())
    return caps / len(long_words) >= TITLE_CASE_RATIO


def is_prose(line: str) -> bool:
    """A paragraph: several words, long enough, ending like a sentence (or simply long)."""
    words = _words(line)
    if len(words) >= LONG_UNPUNCTUATED_WORDS and not is_headline_like(line):
        return True
    if len(words) < MIN_PROSE_WORDS or len(line) < MIN_PROSE_CHARS:
        return False
    if not _SENTENCE_END.search(line):
        return False
    return not (len(words) <= 15 and is_headline_like(line))


def is_glued_teaser(line: str) -> bool:
    """A teaser card: a Title Case headline glued without a space to its summary sentence."""
    for m in _GLUE.finditer(line, 0, 160):
        head = line[: m.start()]
        long_words = [w for w in _words(head) if len(w) >= 4]
        if len(long_words) >= 4 and not _SENTENCE_END.search(head) and is_headline_like(head):
            return True
    return False


def split_glued_credit(line: str) -> str:
    """Drop a photo credit glued in front of the first sentence; return the sentence."""
    m = _GLUED_CREDIT.match(line)
    if m and is_prose(m.group("rest")):
        return m.group("rest")
    return line


def is_credit_tail(line: str) -> bool:
    """A caption or byline ending with a parenthesised photo/agency credit."""
    m = _CREDIT_TAIL.search(line)
    if not m:
        return False
    inner = m.group(1)
    return bool(_SLASH_CREDIT.search(inner) or _AGENCY.search(inner))


def is_boilerplate(line: str) -> bool:
    """Vocabulary and shape rules that drop a line whatever the prose test says."""
    label = _label(line)
    if not label or label in NAV_LINES or label in LIST_HEADERS:
        return True
    if _is_date_or_number(line) or _PAREN_LINE.match(line):
        return True
    low = _norm(line)
    if low.startswith(TEASER_PREFIXES):
        return True
    words = _words(line)
    if len(words) <= SHORT_LINE_WORDS:
        if any(p in low for p in CTA_PHRASES):
            return True
        head, sep, _ = low.partition(":")
        if sep and head.strip() in CREDIT_LABELS:
            return True
    if len(words) <= BYLINE_MAX_WORDS and not _SENTENCE_END.search(line):
        if _BYLINE.match(line) or _TIMESTAMP.search(line):
            return True
    if _TEASER_TAG.search(line) or (len(words) <= COOKIE_MAX_WORDS and _COOKIE.search(line)):
        return True
    return is_credit_tail(line)


def _is_list_header(line: str) -> bool:
    label = _label(line)
    return label in LIST_HEADERS or (label.startswith(_LIST_HEADER_PREFIXES) and len(_words(line)) <= 4)


DROP, PROSE, OTHER = 0, 1, 2  # line kinds: boilerplate, paragraph, other text (heading, list item)


def classify(lines: list[str], titles: Sequence[str | None] = ()) -> list[int]:
    """One kind per line; stateful for list sections and "Baca Juga" teasers."""
    title_keys = {_norm(t) for t in titles if t}
    kinds: list[int] = []
    in_list = False  # inside a block of teaser headlines opened by a list header
    skip_teaser = False  # the previous line was a bare "Baca Juga": this one is its headline
    for line in lines:
        kind = DROP
        if skip_teaser and len(_words(line)) <= TEASER_MAX_WORDS:
            skip_teaser = False
        elif _is_list_header(line):
            in_list = True
            skip_teaser = _label(line) in TEASER_HEADERS
        elif not (_norm(line) in title_keys or is_boilerplate(line)):
            skip_teaser = False
            prose = is_prose(line)
            # Teaser items are short headlines (maybe bulleted or numbered); a paragraph ends the list.
            if in_list and (_LIST_ITEM.match(line) or not prose or is_headline_like(line)):
                pass
            else:
                in_list = False
                kind = PROSE if prose and not is_glued_teaser(line) else OTHER
        kinds.append(kind)
    return kinds


def main_region(lines: list[str], kinds: list[int]) -> tuple[int, int]:
    """[start, end) of the densest run of paragraphs: maximum-sum run of per-line scores."""
    best, best_span = 0.0, (0, 0)
    run, start = 0.0, 0
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        n = _word_count(line)
        score: float
        if kind == PROSE:
            score = min(n, PROSE_SCORE_CAP)
        else:
            score = -(GAP_PENALTY + GAP_WORD_PENALTY * n) * (DROP_WEIGHT if kind == DROP else 1.0)
        if run <= 0:
            run, start = 0.0, i
        run += score
        if run > best:
            best, best_span = run, (start, i + 1)
    return _extend(lines, kinds, *best_span)


def _extend(lines: list[str], kinds: list[int], start: int, end: int) -> tuple[int, int]:
    """Widen the region over small gaps (a byline, a caption) to paragraphs just outside it."""
    if start == end:
        return start, end

    def solid(i: int) -> bool:
        return kinds[i] == PROSE and len(_words(lines[i])) >= EXTEND_MIN_WORDS

    moved = True
    while moved:
        moved = False
        for gap in range(EXTEND_MAX_GAP + 1):
            j = start - 1 - gap
            if j >= 0 and solid(j) and all(k != PROSE for k in kinds[j + 1 : start]):
                start, moved = j, True
                break
        for gap in range(EXTEND_MAX_GAP + 1):
            j = end + gap
            if j < len(lines) and solid(j) and all(k != PROSE for k in kinds[end:j]):
                end, moved = j + 1, True
                break
    return start, end


def _cut_comments(lines: list[str], kinds: list[int]) -> tuple[list[str], list[int]]:
    """Drop everything from the comments opener that follows the article's paragraphs."""
    words = 0
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if words >= COMMENTS_MIN_WORDS and len(line) < 80 and COMMENTS_OPENER.match(line):
            return lines[:i], kinds[:i]
        if kind == PROSE:
            words += len(_words(line))
    return lines, kinds


def _is_dedupable(line: str) -> bool:
    """Only full sentences repeat by accident (a page pasted twice); short items repeat on purpose."""
    return len(_words(line)) >= DEDUPE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _join_wrapped(lines: list[str]) -> list[str]:
    """Re-join a paragraph hard-wrapped over several lines (a line ending mid-sentence, the next
    starting with a lower-case word), so it is judged, and returned, as one paragraph."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            line[:2].isalpha()
            and line[:2].islower()
            and len(_words(prev)) >= WRAP_MIN_WORDS
            and not _SENTENCE_END.search(prev)
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def _drop_repeats(lines: list[str]) -> list[str]:
    """Keep the first copy of a repeated paragraph.

    A long sentence is dropped on its own; a short one only inside a repeated block (next to a
    dropped long one), since short items (list entries, "Meal 1") may repeat on purpose.
    """
    keys = [_norm(line) for line in lines]
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        first.setdefault(key, i)
    repeat = [first[k] != i for i, k in enumerate(keys)]
    long_dup = [r and _is_dedupable(line) for r, line in zip(repeat, lines, strict=True)]
    n = len(lines)

    def short_dup(i: int) -> bool:
        near = (i > 0 and long_dup[i - 1]) or (i + 1 < n and long_dup[i + 1])
        return repeat[i] and bool(_SENTENCE_END.search(lines[i])) and near

    return [line for i, line in enumerate(lines) if not (long_dup[i] or short_dup(i))]


def clean_lines(text: str, titles: Sequence[str | None] = (), *, region: bool = True) -> list[str]:
    """Keep the paragraphs of `text` (one block per line), in order, each once; drop `titles` lines.

    `region` (pasted pages): keep only the densest run of paragraphs, which drops comments, footers
    and teaser blurbs away from the article, and within it the other text lines too (subheadings,
    list items). Without it (text already extracted from HTML) every non-boilerplate line is kept.
    """
    lines = _join_wrapped([s for s in (split_glued_credit(raw.strip()) for raw in text.splitlines()) if s])
    kinds = classify(lines, titles)
    lines, kinds = _cut_comments(lines, kinds)
    start, end = main_region(lines, kinds) if region else (0, len(lines))
    kept = [line for line, kind in zip(lines[start:end], kinds[start:end], strict=True) if kind != DROP]
    return _drop_repeats(kept)


def clean_text(text: str, titles: Sequence[str | None] = (), *, region: bool = True) -> str:
    return "\n".join(clean_lines(text, titles, region=region))
