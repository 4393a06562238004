"""Keywords of each message cluster by class-based TF-IDF (c-TF-IDF, the idea of BERTopic).

All messages of a cluster count as one document; a word scores high for a cluster when it is
frequent there (term frequency normalised by the cluster's length) and rare in the others
(``log(1 + A / f)``, ``A`` the average number of words per cluster, ``f`` the word's frequency
over all clusters). The messages no cluster took part in the frequencies as one more document
(BERTopic keeps its outlier topic too), so a word every unknown message shares ("order",
"please") does not label any single cluster.

Words are letters only (order numbers, amounts and the redactor's ``[EMAIL]`` placeholders say
nothing about the topic), English stop words are dropped, and single words and two-word
phrases compete: "gift wrap" says more than "gift" and "wrap" apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

# the redactor's placeholders ("[EMAIL]"): removed before counting, never a keyword, while the
# words themselves ("update my email address") stay
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
_APOSTROPHE = re.compile(r"['’]")  # "hasn't" → "hasnt", a filler, not "hasn" and "t"
_WORD = r"(?u)\b[^\W\d_]{2,}\b"


def ctfidf_keywords(
    clusters: Sequence[Sequence[str]], *, background: Sequence[str] = (), top_n: int = 5
) -> list[list[str]]:
    """The ``top_n`` keywords of each cluster of messages, best first.

    ``background`` are messages in no cluster: they weigh in the frequencies but get no keywords.
    A cluster whose messages have no usable word (only numbers, say) gets an empty list.
    """
    if top_n < 1:
        raise ValueError(f"top_n must be at least 1, got {top_n}")
    if not clusters:
        return []
    # counted per message, then summed per cluster: joining a cluster's messages into one text
    # would make bigrams across two messages ("... my order" + "order 10023 ..." = "order order")
    messages = [text for texts in clusters for text in texts] + list(background)
    owner = [n for n, texts in enumerate(clusters) for _ in texts]
    owner += [len(clusters)] * len(background)
    vectorizer = CountVectorizer(
        token_pattern=_WORD,
        ngram_range=(1, 2),
        stop_words=sorted(_stop_words()),
        lowercase=True,
    )
    try:
        per_message = vectorizer.fit_transform(
            [_APOSTROPHE.sub("", _PLACEHOLDER.sub(" ", m)) for m in messages]
        )
    except ValueError:  # no message has a single usable word
        return [[] for _ in clusters]
    groups = len(clusters) + (1 if background else 0)
    membership = sparse.csr_matrix(
        (np.ones(len(owner)), (owner, np.arange(len(owner)))), shape=(groups, len(owner))
    )
    counts = np.asarray((membership @ per_message).todense(), dtype=float)
    words = vectorizer.get_feature_names_out()
    scores = _ctfidf(counts)
    keywords: list[list[str]] = []
    for row in scores[: len(clusters)]:
        order = np.argsort(-row, kind="stable")
        keywords.append([str(words[i]) for i in order[:top_n] if row[i] > 0])
    return keywords


def _ctfidf(counts: np.ndarray) -> np.ndarray:
    """c-TF-IDF of a (documents × words) count matrix, as BERTopic computes it."""
    lengths = counts.sum(axis=1, keepdims=True)
    tf = np.divide(counts, lengths, out=np.zeros_like(counts), where=lengths > 0)
    frequency = counts.sum(axis=0)
    average = counts.sum() / max(len(counts), 1)
    idf = np.log(1 + average / np.maximum(frequency, 1))
    return np.asarray(tf * idf)


def _stop_words() -> frozenset[str]:
    """English stop words and the chat fillers every customer types."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    fillers = {"hi", "hello", "hey", "pls", "plz", "thanks", "thank", "ok", "u", "ur", "ya"}
    contractions = {
        "im", "ive", "id", "ill", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "cant",
        "wont", "hasnt", "havent", "couldnt", "wouldnt", "shouldnt", "whats", "wheres", "hows",
        "thats", "theres", "youre", "lets",
    }  # fmt: skip
    return frozenset(ENGLISH_STOP_WORDS) | fillers | contractions
