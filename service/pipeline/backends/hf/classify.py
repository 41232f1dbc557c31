"""Sequence classification shared by the sentiment and language stages: long texts are cut into
windows, batched, and their probabilities averaged by window length."""

from __future__ import annotations

from typing import Any


def classify(tokenizer: Any, model: Any, text: str, window: int, batch_size: int) -> list[float]:
    import torch

    encoded = tokenizer(
        text,
        return_overflowing_tokens=True,
        truncation=True,
        max_length=window,
        padding=True,
        return_tensors="pt",
    )
    weights = encoded["attention_mask"].sum(-1).float()
    total = None
    with torch.inference_mode():
        for first in range(0, encoded["input_ids"].shape[0], batch_size):
            batch = slice(first, first + batch_size)
            inputs = {
                k: encoded[k][batch]
                for k in ("input_ids", "attention_mask", "token_type_ids")
                if k in encoded
            }
            weighted = (model(**inputs).logits.softmax(-1) * weights[batch, None]).sum(0)
            total = weighted if total is None else total + weighted
    assert total is not None
    return (total / weights.sum()).tolist()
