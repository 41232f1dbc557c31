"""Features of the builtin sentiment model, shared by serving and scripts/train_sentiment.py so that
training and serving cannot drift.

The features are additive over sentences and tokens on purpose: a text's vector is the sum of one
vector per token (its word and in-word character grams) and one per word bigram, movement pair and
"!" or "?" inside a sentence, times 1 / (NORM * sqrt(token count)). A linear model of a sum is a sum of per-feature logit rows, so
serving sums each sentence's rows once and scores any span of sentences (a sentence, a paragraph
chunk, the whole text) from those sums, with no second pass over the text. On SmSA this scaling
scores as well as the usual sublinear tf + per-row L2 norm, which cannot be split by token (3-fold
CV macro-F1 0.842 for both).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from itertools import pairwise

from service.pipeline.text import split_sentences, words

CHAR_NGRAMS = (2, 3, 4, 5)  # within "<token>": spelling variants, affixes, SmSA's tokenisation
# A token yields ~10 character grams and one word; weighting the grams 1/3 keeps them from swamping
# the words. With NORM it fixes the feature scale the regularisation strengths were tuned at (SmSA
# 3-fold CV: C=10 best of 3, 10, 30; headlines 5-fold CV: grams weighted 0.2 / 1/3 / 0.5 gave
# accuracy 0.822 / 0.826 / 0.823).
CHAR_WEIGHT = 1 / 3
NORM = 10.0
_DIGITS = re.compile(r"\d")

# Finance headlines turn on what moves which way: "Dolar Turun" is good news for Indonesia and
# "Laba Turun" bad, "Rupiah Menguat" good and "Inflasi Naik" bad. Bigrams see only adjacent words
# and miss "Laba Pakuwon Jati (PWON) Melorot". So every word of a clause is paired with the direction
# of each movement word in it ("laba<down": "laba" before a fall), the movement word's own synonyms
# pooled into one direction, a negator before it flipping it ("gagal menguat"). Headlines 5-fold CV
# (LinearSVC proxy, 3 seeds): accuracy 0.830 -> 0.841 with the pairs, 0.844 with the marks below.
RISES = frozenset(
    """
    naik menaik kenaikan menguat penguatan kuat melonjak lonjakan lonjak melesat melejit terbang meroket
    roket melambung tumbuh bertumbuh pertumbuhan meningkat peningkatan bangkit kebangkitan rebound
    menanjak menghijau hijau perkasa bertambah mendaki terkerek kerek mengerek dongkrak mendongkrak
    didongkrak membaik pulih pemulihan ekspansi tertinggi melompat lompat ngegas ngacir moncer melaju
    naiknya meninggi mengangkasa terangkat angkat melebar tembus menembus rekor cetak
    """.split()
)
FALLS = frozenset(
    """
    turun menurun penurunan turunnya melemah pelemahan lemah anjlok ambruk ambles amblas jatuh merosot
    melorot terkoreksi koreksi longsor rontok terjun terjungkal tumbang ambyar memerah merah terpuruk
    tertekan susut menyusut penyusutan berkurang minus loyo lesu keok lunglai terperosok tersungkur
    kebakaran terendah jeblok nyungsep drop ambrol kandas pangkas memangkas dipangkas terpangkas melandai
    landai menipis tergerus gerus tergelincir terkapar terseret kontraksi menciut ciut tekor boncos
    ambruknya anjloknya
    """.split()
)
MOVES = RISES | FALLS
NEGATORS = frozenset("tidak tak belum gagal batal bukan enggan ogah sulit".split())
# Clause breaks inside a sentence: a headline's parts ("Dolar Turun, Rupiah Menguat") move apart.
_CLAUSE = re.compile(r"[,;:!?|]|\s[-\u2013\u2014]\s")
# "!" and "?" mark a headline's tone: "Ada Apa?" is rarely good news, "Breaking!" rarely neutral.
MARKS = "!?"
# Weights of a pair and of a mark against a word's 1 (headlines 5-fold CV, see train_sentiment.py).
PAIR_WEIGHT = 1.0
MARK_WEIGHT = 1.0
# Word-vector features ("e:<word>", one per token): the news head's weights on vectors learned from
# unlabelled news (scripts/sentiment_vectors.py), exported as one row per word. Headlines 5-fold CV
# accuracy (seeds 13 / 7): without 0.8417 / 0.8397, weight 3 0.8442 / 0.8466, weight 10 0.8426 / 0.8435.
VECTOR_WEIGHT = 3.0
# Per feature kind (the prefix letter), the factor on its counts: the scale the heads were tuned at.
KIND_WEIGHTS = {"w": 1.0, "b": 1.0, "x": CHAR_WEIGHT, "d": PAIR_WEIGHT, "p": MARK_WEIGHT, "e": VECTOR_WEIGHT}


def tokens(text: str) -> list[str]:
    """Word tokens as the model sees them: lowercase, digits folded, the "-nya" clitic reattached.

    SmSA is pre-tokenised with "nya" split off ("tempat nya"); news writes "tempatnya".
    """
    out: list[str] = []
    for tok in words(_DIGITS.sub("0", text)):
        if tok == "nya" and out:
            out[-1] += "nya"
        else:
            out.append(tok)
    return out


def direction_pairs(sentence: str, sentence_tokens: list[str]) -> list[str]:
    """The sentence's movement pairs: "<word><<direction>" for a word before a movement word of its
    clause, "<word>><direction>" after it, and "^<direction>" for the movement itself (directions
    "up" and "down"). Most sentences move nothing, and the set test skips them at C speed."""
    if MOVES.isdisjoint(sentence_tokens):
        return []
    pairs: list[str] = []
    for clause in _CLAUSE.split(sentence):
        toks = tokens(clause)
        for i, tok in enumerate(toks):
            if tok not in MOVES:
                continue
            rising = (tok in RISES) != (i > 0 and toks[i - 1] in NEGATORS)
            direction = "up" if rising else "down"
            pairs.append("^" + direction)
            pairs.extend(f"{w}<{direction}" for w in toks[:i] if w not in MOVES)
            pairs.extend(f"{w}>{direction}" for w in toks[i + 1 :] if w not in MOVES)
    return pairs


def char_grams(token: str) -> list[str]:
    """Character grams of "<token>" (the marks make prefixes and suffixes their own grams)."""
    marked = f"<{token}>"
    return [marked[i : i + n] for n in CHAR_NGRAMS for i in range(len(marked) - n + 1)]


def scale(token_count: int) -> float:
    """The factor every feature count of a span of `token_count` tokens is multiplied by."""
    return 1 / (NORM * math.sqrt(max(token_count, 1)))


def features(text: str) -> dict[str, float]:
    """Feature values before idf: word unigrams ("w:"), word bigrams within a sentence ("b:"),
    in-word character grams ("x:"), movement pairs within a clause ("d:", `direction_pairs`), the
    marks "!" and "?" ("p:") and each token again for its word vector ("e:"), counted, weighted by
    KIND_WEIGHTS and scaled by `scale`."""
    counts: Counter[str] = Counter()
    n_tokens = 0
    for sentence in split_sentences(text):
        toks = tokens(sentence.text)
        n_tokens += len(toks)
        counts.update("w:" + t for t in toks)
        counts.update("e:" + t for t in toks)
        counts.update("b:" + a + " " + b for a, b in pairwise(toks))
        counts.update("x:" + g for t in toks for g in char_grams(t))
        counts.update("d:" + p for p in direction_pairs(sentence.text, toks))
        counts.update("p:" + c for c in sentence.text if c in MARKS)
    factor = scale(n_tokens)
    return {f: n * KIND_WEIGHTS[f[0]] * factor for f, n in counts.items()}


def in_holdout(text: str, percent: int = 15) -> bool:
    """Fixed hold-out membership by content hash: the training script, the bench and the tests agree
    on it, and duplicate texts always fall on the same side."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16) % 100 < percent


def headline_in_holdout(text: str) -> bool:
    """`in_holdout` for the CNBC headlines, keyed on the lowercase words: the set repeats a few
    headlines with other capitals or quotes ("Buka-Bukaan" / "Buka-bukaan"), and those must fall
    on the same side."""
    return in_holdout(" ".join(words(text)))
