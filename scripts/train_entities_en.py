"""Train the built-in English entity CRF and report held-out entity F1.

Usage: .venv/bin/python scripts/train_entities_en.py --reuse-clusters [--out MODEL] [--gmb N] [--curve]

Training data (read in place from <repo>/../shared/data/english-ner, never copied): the Groningen
Meaning Bank's Voice of America news (silver tags), Universal NER English-EWT dev + test (gold,
web text) and the Wikipedia half of Universal NER English-PUD (gold, edited prose in the same
annotation as PUD's news half). Held out and never trained on: the sentences of GMB and EWT whose
text hash falls in the lowest 10 % (entity_training.in_holdout); PUD's Wikipedia sentences whose
hash falls in the lowest 30 % (the tuning split that chose the options below); and all of PUD's
news half (the first 500 sentences), the figure that counts, measured only on the chosen model.

The defaults (the shipped model) were chosen on the PUD Wikipedia tuning split, full backend path
(bench/quality_entities.py's scoring), 160 sentences, 248 entities; micro F1 of each variant:
all 42,838 GMB training sentences, EWT x1, no PUD (the model shipped before) 0.605; all GMB, EWT x1,
PUD-Wikipedia x3 0.660; first 20,000 GMB, EWT x1, PUD-Wikipedia x3 0.671; 20,000 GMB, EWT x2,
PUD-Wikipedia x6 0.687; 10,000 GMB, EWT x2, PUD-Wikipedia x6 0.715 (shipped); 5,000 GMB, EWT x2,
PUD-Wikipedia x10 0.716; 10,000 GMB, EWT x3, PUD-Wikipedia x10 0.718; the shipped data with c1 0.2
0.681, with c1 1.2 0.726. The split's 248 entities cannot tell apart variants within about 0.01
(3 entities); c1 1.2 was measured on PUD news too (0.631 against the shipped 0.645) and not
shipped, so keeping c1 0.6 was not blind to the news half. GMB's silver tags and
conventions (nationalities, "U.S." as a place, titles) outweigh the gold sets when it dominates the
data: fewer GMB sentences and repeated gold ones fit UNER's conventions better.

--curve retrains on nested shares of the gold sentences (EWT and PUD's Wikipedia training part,
3,966; GMB's 10,000 fixed) and prints the PUD news F1 of the full path at each; nothing is chosen
from it, as choosing a share by it would tune on the held-out news. 2026-11-25: no gold 0.6250;
1/8 0.6597; 1/4 0.6762; 1/2 0.6649; all 0.6455 (the shipped model: 0.6437). The log-linear fit
is flat, 0.6535 - 0.0054 per doubling: more web and Wikipedia gold does not move English news,
and past a quarter it weighs on it. Issue 10's 0.80 is a gap of domain (gold news in UNER's
conventions), not of size. Whether to see EWT less was then asked of data that may choose: the
3-fold CV over PUD's Wikipedia half (below), EWT x0 / x1 / x2 (shipped): 0.716 / 0.718 / 0.720,
no difference it can show; the shipped x2 stays.

Tried and left out (2026-11-24, branch q-en-domain, commit 6720f7f keeps the code): "frustratingly
easy" domain adaptation (Daume III 2007), so that more GMB could help without imposing its
conventions: a sentence's features came twice, plain and marked with its domain ("gmb:"), and
serving left the marked copies out. Chosen on the tuning split above and on a 3-fold
cross-validation over all 500 PUD Wikipedia sentences (folds by text hash), full path; with
today's lexicon tables, tuning / CV mean: no copies, 10,000 GMB (this script's defaults, retrained)
0.727 / 0.699; every sentence marked, 10,000 GMB 0.719 / 0.679; only GMB marked, 10,000 GMB
0.755 / 0.703; only GMB marked, 20,000 GMB 0.765 / 0.711 (chosen); all GMB marked 0.738 / not run.
The chosen model, read once on PUD news: 0.622 against the shipped 0.648 (recall 0.564 against
0.622). GMB is the only news in the training data: leaving its own ways out keeps Wikipedia's,
which the tuning split and CV reward and news does not; choosing among such variants needs news
annotated in UNER's conventions, which the data here has only in the held-out half.

Tried and left out (2026-11-24): the Brown clusters spaCy ships for English (spacy-lookups-data
1.0.5, MIT: 190,129 cased words, from a far larger corpus than GMB), in place of this table or
beside it as a second feature family, to give rare names clusters. The 3-fold CV above (folds by
MD5 of the text, this script's defaults otherwise): this table 0.721 (0.686 / 0.732 / 0.745), both
tables 0.722 (0.707 / 0.714 / 0.746); spaCy's alone read 0.733 on the tuning split against 0.742.
No gain the data can show, for a 0.6 MB table and a 98 MB build dependency.

Tried and left out (2026-11-24): how often a capitalised word is written so, from spaCy's English
word probabilities (spacy-lookups-data 1.0.5, MIT: log P("Stalin") - log P("stalin") in six
classes), as a feature of every capitalised word and of a sequence's first word, so that the model
could tell "Stalin said ..." (no name found) from "Meanwhile, ...". Tuning split 0.732 -> 0.763,
but the 3-fold CV above 0.729 -> 0.727 (0.703 / 0.720 / 0.757), and on the first word only 0.709;
GMB held out 0.771 -> 0.769 (full path). No gain the data can show.

GMB's silver tags follow other conventions than UNER's gold ones: a person's title is part of
the name ("President Bush") and "the" starts some names. Both are trimmed before training. Its MISC
tag (nationalities, mostly) also holds countries its tagger slipped on again and again: "Nepal" is
MISC in 131 of the 132 names it tags, "Niger" 108 of 113, "Jordan" 86 of 91. Read as no entity, they
taught the shipped model that "Nepal" is no name at all: a story on Nepal's earthquake named India
and China, never Nepal. The places GMB tags MISC at least 30 % of the time are read as places
(misc_places: 24 names). Same CV: 0.729 (0.691 / 0.737 / 0.758) against 0.721, every fold up; GMB
held out 0.797 -> 0.799, EWT 0.722 -> 0.725 (bare CRF). Shipped; PUD news, read once after: 0.643
against the previous model's 0.655 (the same data retrained without this reads 0.651: the rest is
the noise of retraining, about a point on 399 entities).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entity_training import (
    DATA,
    TAG_MAP,
    Sentence,
    build_clusters,
    crf_params,
    read_conll,
    report_fit,
    report_heldout,
    share_of,
    split_by_hash,
    train_crf,
)

from bench.quality_entities import count_matches, scores
from service.pipeline.backends.builtin.entities.features import Featurizer, load_clusters
from service.pipeline.backends.builtin.entities.lexicons import PERSON_CUES, Lexicon
from service.pipeline.backends.builtin.entities.recognizer import (
    ENGLISH_CLUSTERS,
    ENGLISH_MODEL,
    CrfEntityRecognizer,
)

NER = DATA / "english-ner"
FILES = {
    "gmb": NER / "gmb-train.bio.txt.gz",
    "ewt": NER / "ewt-dev.bio.txt.gz",
    "ewt-test": NER / "ewt-test.bio.txt.gz",
}
PUD = NER / "pud-test.bio.txt.gz"
PUD_NEWS = 500  # PUD's news sentences (ids n...) come first, then 500 from Wikipedia (w...)
HOLDOUT_PERCENT = 10
# PUD's Wikipedia half is gold in the news half's own conventions: its sentences whose text hash
# falls in the lowest 30 % are the tuning split that chooses training options; the rest may be trained on.
WIKI_TUNE_PERCENT = 30
# GMB person titles to trim besides the shared person cues; a title word is also any common
# English word that is no known first or family name ("Foreign", "Defense", "Prime").
_TITLES = frozenset(
    """mr mrs ms dr sen rep gen lt col sgt gov maj capt adm rev st vice deputy chief
