"""Which Malayic language a text is in: Indonesian, Malay, Javanese, Sundanese or Minangkabau.

Stage 2 of the built-in language cascade (language.py): fastText's lid.176 tells the group from the
rest of the world well but splits it badly (it calls most Malay and all Minangkabau Indonesian), so
inside the group a small multinomial logistic regression decides. Trained by
scripts/train_language.py; the featuriser lives here and the script imports it, so training and
serving cannot drift. Features, all but the last additive over word tokens (so serving caches one
logit row per word, as the sentiment model does):
  - the word itself (for words the training sentences show in more than one source or language);
  - how much more often Malay than Indonesian writes the word, from wordfreq's large-corpus
    frequency lists (log ratio, clipped): the few thousand training sentences cannot know that
    "epal", "haiwan" or "pasport" are Malay, wordfreq's subtitles and web text can;
  - how Malay the word's spelling looks to lingua's character models, trained on a million news
    sentences per language (log-odds, clipped; a table written at training time, lingua is not
    run here): wordfreq's Malay lists come from other genres than its Indonesian ones, so news
    words ("tersebut", "prestasi") read as Indonesian there; lingua's news-vs-news view corrects
    part of it (development splits, Malay recall at the calibrated prior: 0.835 / 0.795 / 0.808
    with it, 0.816 / 0.778 / 0.808 without);
  - stage 1's log-probabilities for the five languages, mapped onto [0, 1];
  - the hand-picked marker words of language.py, per language (without them UDHR's Sundanese,
    which writes "sing saha bae", came out Javanese).
In-word character grams were tried and dropped: on the development split they learnt the topics
of the few training documents and cost Malay recall (0.80 against 0.85 at the same Indonesian
false-Malay rate). Tried later, cross-validated by NTREX document on the training rows (Indonesian
against Malay, Malay recall at 0.6 % of each IndoNLU calibration set called Malay; 0.786 with these
features): word bigrams 0.789, char 1-4-grams 0.766, the table values as 0.5-nat bins 0.794 (but
summed like the words, the bins grow with length and handed long Indonesian articles to
Minangkabau), lingua's whole-text Indonesian-vs-Malay log-odds 0.781. The operating point is the
limit: the binned model reaches 0.85 at 1 % and 0.91 at 2 %, and part of IndoNLU's top-scoring
"Indonesian" is Malaysian chat (SmSA) or English (NERP).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from service.pipeline.backends.builtin.common_words import common_words

MODEL_PATH = Path(__file__).parent / "data" / "language-malayic.json.gz"
LANGUAGES = ("id", "ms", "jv", "su", "min")
# Stage-1 probabilities below this are all "not considered": lid.176's top-10 rarely goes lower.
FASTTEXT_FLOOR = 1e-4
_LOG_FLOOR = math.log(FASTTEXT_FLOOR)
MARKER_LANGUAGES = ("id", "ms", "jv", "su")
MARKER_CAP = 8.0  # language.EVIDENCE_CAP
# Distinct words whose logit rows are cached besides prefill()'s, which stay (~150 bytes an entry:
# ~8 MB at most).
CACHE_SIZE = 50_000
# Zipf band of the Indonesian words whose rows prefill() makes (common_words.py): the group's texts
# are mostly Indonesian news. A row is cheap to make (~4 µs) but ~250 bytes to keep: band 3 would
# keep 31k (~8 MB) to save a new worker well under 0.1 ms an article; band 4 keeps 7.6k.
PREFILL_BAND = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def tokens(text: str) -> list[str]:
    """Lowercase letter words; hyphenated forms ("kanak-kanak") stay whole, digits are dropped."""
    return _WORD.findall(text.lower())


def stage1_features(stage1: Mapping[str, float]) -> dict[str, float]:
    """Stage 1's view of the five languages: log-probabilities floored at FASTTEXT_FLOOR and mapped
    onto [0, 1] (raw, their scale slowed the solver ten-fold)."""
    return {
        f"f:{code}": 1 - math.log(max(stage1.get(code, 0.0), FASTTEXT_FLOOR)) / _LOG_FLOOR
        for code in LANGUAGES
    }


def word_ratio(token: str, ratios: Mapping[str, float]) -> float:
    """A word's Malay-vs-Indonesian log-odds in a table (`ratios` or `spellings`); the mean of its
    parts' for an unknown compound."""
    if token in ratios:
        return ratios[token]
    parts = token.split("-")
    if len(parts) > 1:
        return sum(ratios.get(part, 0.0) for part in parts) / len(parts)
    return 0.0


