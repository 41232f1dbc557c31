"""Build the language detector's list of Malayic words: words Indonesian or Malay text writes often
and no other language in wordfreq does (service/pipeline/backends/builtin/language.py).

Usage: .venv/bin/python scripts/build_language_words.py

fastText's lid.176 reads Title Case headlines and short, name-heavy sentences as English, Italian
or French ("IHSG Kebakaran di Sesi I, Anjlok 2%!" is Italian at 0.96), and puts too little mass on
Indonesian for the Malayic stage to run. Words such as "kebakaran" and "anjlok" settle it: a word
is listed when its Zipf frequency is at least MIN_ZIPF in Indonesian or Malay and under
OTHER_MAX_ZIPF in every other language wordfreq covers (Tagalog, Vietnamese and Turkish among
them, so "kaya", "di" and "ini" are not listed). Chosen once, not tuned: MIN_ZIPF 3 is about one
occurrence in a million words, OTHER_MAX_ZIPF 2 one in a hundred million.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import wordfreq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.pipeline.backends.builtin.language import MALAYIC_WORDS_PATH

MALAYIC = ("id", "ms")
# Chinese, Japanese and Korean need tokenizers wordfreq imports lazily; no Latin word is common there.
SKIPPED = ("zh", "ja", "ko")
MIN_ZIPF, OTHER_MAX_ZIPF = 3.0, 2.0
MIN_LENGTH = 3


def malayic_words() -> list[str]:
    others = [code for code in wordfreq.available_languages() if code not in MALAYIC + SKIPPED]
    candidates = {
        word
        for code in MALAYIC
        for word in wordfreq.get_frequency_dict(code)
        if word.isalpha() and len(word) >= MIN_LENGTH and wordfreq.zipf_frequency(word, code) >= MIN_ZIPF
    }
    return sorted(
        word
        for word in candidates
        if all(wordfreq.zipf_frequency(word, code) < OTHER_MAX_ZIPF for code in others)
    )


def main() -> None:
    words = malayic_words()
    # mtime=0: the same words give the same bytes, so a rebuild shows no change in git
    with gzip.GzipFile(MALAYIC_WORDS_PATH, "wb", compresslevel=9, mtime=0) as out:
        out.write(("\n".join(words) + "\n").encode("utf-8"))
    print(f"{len(words)} words -> {MALAYIC_WORDS_PATH} ({MALAYIC_WORDS_PATH.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