premier chancellor sheikh ayatollah cardinal bishop archbishop rabbi imam judge justice lord lady sir
commander admiral colonel lieutenant major captain sergeant representative former acting""".split()
)


def is_title(tok: str, lexicon: Lexicon) -> bool:
    low = tok.lower().rstrip(".")
    return low in _TITLES or low in PERSON_CUES or (lexicon.common(low, "4") and low not in lexicon.names)


# GMB read with its MISC chunks kept, so that to_uner can tell the countries among them.
GMB_TAGS = TAG_MAP | {"MISC": "MISC"}
# A place GMB tags MISC at least this share of the times it tags it at all is a systematic slip of
# its silver tagger ("Nepal" 131 of 132, "Niger" 108 of 113, "Jordan" 86 of 91, "Sudan" 107 of 331):
# left unnamed, they taught the model that "Nepal" is no name at all.
MISC_PLACE_SHARE = 0.3
# Names GMB tags MISC that are places in the lexicon but there name a people, an event or a saint.
_MISC_NOT_PLACES = frozenset(
    "atlantis george olympic opportunity phoenix roman somali somme wimbledon".split()
)


def _chunks(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, last+1, type) of the chunks a B- tag opens. Unlike decoding.bio_spans, a stray I- tag
    ("Sri" B-MISC, "Lanka" I-LOC) opens none: the shipped model was trained on these counts."""
    out, i = [], 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            kind, j = tags[i][2:], i + 1
            while j < len(tags) and tags[j] == "I-" + kind:
                j += 1
            out.append((i, j, kind))
            i = j
        else:
            i += 1
    return out


