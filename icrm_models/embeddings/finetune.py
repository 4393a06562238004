"""Adapt the sentence encoder to a shop's (or a data set's) intents before the NLU trains on it.

A frozen all-MiniLM-L6-v2 separates customer intents only so well; a few epochs of supervised
fine-tuning (mean-pooled embedding -> linear head, cross-entropy) on the assistant's own training
messages pull messages of one intent together. The head is thrown away: what is kept is an
encoder, saved in sentence-transformers format and then exported to ONNX for the Rasa pipeline.
Runs on the CPU in the application runtime (torch), never inside Rasa's.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from icrm_models.embeddings.encoder import load_encoder


@dataclass(frozen=True)
class FinetuneSettings:
    """Hyper-parameters; the defaults were chosen on BANKING77's training split only."""

    epochs: int = 4
    batch_size: int = 32
    encoder_lr: float = 5e-5
    head_lr: float = 2e-3
    max_length: int = 64
    warmup_share: float = 0.1
    seed: int = 13


@dataclass(frozen=True)
class FinetuneReport:
    """What was trained and how long it took."""

    folder: Path
    examples: int
    intents: int
    seconds: float
    final_loss: float


def finetune_encoder(
    source: Path,
    examples: Sequence[tuple[str, str]],
    target: Path,
    *,
    settings: FinetuneSettings | None = None,
    progress: Callable[[int, int, float], None] | None = None,
) -> FinetuneReport:
    """Fine-tune the encoder at ``source`` on ``(text, intent)`` pairs; save it to ``target``."""
    import torch

    config = settings or FinetuneSettings()
    if len({intent for _, intent in examples}) < 2:
        raise ValueError("fine-tuning needs examples of at least two intents")
    random.seed(config.seed)
    torch.manual_seed(config.seed)
    started = time.perf_counter()
    encoder = load_encoder(source)
    transformer: Any = encoder[0].auto_model
    tokenizer = encoder.tokenizer
    labels = sorted({intent for _, intent in examples})
    label_ids = {label: index for index, label in enumerate(labels)}
    head = torch.nn.Linear(transformer.config.hidden_size, len(labels))
    dropout = torch.nn.Dropout(0.1)
    optimiser = torch.optim.AdamW(
        [
            {"params": transformer.parameters(), "lr": config.encoder_lr},
            {"params": head.parameters(), "lr": config.head_lr},
        ],
        weight_decay=0.01,
    )
    order = list(range(len(examples)))
    steps_per_epoch = (len(order) + config.batch_size - 1) // config.batch_size
    total = steps_per_epoch * config.epochs
    warmup = max(1, int(total * config.warmup_share))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup))),
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    transformer.train()
    step, loss_value = 0, 0.0
    for _epoch in range(config.epochs):
        random.shuffle(order)
        for start in range(0, len(order), config.batch_size):
            batch = [examples[i] for i in order[start : start + config.batch_size]]
            encoded = tokenizer(
                [text for text, _ in batch],
                padding=True,
                truncation=True,
                max_length=config.max_length,
                return_tensors="pt",
            )
            hidden = transformer(**encoded).last_hidden_state
            mask = encoded["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            logits = head(dropout(pooled))
            target_ids = torch.tensor([label_ids[intent] for _, intent in batch])
            loss = loss_fn(logits, target_ids)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(transformer.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            loss_value = float(loss.detach())
            if progress is not None:
                progress(step, total, loss_value)
    transformer.eval()
    target.mkdir(parents=True, exist_ok=True)
    encoder.save(str(target))
    return FinetuneReport(
        folder=target,
        examples=len(examples),
        intents=len(labels),
        seconds=time.perf_counter() - started,
        final_loss=loss_value,
    )
