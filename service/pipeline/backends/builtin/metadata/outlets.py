"""Indonesian news outlets and the world's wire agencies: one canonical name per outlet, from any spelling or domain.

A small hand-kept table (names as the outlets write them on their own pages). Text names an outlet
in a dateline ("TRIBUNNEWS.COM -", "Jakarta (ANTARA News) -"), a credit ("(Tribunnews.com/Farrah
Putri)") or a byline; HTML pages through their site name or host.
"""

from __future__ import annotations

import re

# canonical name -> other spellings (matched case-insensitively) and domains.
OUTLETS: dict[str, tuple[str, ...]] = {
    "Antara": ("ANTARA News", "Antaranews", "antaranews.com", "AntaraKL", "Antara Foto", "LKBN Antara"),
    "iNews.id": ("iNews", "inews.id"),
    "Liputan6.com": ("Liputan6", "liputan6.com"),
    "Tribunnews.com": ("Tribunnews", "tribunnews.com", "Tribun"),
    "CNN Indonesia": ("CNNIndonesia", "cnnindonesia.com", "CNNIndonesia.com"),
    "CNBC Indonesia": ("cnbcindonesia.com", "CNBCIndonesia.com"),
    "Kompas.com": ("Kompas", "kompas.com", "Kompas.id", "kompas.id"),
    "Kompas TV": ("KompasTV", "kompas.tv"),
    "Detik.com": ("detikcom", "detik", "detiknews", "detikNews", "detikFinance", "detikSport", "detik.com"),
    "Kumparan": ("kumparan.com", "kumparanNEWS"),
    "Merdeka.com": ("Merdeka", "merdeka.com"),
    "Suara.com": ("suara.com",),
    "Okezone": ("Okezone.com", "okezone.com"),
    "Sindonews": ("SINDOnews.com", "sindonews.com", "Sindonews.com", "KORAN SINDO"),
    "Republika": ("Republika.co.id", "republika.co.id", "ROL", "Republika Online"),
    "Tempo": ("Tempo.co", "tempo.co", "TEMPO.CO", "Koran Tempo"),
    "JPNN.com": ("JPNN", "jpnn.com"),
    "Jawa Pos": ("JawaPos.com", "jawapos.com", "JawaPos"),
    "Bisnis.com": ("Bisnis", "bisnis.com", "Bisnis Indonesia"),
    "Kontan": ("Kontan.co.id", "kontan.co.id", "KONTAN"),
    "Katadata": ("Katadata.co.id", "katadata.co.id"),
    "IDN Times": ("IDNTimes", "idntimes.com"),
    "VIVA.co.id": ("VIVA", "viva.co.id", "VIVAnews"),
    "Pos Kota": ("Poskota", "poskotanews.com", "Poskotanews", "poskota.co.id"),
    "Rimanews": ("rimanews.com",),
    "JUARA.net": ("JUARA", "juara.net"),
    "BolaSport.com": ("BolaSport", "bolasport.com"),
    "Goal Indonesia": ("Goal", "goal.com"),
    "DailySocial": ("DailySocial.id", "dailysocial.id"),
    "Koran Jakarta": ("koran-jakarta.com", "Koran-Jakarta.com"),
    "Media Indonesia": ("mediaindonesia.com", "MI"),
    "Beritasatu": ("BeritaSatu.com", "beritasatu.com"),
    "Medcom.id": ("Medcom", "medcom.id", "Metrotvnews.com"),
    "Metro TV": ("MetroTV", "metrotvnews.com"),
    "Tirto.id": ("Tirto", "tirto.id"),
    "The Jakarta Post": ("Jakarta Post", "thejakartapost.com"),
    "Jakarta Globe": ("jakartaglobe.id",),
    "Pikiran Rakyat": ("pikiran-rakyat.com", "PR"),
    "Solopos": ("Solopos.com", "solopos.com"),
    "Harian Jogja": ("Harianjogja.com", "harianjogja.com"),
    "Suara Merdeka": ("suaramerdeka.com",),
    "Warta Kota": ("Wartakotalive.com", "wartakotalive.com"),
    "Serambi Indonesia": ("serambinews.com", "Serambinews.com"),
    "Inilah.com": ("Inilah", "inilah.com"),
    "Gatra": ("gatra.com",),
    "RRI": ("rri.co.id", "RRI.co.id"),
    "TVRI": ("tvrinews.com",),
    "Voi.id": ("VOI", "voi.id"),
    "CNN": ("CNN Business", "CNN International", "cnn.com"),
    # The wire agencies, as they sign a dateline in their own and their clients' languages.
    "Reuters": ("reuters.com", "رويترز", "ロイター", "路透", "路透社"),
    "AFP": ("Agence France-Presse", "أ ف ب", "أ.ف.ب", "AFP時事", "法新社"),
    "AP": ("Associated Press", "apnews.com", "美联社"),
    "dpa": ("Deutsche Presse-Agentur", "dpa.com", "د ب أ"),
    "dpa-AFX": ("dpa-AFX Wirtschaftsnachrichten",),
    "ANSA": ("Agenzia ANSA", "ansa.it"),
    "EFE": ("Agencia EFE", "efe.com"),
    "Europa Press": ("europapress.es",),
    "Agência Brasil": ("Agencia Brasil", "agenciabrasil.ebc.com.br"),
    "PAP": ("Polska Agencja Prasowa", "pap.pl"),
    "ANP": ("Algemeen Nederlands Persbureau",),
    "Belga": ("belga.be",),
    "TASS": ("ТАСС", "ИТАР-ТАСС", "ITAR-TASS", "tass.ru", "tass.com"),
    "RIA Novosti": ("РИА Новости", "ria.ru"),
    "Interfax": ("Интерфакс", "interfax.ru", "interfax.com"),
    "Anadolu": ("Anadolu Agency", "Anadolu Ajansı", "AA", "aa.com.tr"),
    "Xinhua": ("xinhuanet.com", "Xinhua News Agency", "新华社", "新華社"),
    "China News Service": ("中新社", "中新网", "chinanews.com", "chinanews.com.cn"),
    "Kyodo News": ("Kyodo", "共同", "共同通信", "kyodonews.net"),
    "Jiji Press": ("Jiji", "時事", "時事通信", "jiji.com"),
    "Yonhap": ("yna.co.kr", "Yonhap News Agency", "연합뉴스"),
    "Newsis": ("뉴시스", "newsis.com"),
    "News1": ("뉴스1", "news1.kr"),
    "CNA": ("Central News Agency", "中央社", "focustaiwan.tw"),
    "Bernama": ("bernama.com",),
    "PTI": ("Press Trust of India",),
    "ANI": ("Asian News International", "aninews.in"),
    "IANS": ("Indo-Asian News Service",),
    "VNA": ("TTXVN", "Vietnam News Agency", "vnanet.vn"),
    "TNA": ("Thai News Agency", "สำนักข่าวไทย"),
    "PNA": ("Philippine News Agency", "pna.gov.ph"),
    "WAFA": ("وفا", "wafa.ps"),
    "MENA": ("أ ش أ", "Middle East News Agency"),
    "KUNA": ("كونا", "Kuwait News Agency", "kuna.net.kw"),
    "WAM": ("وام", "Emirates News Agency", "wam.ae"),
    "QNA": ("قنا", "Qatar News Agency"),
}

