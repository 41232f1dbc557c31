"""Fit the English sentence-tone calibration (sentiment_english.NEGATIVE / POSITIVE) on the pages set.

Usage: PYTHONPATH=. .venv/bin/python scripts/train_sentiment_en.py

Reads bench/sentiment_en_gold.jsonl's `pages` labels and the pages themselves in place
(../shared/data/article-extraction). Each page goes through the boilerplate remover and the sentence
splitter; VADER scores every sentence; a sentence's probabilities are softmax(slope * compound +
intercept) for negative and positive against neutral's 0; the page's are their mean under the news
position weights (sentiment.py). Four numbers, fitted by maximum likelihood of the page labels.

The unconstrained optimum has a negative slope of about -21: one sentence with a bad word then makes a
one-sentence text certain. The script keeps the gentlest negative slope (caps 2, 3, ... 30) whose fit
is within SLACK of the optimum's negative log-likelihood on the pages: 2026-11-24, optimum 0.897,
chosen cap 8 at 0.905. The held-out cnndm set is not read here (bench/quality_sentiment.py is).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.pipeline.backends.builtin.boilerplate import RuleBasedBoilerplateRemover  # noqa: E402
from service.pipeline.backends.builtin.sentiment import LexicalSentimentAnalyzer  # noqa: E402
from service.pipeline.backends.builtin.sentiment_english import calibrated  # noqa: E402
from service.pipeline.document import SENTIMENT_LABELS  # noqa: E402
from service.pipeline.text import split_sentences  # noqa: E402

GOLD = ROOT / "bench" / "sentiment_en_gold.jsonl"
PAGES = ROOT.parent / "shared" / "data" / "article-extraction" / "ground-truth.json"
MAX_CHARS = 9000  # of each page's text, as the other page checks read them
SLACK = 0.01  # negative log-likelihood per page a gentler curve may cost


def pages() -> list[tuple[np.ndarray, np.ndarray, int]]:
    """(sentence compounds, position weights, label index) per labelled page."""
    truth = json.loads(PAGES.read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    clean, analyzer = RuleBasedBoilerplateRemover(), LexicalSentimentAnalyzer()
    out = []
    for row in rows:
        if row["set"] != "pages":
            continue
        spans = split_sentences(clean.clean(text=truth[row["id"]]["articleBody"][:MAX_CHARS]))
        compound = analyzer.english.compound([s.text for s in spans])
        out.append(
            (compound, analyzer.news_weights(spans, False, False), SENTIMENT_LABELS.index(row["label"]))
        )
    return out


def nll(theta: np.ndarray, data: list[tuple[np.ndarray, np.ndarray, int]]) -> float:
    total = 0.0
    for compound, weights, label in data:
        probs = calibrated(compound, negative=(theta[0], theta[1]), positive=(theta[2], theta[3]))
        total -= float(np.log(weights @ probs[:, label] / weights.sum() + 1e-12))
    return total / len(data)


def fit(data: list[tuple[np.ndarray, np.ndarray, int]], cap: float) -> tuple[np.ndarray, float]:
    bounds = [(-cap, 0.0), (-5.0, 5.0), (0.0, cap), (-5.0, 5.0)]
    result = minimize(nll, x0=np.array([-3.0, 0.0, 3.0, 0.0]), args=(data,), method="L-BFGS-B", bounds=bounds)
    return result.x, float(result.fun)


def main() -> None:
    data = pages()
    _, best = fit(data, 100.0)
    print(f"{len(data)} pages; unconstrained negative log-likelihood {best:.3f}")
    for cap in range(2, 31):
        theta, loss = fit(data, float(cap))
        print(f"cap {cap:2d}: {loss:.3f} {np.round(theta, 3).tolist()}")
        if loss <= best + SLACK:
            print(f"NEGATIVE = ({theta[0]:.3f}, {theta[1]:.3f})\nPOSITIVE = ({theta[2]:.3f}, {theta[3]:.3f})")
            return


if __name__ == "__main__":
    main()