def misc_places(sents: list[Sentence], lexicon: Lexicon) -> frozenset[str]:
    """The places GMB tags MISC systematically (MISC_PLACE_SHARE), lowercased."""
    misc: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for toks, tags in sents:
        for i, j, kind in _chunks(tags):
            name = " ".join(toks[i:j]).lower()
            named[name] += 1
            misc[name] += kind == "MISC"
    return frozenset(
        name
        for name, n in misc.items()
        if n >= MISC_PLACE_SHARE * named[name]
        and name not in _MISC_NOT_PLACES
        and lexicon.place_tags(name.split()) == ["B", *["I"] * name.count(" ")]
    )


def _places_out_of_misc(sent: Sentence, places: frozenset[str]) -> Sentence:
    """GMB's silver MISC (its gpe, art, eve, nat) as UNER reads it: one of `places` is a location,
    the rest (mostly nationalities: "Iraqi", "British") is no entity."""
    toks, tags = sent
    tags = list(tags)
    for i, j, kind in _chunks(tags):
        if kind == "MISC":
            place = " ".join(toks[i:j]).lower() in places
            tags[i:j] = ["B-LOCATION", *["I-LOCATION"] * (j - i - 1)] if place else ["O"] * (j - i)
    return toks, tags


def to_uner(sent: Sentence, lexicon: Lexicon, places: frozenset[str] = frozenset()) -> Sentence:
    """GMB chunks in UNER's conventions: titles out of person names, a leading "the" out of all,
    `places` (misc_places) out of MISC."""
    toks, tags = _places_out_of_misc(sent, places)
    tags = list(tags)
    for i, tag in enumerate(tags):
        if not tag.startswith("B-"):
            continue
        kind = tag[2:]
        j = i
        while (
            j + 1 < len(tags)
            and tags[j + 1] == "I-" + kind
            and (toks[j].lower() == "the" or (kind == "PERSON" and is_title(toks[j], lexicon)))
        ):
            tags[j] = "O"
            j += 1
        tags[j] = "B-" + kind
    return toks, tags


@dataclass(frozen=True)
class EnglishData:
    """The English sets as this script splits them (see the module docstring)."""

    gmb: list[Sentence]  # in UNER's conventions (to_uner)
    ewt: list[Sentence]
    wiki_train: list[Sentence]
    gmb_held: list[Sentence]
    ewt_held: list[Sentence]
    wiki_tune: list[Sentence]
    pud_news: list[Sentence]


def load_data(lexicon: Lexicon) -> EnglishData:
    splits = {
        name: split_by_hash(read_conll(path, GMB_TAGS if name == "gmb" else TAG_MAP), HOLDOUT_PERCENT)
        for name, path in FILES.items()
    }
    places = misc_places(splits["gmb"][0], lexicon)
    print(f"GMB's MISC read as places: {len(places)} names ({', '.join(sorted(places)[:12])}, ...)")
    pud = read_conll(PUD)
    wiki_train, wiki_tune = split_by_hash(pud[PUD_NEWS:], WIKI_TUNE_PERCENT)
    return EnglishData(
        gmb=[to_uner(s, lexicon, places) for s in splits["gmb"][0]],
        ewt=splits["ewt"][0] + splits["ewt-test"][0],
        wiki_train=wiki_train,
        gmb_held=[to_uner(s, lexicon, places) for s in splits["gmb"][1]],
        ewt_held=splits["ewt"][1] + splits["ewt-test"][1],
        wiki_tune=wiki_tune,
        pud_news=pud[:PUD_NEWS],
    )


