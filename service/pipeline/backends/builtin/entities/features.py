"""CRF features per token. Shared with scripts/train_entities*.py, so training and serving can
never drift apart.

Besides words, affixes, shapes and the lexicons, features include word clusters (bit strings
learned from the training text) that let a rare name share weight with frequent words used the
same way. Per-word parts are cached: feature building dominates extract().
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from service.pipeline.backends.builtin.entities.lexicons import Lexicon, cue, gazetteer

CLUSTER_PREFIXES = (4, 6, 10, 16)
_CACHE_MAX = 200_000  # per-word feature lists kept between calls; cleared when full
GAZ_TAGS = ("", "BLOC", "ILOC", "BORG", "IORG")
OFFSETS = (-2, -1, 1, 2)
GAZ_FEAT = {d: {g: f"{d}gaz={g}" for g in GAZ_TAGS} for d in (0, *OFFSETS)}
PLACE_FEAT = {d: {g: f"{d}geo={g}" for g in ("", "B", "I")} for d in (-1, 0, 1)}
EDGE = {d: [f"{d}w=" + ("BOS" if d < 0 else "EOS")] for d in OFFSETS}
PLACE_EDGE = {-1: "-1geo=BOS", 1: "1geo=EOS"}
PAIR_BEFORE, PAIR_AFTER = "-1w|w=", "w|+1w="  # + the two lowercased words joined by "|"
TITLE_BOS = "title_bos"  # a cased sequence starting with a capital


def load_clusters(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh if "\t" in line)


def is_cased(toks: list[str]) -> bool:
    return any(t != t.lower() for t in toks)


_DIGITS, _LOWER, _UPPER = re.compile(r"\d+"), re.compile(r"[a-z]+"), re.compile(r"[A-Z]+")


def _shape(tok: str) -> str:
    return _UPPER.sub("X", _LOWER.sub("x", _DIGITS.sub("d", tok)))[:4]


_LENT = {
    d: (*(f"{d}{k}=" for k in ("w", "cue", "c6", "zid", "nm", "sh")), f"C{d}w=", f"{d}title=")
    for d in OFFSETS
}
_CLUSTER_PREFIX = tuple((f"c{n}=", n) for n in CLUSTER_PREFIXES)
_LENGTH = tuple(f"len={n}" for n in range(9))


def word_features(
    tok: str, cased: bool, clusters: dict[str, str], lexicon: Lexicon
) -> tuple[list[str], dict[int, list[str]]]:
    """A token's features that do not depend on its neighbours: its own, and what it lends a
    token at each offset in OFFSETS (the gazetteer and place tags are added per sequence)."""
    low = tok.lower()
    kind = cue(low)
    path = clusters.get(low, "")
    zid, zen = lexicon.zipf.get(low, ("-", "-"))
    name = lexicon.names.get(low, "")
    title = str(tok[:1].isupper())
    zid_title, name_title = zid + title, name + title
    own = ["b", "w=" + low, "p3=" + low[:3], "s2=" + low[-2:], "s3=" + low[-3:],
           _LENGTH[min(len(low), 8)], "cue=" + kind]  # fmt: skip
    own += [prefix + path[:n] for prefix, n in _CLUSTER_PREFIX] if path else ["c=none"]
    own += ["zid=" + zid, "zen=" + zen, "zidT=" + zid_title, "nm=" + name, "nmT=" + name_title]
    if not low.isalpha():
        own.append("digit" if any(c.isdigit() for c in low) else "punct")
    shape = _shape(tok) if cased else ""
    if cased:
        # Cased-only copies of the lexical features: cased (NERGrit-like) text may weigh words
        # differently from lowercased NERP text ("frustratingly easy" domain adaptation).
        own += ["C" + x for x in own[1:3]] + ["C" + x for x in own[5:7]]
        own += ["sh=" + shape, "title=" + title, "upper=" + str(tok.isupper())]
    ctx: dict[int, list[str]] = {}
    path6 = path[:6]
    for d in OFFSETS:  # prefixes formatted once (_LENT): formatting d per word was most of the cost
        w, cu, c6, zi, nm, sh, cw, ti = _LENT[d]
        f = [w + low, cu + kind, c6 + path6]
        if d in (-1, 1):
            f += [zi + zid_title, nm + name_title]
            if cased:
                f += [sh + shape, cw + low, ti + title]
        ctx[d] = f
    return own, ctx


class _Word:
    """Everything about one token that does not depend on its neighbours, as feature strings."""

    __slots__ = ("ctx", "low", "own", "plain")

    def __init__(self, tok: str, cased: bool, clusters: dict[str, str], lexicon: Lexicon) -> None:
        self.low = tok.lower()
        self.own, self.ctx = word_features(tok, cased, clusters, lexicon)
        # the same with the (usual) "not in a lexicon" tag appended: one list op less per use
        self.plain = {d: [*self.ctx.get(d, self.own), GAZ_FEAT[d][""]] for d in (0, *OFFSETS)}


class Featurizer:
    """CRF features per token as strings, with per-word parts cached: what training hands
    crfsuite (serving sums the same features' weights in emissions.EmissionScorer)."""

    def __init__(self, clusters: dict[str, str], lexicon: Lexicon) -> None:
        self.clusters = clusters
        self.lexicon = lexicon
        self._cache: dict[tuple[str, bool], _Word] = {}

    def _word(self, tok: str, cased: bool) -> _Word:
        w = self._cache.get((tok, cased))
        if w is None:
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            w = self._cache[(tok, cased)] = _Word(tok, cased, self.clusters, self.lexicon)
        return w

    def __call__(
        self, toks: list[str], cased: bool | None = None, gaz: list[str] | None = None
    ) -> list[list[str]]:
        """Case features only where the sequence has case information (NERP is lowercased;
        without this it would teach the model that case means nothing)."""
        if cased is None:
            cased = is_cased(toks)
        words = [self._word(t, cased) for t in toks]
        lows = [w.low for w in words]
        gaz = gaz or gazetteer(lows)
        geo = self.lexicon.place_tags(lows)
        n = len(toks)
        feats: list[list[str]] = []
        for i, w in enumerate(words):
            f = w.plain[0][:] if not gaz[i] else [*w.own, GAZ_FEAT[0][gaz[i]]]
            f.append(PLACE_FEAT[0][geo[i]])
            f.append(PLACE_FEAT[-1][geo[i - 1]] if i > 0 else PLACE_EDGE[-1])
            f.append(PLACE_FEAT[1][geo[i + 1]] if i + 1 < n else PLACE_EDGE[1])
            for d in OFFSETS:
                j = i + d
                if not 0 <= j < n:
                    f += EDGE[d]
                elif gaz[j]:
                    f += words[j].ctx[d]
                    f.append(GAZ_FEAT[d][gaz[j]])
                else:
                    f += words[j].plain[d]
            # word pairs (serving scores only those the model has weights for)
            if i > 0:
                f.append(PAIR_BEFORE + lows[i - 1] + "|" + w.low)
            if i + 1 < n:
                f.append(PAIR_AFTER + w.low + "|" + lows[i + 1])
            if cased and i == 0 and toks[0][:1].isupper():
                f.append(TITLE_BOS)
            feats.append(f)
        return feats
