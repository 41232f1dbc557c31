"""A dateline's day and month, in the languages whose wire services date their datelines.

English writes the month first ("BRUSSELS, March 4 (Reuters) -", "NEW YORK, Nov. 12, 2024 (AP) --");
the others the day first, the month often in lower case or in its genitive ("MADRID, 24 nov (Reuters)",
"WARSZAWA, 24 listopada (PAP)", "МОСКВА, 24 ноября — РИА Новости"), German with a dot after the day
("24. November"). A regex fragment: the callers anchor it, and it has no unbounded repeats.
"""

from __future__ import annotations

_MONTH_NAMES = {
    "en": "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec",
    "id": "januari februari pebruari maret mei juni juli agustus oktober nopember desember agu agt okt nop des",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre "
    "diciembre ene abr ago dic",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "janv févr fév avr juil déc",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro "
    "fev set out dez",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre "
    "gen mag giu lug ott",
    "de": "januar jänner februar märz april mai juni juli august september oktober november dezember",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december mrt",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
    "grudnia",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
}
# Longest first, so the alternation tries "sept" before "sep".
_WORDS = sorted({w for names in _MONTH_NAMES.values() for w in names.split()}, key=len, reverse=True)
# A month word ends where the letters do ("mar" is not "marzo" cut short); an abbreviation may take a dot.
_DAY_FIRST_MONTH = rf"(?i:{'|'.join(_WORDS)})(?![^\W\d_])\.?"
# Month first, English and (as the old rule read it) Indonesian stems: "March 4", "Nov. 12, 2024".
_MONTH_FIRST = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Januari|Februari|Maret|Mei|Juni|Juli|"
    r"Agustus|Oktober|Desember|Agu|Okt|Des)[a-z]{0,6}\.?"
)
MONTH_DAY = (
    rf"(?:{_MONTH_FIRST} \d{{1,2}}(?:,? \d{{4}})?"  # "March 4", "Nov. 12, 2024"
    rf"|\d{{1,2}}\.? {_DAY_FIRST_MONTH}(?:,? \d{{4}})?)"  # "4 Maret", "24 nov", "24. November 2024"
)
