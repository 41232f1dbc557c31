"""Abstractive summaries from a local sequence-to-sequence model."""

from __future__ import annotations

from typing import Any

from service.pipeline.backends.hf.base import TransformersBackend
from service.pipeline.document import BODY, Article, Sentence, Summary
from service.pipeline.stages.summary import leading_within, length_of
from service.pipeline.text import join_sentences, split_sentences

# Rough token budget per requested sentence of summary.
TOKENS_PER_SENTENCE = 40
# Subword tokens run 3-5 characters in news text; dividing by 3 leaves room to end a sentence.
CHARS_PER_TOKEN = 3


class TransformersSummarizer(TransformersBackend[tuple[Any, int], Any, Summary]):
    stage = "summary"

    def preprocess(self, article: Article) -> tuple[Any, int]:
        # News puts its substance first: the opening window is what the model reads.
        encoded = self.tokenizer(article[BODY], truncation=True, max_length=self.window, return_tensors="pt")
        max_sentences, max_chars = length_of(article)
        budget = TOKENS_PER_SENTENCE * max_sentences
        if max_chars is not None:
            budget = min(budget, max_chars // CHARS_PER_TOKEN + 1)
        return encoded, budget

    def forward(self, inputs: tuple[Any, int]) -> Any:
        import torch

        encoded, max_new_tokens = inputs
        with torch.inference_mode():
            return self.model.generate(
                input_ids=encoded["input_ids"],
                attention_mask=encoded["attention_mask"],
                max_new_tokens=max_new_tokens,
                num_beams=1,
            )

    def postprocess(self, article: Article, inputs: tuple[Any, int], outputs: Any) -> Summary:
        generated = self.tokenizer.decode(outputs[0], skip_special_tokens=True).strip()
        max_sentences, max_chars = length_of(article)
        # Generated sentences are not in the body: no offsets.
        sentences = [Sentence(text=s.text, start=None, end=None) for s in split_sentences(generated)]
        chosen = leading_within(sentences[:max_sentences], max_chars)
        return Summary(text=join_sentences(s.text for s in chosen), sentences=chosen)