def marker_features(markers: Mapping[str, float]) -> dict[str, float]:
    """The marker words' weight per language (language.marker_sums, capped at 8), onto [0, 1]."""
    return {f"m:{code}": markers.get(code, 0.0) / MARKER_CAP for code in MARKER_LANGUAGES}


def features(
    text: str,
    stage1: Mapping[str, float],
    ratios: Mapping[str, float],
    markers: Mapping[str, float],
    spellings: Mapping[str, float],
) -> dict[str, float]:
    """Feature values of `text`: words ("w:"), the summed wordfreq ratio ("r") and lingua's
    spelling log-odds ("l"), scaled by 1 / sqrt(word count); stage 1's view ("f:"); the marker
    words ("m:")."""
    toks = tokens(text)
    scale = 1 / math.sqrt(max(len(toks), 1))
    counts: Counter[str] = Counter("w:" + t for t in toks)
    out = {f: n * scale for f, n in counts.items()}
    out["r"] = sum(word_ratio(t, ratios) for t in toks) * scale
    out["l"] = sum(word_ratio(t, spellings) for t in toks) * scale
    out.update(stage1_features(stage1))
    out.update(marker_features(markers))
    return out


def in_holdout(key: str, percent: int = 30) -> bool:
    """Fixed hold-out membership by content hash (of the text, or of the document id for news
    sentences, so no document straddles the split): training and bench agree on it."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


class MalayicModel:
    """The trained regression, read from MODEL_PATH; well under 0.1 ms per article once its words
    are cached."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            model = json.load(fh)
        if tuple(model["languages"]) != LANGUAGES:
            raise ValueError(f"model languages {model['languages']} differ from {LANGUAGES}")
        self.ratios: dict[str, float] = model["ratios"]
        self.spellings: dict[str, float] = model["spellings"]
        weights: dict[str, list[float]] = model["weights"]
        self._words = {f[2:]: np.asarray(w) for f, w in weights.items() if f.startswith("w:")}
        self._ratio_row = np.asarray(weights["r"])
        self._spelling_row = np.asarray(weights["l"])
        self._stage1_rows = np.array([weights[f"f:{code}"] for code in LANGUAGES])
        self._marker_rows = np.array([weights[f"m:{code}"] for code in MARKER_LANGUAGES])
        self.bias = np.asarray(model["bias"], dtype=np.float64)
        self._cache: dict[str, np.ndarray] = {}
        self._kept: dict[str, np.ndarray] = {}  # prefill()'s rows: they stay when the cache is full

    def prefill(self) -> None:
        """Rows for the common Indonesian words made now and kept: a worker's warm-up."""
        for token in tokens(" ".join(common_words("id", PREFILL_BAND))):
            self._row(token)
        self._kept = dict(self._cache)

    def probabilities(
        self, text: str, stage1: Mapping[str, float], markers: Mapping[str, float]
    ) -> dict[str, float]:
        """P(language | text, in the group) for the five languages; `markers` as language.marker_sums."""
        toks = tokens(text)
        rows = [self._row(tok) for tok in toks]
        # One numpy call over all rows: adding them one by one costs ~1 µs a word.
        total = np.sum(rows, axis=0) if rows else np.zeros(len(LANGUAGES))
        logits = total / math.sqrt(max(len(toks), 1)) + self.bias
        logits += np.array(list(stage1_features(stage1).values())) @ self._stage1_rows
        logits += np.array(list(marker_features(markers).values())) @ self._marker_rows
        exp = np.exp(logits - logits.max())
        probs = exp / exp.sum()
        return {code: float(p) for code, p in zip(LANGUAGES, probs, strict=True)}

    def _row(self, token: str) -> np.ndarray:
        """A word's whole effect on the logits per occurrence (before the length scaling), cached."""
        row = self._cache.get(token)
        if row is None:
            row = word_ratio(token, self.ratios) * self._ratio_row
            row = row + word_ratio(token, self.spellings) * self._spelling_row
            if (w := self._words.get(token)) is not None:
                row = row + w
            if len(self._cache) - len(self._kept) >= CACHE_SIZE:
                self._cache = dict(self._kept)
            self._cache[token] = row
        return row