def training_set(data: EnglishData, args: argparse.Namespace, gold_share: float = 1.0) -> list[Sentence]:
    """GMB's first args.gmb sentences and the gold sets repeated; `gold_share` keeps that share of
    the gold sentences (nested subsets, by a salted hash of the text)."""
    ewt, wiki = (
        [s for s in part if share_of(CURVE_SALT, s[0]) < gold_share] for part in (data.ewt, data.wiki_train)
    )
    return data.gmb[: args.gmb] + ewt * args.ewt_repeat + wiki * args.wiki_repeat


CURVE_SALT = "curve:"
CURVE_SHARES = (0.0, 0.125, 0.25, 0.5, 1.0)
PUD_NEWS_TARGET = 0.80  # issue 10's English news target


def learning_curve(args: argparse.Namespace) -> None:
    """PUD news F1 (full path, as bench/quality_entities.py scores it) as the share of the gold
    sentences (EWT and PUD's Wikipedia training part, UNER's conventions) grows, GMB fixed, and
    the log-linear fit's guess at how much gold the target would take. Nothing is chosen from these
    figures, so reading the held-out news at each size tunes nothing."""
    lexicon = Lexicon.load()
    data = load_data(lexicon)
    features = Featurizer(load_clusters(args.clusters), lexicon)
    params = crf_params(args)
    kinds = {"PERSON", "ORGANIZATION", "LOCATION"}
    n_gold = len(data.ewt) + len(data.wiki_train)
    points: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for share in CURVE_SHARES:
            t0 = time.time()
            model = Path(tmp) / "curve.crfsuite"
            train_crf(training_set(data, args, share), features, model, params)
            recognizer = CrfEntityRecognizer(
                english_model_path=str(model), english_clusters_path=str(args.clusters)
            )
            score = scores(count_matches(data.pud_news, "en", recognizer, kinds), kinds)
            line = " ".join(f"{key} {value:.4f}" for key, value in score.items())
            print(f"gold x{share:g} of {n_gold} sentences: pud-news {line} [{time.time() - t0:.0f}s]")
            if share:
                points.append((round(share * n_gold), score["f1"]))
    report_fit(points, PUD_NEWS_TARGET, "gold sentences")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ENGLISH_MODEL)
    ap.add_argument("--clusters", type=Path, default=ENGLISH_CLUSTERS)
    ap.add_argument("--reuse-clusters", action="store_true", help="keep an existing --clusters file")
    ap.add_argument("--gmb", type=int, default=10_000, help="train on the first N GMB sentences only")
    ap.add_argument("--c1", type=float, default=0.6)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--minfreq", type=int, default=2)
    ap.add_argument("--iters", type=int, default=100)  # the shipped model: 100
    ap.add_argument("--wiki-repeat", type=int, default=6, help="times PUD's Wikipedia training part is seen")
    ap.add_argument("--curve", action="store_true", help="PUD news F1 as the gold data's share grows")
    ap.add_argument("--ewt-repeat", type=int, default=2, help="times EWT's training part is seen")
    args = ap.parse_args()

    if args.curve:
        learning_curve(args)
        return
    t0 = time.time()
    lexicon = Lexicon.load()
    data = load_data(lexicon)
    train = training_set(data, args)
    held = {
        "gmb": data.gmb_held,
        "ewt": data.ewt_held,
        "pud-wiki-tune": data.wiki_tune,
        "pud-news": data.pud_news,
    }
    if args.reuse_clusters and args.clusters.exists():
        clusters = load_clusters(args.clusters)
    else:
        # Meant as the shipped clusters' corpus (GMB counted twice, no PUD), but it no longer
        # rebuilds the shipped table (31,032 words against its 25,962, built at bbbd083): the
        # shipped model is trained with --reuse-clusters, on the shipped table.
        corpus = data.gmb + data.gmb + data.ewt
        clusters = build_clusters([[t.lower() for t in toks] for toks, _ in corpus], args.clusters)
    print(
        f"word clusters: {len(clusters)} words -> {args.clusters} ({args.clusters.stat().st_size / 1e6:.2f} MB)"
    )
    features = Featurizer(clusters, lexicon)
    print(
        f"training sentences: {len(train)}; held out: " + ", ".join(f"{k}={len(v)}" for k, v in held.items())
    )
    params = crf_params(args)
    train_crf(train, features, args.out, params)
    print(f"trained in {time.time() - t0:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    report_heldout(args.out, features, held)


if __name__ == "__main__":
    main()