# Two-letter and generic words that name an outlet only where the position says so (a dateline or
# a credit), never when matched as a free word.
_AMBIGUOUS = {"mi", "pr", "rol", "tribun", "goal", "bisnis", "merdeka", "ap", "viva", "voi"}
_AMBIGUOUS |= {"media indonesia", "koran jakarta"}  # "Media Indonesia ramai memberitakan ...": the press
# Agencies' short names that are names, parties or words too: "Ani", PTI and PAP (parties in Pakistan
# and Singapore), MENA (the region), "共同" ("joint"). Portugal's Lusa is left out: "lusa" is Indonesian
# for "the day after tomorrow", and a lone word before a dash counts as an outlet.
_AMBIGUOUS |= set("aa ani pti pap anp tna pna mena belga 共同 時事 路透".split())

_CANONICAL: dict[str, str] = {}
for _name, _spellings in OUTLETS.items():
    for _spelling in (_name, *_spellings):
        _CANONICAL[_spelling.casefold()] = _name

# An outlet written as its domain: "BANJARMASINPOST.CO.ID", "Tribunjateng.com".
_DOMAIN = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|co\.id|id|net|tv|co|org|news)", re.I
)


def normalise_outlet(name: str) -> str | None:
    """The canonical name of an outlet as written in a dateline, credit or page; None if not one."""
    key = " ".join(name.split()).strip(" .,:-").casefold()
    if not key:
        return None
    if key in _CANONICAL:
        return _CANONICAL[key]
    if key.startswith("www."):
        return normalise_outlet(key[4:])
    if _DOMAIN.fullmatch(key):
        # An outlet we do not list, named by its domain: as written ("Tribun-Timur.com"), or
        # capitalised when the dateline shouts it ("BANJARMASINPOST.CO.ID").
        written = " ".join(name.split()).strip(" .,:-")
        return key[0].upper() + key[1:] if written.isupper() else written
    return None


def outlet_alone(name: str) -> str | None:
    """normalise_outlet, for a name no position vouches for: None for the spellings that name an
    outlet only in a dateline or a credit ("MI", "PR", "Tribun")."""
    if " ".join(name.split()).casefold() in _AMBIGUOUS:
        return None
    return normalise_outlet(name)


def bracketed_outlet(name: str, *, dated: bool) -> str | None:
    """The outlet a dateline names in brackets: any listed spelling after a date ("New Delhi, Nov 24
    (PTI)"), where an ambiguous one ("PTI" is Pakistan's party too) needs no other voucher; else
    outlet_alone's."""
    return normalise_outlet(name) if dated else outlet_alone(name)


def multiword_names() -> list[str]:
    """The outlets' names and spellings of several words that name them wherever they appear in a
    text ("CNN Indonesia", "ANTARA News"), not those that are common phrases too ("Media Indonesia")."""
    return [
        form
        for canonical, spellings in OUTLETS.items()
        for form in (canonical, *spellings)
        if " " in form and form.casefold() not in _AMBIGUOUS
    ]


def outlet_from_host(host: str | None) -> str | None:
    """The outlet of a page from its host name ("www.tribunnews.com", "news.detik.com")."""
    if not host:
        return None
    parts = host.casefold().removeprefix("www.").split(".")
    for start in range(len(parts) - 1):  # news.detik.com -> detik.com
        name = _CANONICAL.get(".".join(parts[start:]))
        if name is not None:
            return name
    return None
