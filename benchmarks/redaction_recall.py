"""Redaction recall and cost: ours vs. a regex-only baseline, per labelled set and category.

For each labelled set (tests/data/redaction/planted.csv, dev_blind.csv, dev2_blind.csv and —
only with ``--heldout``, for the final figure — heldout_blind.csv) it prints the recall of both
redactors per category, strict (no token of the item left) and loose (the item no longer
appears verbatim), plus the share of ``none`` messages they changed; then the share of the
3,600 blind NLU messages (tests/data/nlu_blind/, written without personal data in mind) each
one changed, and µs per message (median and mean over ``--n`` NLU messages, repeated).

The baseline is what a regex-only redactor does: e-mail, phone-like digit runs of 7+ digits,
13–19-digit card runs; no Luhn, no IBAN, no names, no addresses.

    python benchmarks/redaction_recall.py [--heldout] [--n 10000] [--repeat 5] [--ner MODEL]

Writes benchmarks/results/redaction_recall.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

from icrm_models.analytics.redaction import redact
from icrm_models.analytics.redaction_scoring import (
    CATEGORIES,
    changed_share,
    microseconds,
    read_labelled,
    score_rows,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "redaction"
NLU_BLIND = ROOT / "tests" / "data" / "nlu_blind"
RESULTS = ROOT / "benchmarks" / "results"

_BASE_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_BASE_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_BASE_PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d ()./-]{5,}\d\b")


def baseline(text: str) -> str:
    """A regex-only redactor: e-mails, 13–19-digit runs as cards, 7+-digit runs as phones."""
    text = _BASE_EMAIL.sub("[EMAIL]", text)
    text = _BASE_CARD.sub("[CARD]", text)
    return _BASE_PHONE.sub(
        lambda m: "[PHONE]" if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text
    )


REDACTORS: dict[str, Callable[[str], str]] = {"ours": redact, "baseline": baseline}

# a capitalised word inside a sentence that ours left alone: where NER might find a name
_NER_PREFILTER = re.compile(r"(?:(?<=[a-z,;:] )|(?<=\n))[A-ZÀ-Þ][a-zà-ÿ]")


def with_ner(model: str) -> Callable[[str], str] | None:
    """Ours, then spaCy NER PERSON spans on texts the prefilter passes (None: no such model)."""
    try:
        import spacy

        nlp = spacy.load(model, exclude=["parser", "lemmatizer", "senter", "tagger"])
    except (ImportError, OSError) as exc:
        print(f"no NER column: spaCy model {model!r} cannot be loaded here ({exc})")
        return None

    def redact_with_ner(text: str) -> str:
        out = redact(text)
        if not _NER_PREFILTER.search(out):
            return out
        doc = nlp(out)
        for ent in reversed(doc.ents):
            if ent.label_ == "PERSON" and "[" not in ent.text:
                out = out[: ent.start_char] + "[NAME]" + out[ent.end_char :]
        return out

    return redact_with_ner


def nlu_texts() -> list[str]:
    """The blind NLU messages (none written to hold personal data)."""
    texts: list[str] = []
    for path in sorted(NLU_BLIND.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            texts.extend(row["text"] for row in csv.DictReader(fh))
    return texts


def main() -> None:
    """Print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also score heldout_blind.csv")
    parser.add_argument("--n", type=int, default=10_000, help="messages timed per redactor")
    parser.add_argument("--show-misses", type=int, default=0, help="misses printed per category")
    parser.add_argument("--repeat", type=int, default=1, help="timings per message (best kept)")
    parser.add_argument("--ner", default="", help="also score ours + this spaCy NER pipeline")
    args = parser.parse_args()
    redactors = dict(REDACTORS)
    if args.ner and (ner := with_ner(args.ner)) is not None:
        redactors["ours+ner"] = ner

    sets = ["planted", "dev_blind", "dev2_blind"] + (["heldout_blind"] if args.heldout else [])
    results: dict[str, object] = {}
    header = "".join(f"  {label + ' strict/loose':>20}" for label in redactors)
    print(f"{'set':14} {'category':9} {'n':>4}{header}")
    for name in sets:
        path = DATA / f"{name}.csv"
        if not path.exists():
            print(f"{name:14} (missing: {path})")
            continue
        rows = read_labelled(path)
        scores = {label: score_rows(rows, fn) for label, fn in redactors.items()}
        ours = scores["ours"]
        per_set: dict[str, object] = {}
        for category in CATEGORIES:
            if not ours.total[category]:
                continue
            per_set[category] = {
                "n": ours.total[category],
                **{
                    f"{label}_{rule}": round(score.recall(category, strict=rule == "strict"), 4)
                    for label, score in scores.items()
                    for rule in ("strict", "loose")
                },
            }
            cells = "".join(
                f"  {score.recall(category):14.3f}/{score.recall(category, strict=False):.3f}"
                for score in scores.values()
            )
            print(f"{name:14} {category:9} {ours.total[category]:4}{cells}")
            for text, output in ours.misses[category][: args.show_misses]:
                print(f"    miss: {text!r} -> {output!r}")
        if ours.clean_messages:
            changed = {k: s.clean_changed / s.clean_messages for k, s in scores.items()}
            per_set["none_changed"] = {k: round(v, 4) for k, v in changed.items()}
            cells = "".join(f"  {'changed':>14} {v:5.3f}" for v in changed.values())
            print(f"{name:14} {'none':9} {ours.clean_messages:4}{cells}")
        results[name] = per_set

    texts = nlu_texts()
    timed = (texts * (args.n // len(texts) + 1))[: args.n]
    redact("warm up: the lexicon and catalogue load once")
    nlu: dict[str, object] = {}
    for label, fn in redactors.items():
        share, changes = changed_share(texts, fn)
        med, avg = microseconds(timed, fn, args.repeat)
        nlu[label] = {"changed_share": round(share, 4), "median_us": med, "mean_us": avg}
        best = f" (best of {args.repeat} each)" if args.repeat > 1 else ""
        print(
            f"nlu_blind {label:9} {len(texts)} messages: changed {share:.3%};"
            f" {med:.1f} µs median, {avg:.1f} µs mean over {len(timed)}{best}"
        )
        if label == "ours":
            nlu["ours_changes"] = changes
    results["nlu_blind"] = nlu
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "redaction_recall.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
