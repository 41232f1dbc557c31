"""Vocabulary of the boilerplate rules: the labels, headers, prefixes and credits that mark a line
of a pasted news page as navigation, a teaser, a credit or a footer. Indonesian and English.

Written "a | b | c" to keep the lists compact; lower case, matched on lower-cased text (except
PHOTO_AGENCIES, whose acronyms match in capitals only).
"""

from __future__ import annotations

import re


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


def is_teaser(low: str) -> bool:
    """A lowercased line opens with a teaser's prefix, bracketed or not: "Baca juga: ...", "[Baca
    juga: Macet di Perempatan Mampang]" (5 IndoSum summaries carried the bracketed form)."""
    return low.lstrip("[(«<*•- ").startswith(TEASER_PREFIXES)


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

# Phrases that betray a footer, a credit or a call to action anywhere in a short line ("Sumber berita
# Gizmochina dan gambar header Pixabay.", DailySocial's closing credit). Cookies only as a site's
# notice names them: "Selling Girl Scout cookies." is a story's sentence (cnndm).
CTA_PHRASES = _phrase_tuple(
    """
    all rights reserved | hak cipta dilindungi | copyright © | copyright (c) | © | follow us on |
    ikuti kami di | click here | klik di sini | subscribe to our | sign up for our | newsletter |
    google news | whatsapp channel | saluran whatsapp | download the app | unduh aplikasi |
    cookie policy | cookie settings | cookie preferences | accept cookies | accept all cookies |
    use cookies | uses cookies | use of cookies | kebijakan cookie | pengaturan cookie | menggunakan cookie |
    sumber berita | gambar header | terms of use | privacy policy | kebijakan privasi | syarat dan
    ketentuan | share this | bagikan
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

# Words that, with numbers and punctuation, make up date / time stamp lines ("15 Jun 2024 : 02.02").
DATE_WORDS = frozenset(
    "jan feb mar apr mei may jun jul agu aug sep okt oct nov des dec januari februari maret april juni juli"
    " agustus september oktober november desember january february march june july august october december"
    " senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday thursday friday saturday sunday"
    " wib wita wit gmt utc am pm pukul jam ago lalu menit hari minute minutes hour hours day days".split()
)
