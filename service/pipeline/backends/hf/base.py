"""The shape every transformers backend has, as in transformers' own pipelines:
preprocess (article -> model inputs) -> forward (inputs -> raw outputs) -> postprocess (-> the
stage's value). Windowing long texts and batching windows are written once, in WindowedModel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from service.config import TransformersOptions
from service.pipeline.backends.hf.loading import load
from service.pipeline.document import BODY, Article

if TYPE_CHECKING:
    import numpy as np

Inputs = TypeVar("Inputs")
Outputs = TypeVar("Outputs")
T = TypeVar("T")


class TransformersBackend(Generic[Inputs, Outputs, T]):
    stage: ClassVar[str]  # which stage's head the model must have (see loading.HEADS)

    def __init__(self, model_dir: str, options: TransformersOptions) -> None:
        loaded = load(self.stage, model_dir, options)
        self.tokenizer, self.model, self.info, self.window = (
            loaded.tokenizer,
            loaded.model,
            loaded.info,
            loaded.window,
        )
        self.model_dir = model_dir
        self.options = options

    def __call__(self, article: Article) -> T:
        inputs = self.preprocess(article)
        return self.postprocess(article, inputs, self.forward(inputs))

    def preprocess(self, article: Article) -> Inputs:
        raise NotImplementedError

    def forward(self, inputs: Inputs) -> Outputs:
        raise NotImplementedError

    def postprocess(self, article: Article, inputs: Inputs, outputs: Outputs) -> T:
        raise NotImplementedError


class WindowedModel(TransformersBackend[Any, "np.ndarray", T]):
    """An encoder over the whole text: cut into windows of `self.window` tokens that overlap by
    `stride` tokens, run in batches of `batch_size` windows. `forward` returns the logits of
    every window stacked ([windows, labels] or [windows, tokens, labels])."""

    stride: int = 0  # sequence classification: windows side by side
    offsets: bool = False  # token classification: character offsets of every token

    def text(self, article: Article) -> str:
        return article[BODY]

    def preprocess(self, article: Article) -> Any:
        return self.tokenizer(
            self.text(article),
            return_offsets_mapping=self.offsets,
            return_special_tokens_mask=self.offsets,
            return_overflowing_tokens=True,
            truncation=True,
            max_length=self.window,
            stride=self.stride,
            padding=True,
            return_tensors="pt",
        )

    def forward(self, inputs: Any) -> np.ndarray:
        import numpy as np
        import torch

        batches = []
        size = self.options.batch_size
        with torch.inference_mode():
            for first in range(0, inputs["input_ids"].shape[0], size):
                batch = {
                    k: inputs[k][first : first + size]
                    for k in ("input_ids", "attention_mask", "token_type_ids")
                    if k in inputs
                }
                batches.append(self.model(**batch).logits.float().numpy())
        return np.concatenate(batches) if batches else np.zeros((0, self.model.config.num_labels))


class SequenceClassifier(WindowedModel[T]):
    """One label distribution for the whole text: window distributions averaged, each weighted by
    its length in tokens."""

    def probabilities(self, inputs: Any, logits: np.ndarray) -> list[float]:
        import numpy as np

        if not len(logits):
            return [1 / logits.shape[-1]] * logits.shape[-1]
        weights = inputs["attention_mask"].sum(-1).numpy().astype(np.float64)
        exp = np.exp(logits - logits.max(-1, keepdims=True))
        softmax = exp / exp.sum(-1, keepdims=True)
        mean: list[float] = ((weights @ softmax) / weights.sum()).tolist()
        return mean
