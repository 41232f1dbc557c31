"""Train the built-in English entity CRF and report held-out entity F1.

Usage: .venv/bin/python scripts/train_entities_en.py [--out MODEL] [--gmb N] [--reuse-clusters]

Training data (read in place from <repo>/../shared/data/english-ner, never copied): the Groningen
Meaning Bank's Voice of America news (silver tags) and Universal NER English-EWT dev + test (gold,
web text). Held out and never trained on: the sentences of each whose text hash falls in the
lowest 10 % (entity_training.in_holdout), and all of Universal NER English-PUD, whose news half
(the first 500 sentences) is the figure that counts and whose Wikipedia half served to compare
variants. The lexicon tables are the ones scripts/train_entities.py writes.

GMB's silver tags follow other conventions than UNER's gold ones: a person's title is part of
the name ("President Bush") and "the" starts some names. Both are trimmed before training.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entity_training import (
    DATA,
    Sentence,
    build_clusters,
    read_conll,
    report_heldout,
    split_by_hash,
    train_crf,
)

from service.pipeline.backends.builtin.entities.features import Featurizer, load_clusters
from service.pipeline.backends.builtin.entities.lexicons import PERSON_CUES, Lexicon
from service.pipeline.backends.builtin.entities.recognizer import ENGLISH_CLUSTERS, ENGLISH_MODEL

NER = DATA / "english-ner"
FILES = {
    "gmb": NER / "gmb-train.bio.txt.gz",
    "ewt": NER / "ewt-dev.bio.txt.gz",
    "ewt-test": NER / "ewt-test.bio.txt.gz",
}
PUD = NER / "pud-test.bio.txt.gz"
PUD_NEWS = 500  # PUD's news sentences (ids n...) come first, then 500 from Wikipedia (w...)
HOLDOUT_PERCENT = 10
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


def to_uner(sent: Sentence, lexicon: Lexicon) -> Sentence:
    """GMB chunks in UNER's conventions: titles out of person names, a leading "the" out of all."""
    toks, tags = sent
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ENGLISH_MODEL)
    ap.add_argument("--clusters", type=Path, default=ENGLISH_CLUSTERS)
    ap.add_argument("--reuse-clusters", action="store_true", help="keep an existing --clusters file")
    ap.add_argument("--gmb", type=int, default=None, help="train on the first N GMB sentences only")
    ap.add_argument("--c1", type=float, default=0.6)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--minfreq", type=int, default=2)
    ap.add_argument("--iters", type=int, default=100)  # the shipped model: 100
    args = ap.parse_args()

    t0 = time.time()
    lexicon = Lexicon.load()
    splits = {name: split_by_hash(read_conll(path), HOLDOUT_PERCENT) for name, path in FILES.items()}
    gmb = [to_uner(s, lexicon) for s in splits["gmb"][0]]
    train = gmb[: args.gmb] + splits["ewt"][0] + splits["ewt-test"][0]
    held = {
        "gmb": [to_uner(s, lexicon) for s in splits["gmb"][1]],
        "ewt": splits["ewt"][1] + splits["ewt-test"][1],
    }
    pud = read_conll(PUD)
    held |= {"pud-news": pud[:PUD_NEWS], "pud-wiki": pud[PUD_NEWS:]}
    if args.reuse_clusters and args.clusters.exists():
        clusters = load_clusters(args.clusters)
    else:
        clusters = build_clusters([[t.lower() for t in toks] for toks, _ in gmb + train], args.clusters)
    print(
        f"word clusters: {len(clusters)} words -> {args.clusters} ({args.clusters.stat().st_size / 1e6:.2f} MB)"
    )
    features = Featurizer(clusters, lexicon)
    print(
        f"training sentences: {len(train)}; held out: " + ", ".join(f"{k}={len(v)}" for k, v in held.items())
    )
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iters, "feature.minfreq": args.minfreq}
    train_crf(train, features, args.out, params)
    print(f"trained in {time.time() - t0:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    report_heldout(args.out, features, held)


if __name__ == "__main__":
    main()
