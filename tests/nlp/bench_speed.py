"""Speed of the NLP pipeline against spaCy's bare tokenizer (not a test).

Run from the repository root::

    .venv/bin/python -m tests.nlp.bench_speed [--words 200000] [--per-text 2000]

It generates interview-like text (words drawn with their frequencies from the
English word list in spacy-lookups-data, speaker labels, paragraph breaks and
dates in about one sentence in four), then times, interleaved and best of
``--rounds``, CPU time of: ``spacy.blank("en").pipe`` (the tokenizer alone),
``make_pipeline().pipe`` (sentences, lemmas, dates) and ``analyse`` (the same
plus sentence offsets and result objects). The target is a ratio of at most 2.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import random
import time
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

DATES = [
    "in 2003", "in March 2004", "on 12 March 2004", "last year", "the following spring",
    "between 2001 and 2004", "in the early 1990s", "two years later", "in Q3 2004", "in 2001/02",
    "from 2004 to 2008", "the year before", "on 12/03/2004", "in late 2003", "about 2000 people",
    "three years ago", "in the first round", "in spring 2005", "on March 12, 2004", "1999-2001",
]  # fmt: skip
FILLERS = ["um,", "you know,", "I mean,", "don't", "it's", "we'd", "sort of", "(laughs)"]


def interview_texts(n_words: int, words_per_text: int, seed: int = 7) -> list[str]:
    """Texts of about ``words_per_text`` words, ``n_words`` in all."""
    import spacy_lookups_data

    path = spacy_lookups_data.get_file("en_lexeme_prob.json.gz")
    with gzip.open(str(path)) as f:
        probs: dict[str, float] = json.loads(f.read())
    top = sorted(((w, p) for w, p in probs.items() if w.isalpha()), key=lambda wp: -wp[1])
    top = top[:30_000]
    words = [w for w, _ in top]
    weights = list(itertools.accumulate(math.exp(p) for _, p in top))
    rng = random.Random(seed)
    texts: list[str] = []
    total = 0
    while total < n_words:
        parts: list[str] = []
        count = 0
        speaker = 0
        while count < words_per_text:
            if rng.random() < 0.15:
                parts.append("\n\n" + ("Interviewer:" if speaker else "Respondent:"))
                speaker ^= 1
            k = rng.randint(4, 22)
            sentence = rng.choices(words, cum_weights=weights, k=k)
            if rng.random() < 0.25:
                sentence.insert(rng.randint(0, k), rng.choice(DATES))
            if rng.random() < 0.2:
                sentence.insert(rng.randint(0, k), rng.choice(FILLERS))
            s = " ".join(sentence)
            parts.append(s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?", "!", "..."]))
            count += len(s.split())
        texts.append(" ".join(parts).strip())
        total += count
    return texts


def main() -> None:
    import spacy

    from workbench.nlp import analyse, make_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--per-text", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    texts = interview_texts(args.words, args.per_text)
    pairs = [(t, date(2010, 5, 1)) for t in texts]
    tokenizer = spacy.blank("en")
    nlp = make_pipeline()
    runs: dict[str, Callable[[], int]] = {
        "tokenizer": lambda: sum(len(d) for d in tokenizer.pipe(texts)),
        "pipeline": lambda: sum(len(d) for d in nlp.pipe(texts)),
        "analyse": lambda: sum(len(a.mentions) for a in analyse(pairs)),
    }
    for run in runs.values():  # warm up: vocabularies, caches, the lemma table
        run()
    best = dict.fromkeys(runs, math.inf)
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - start)
    n_tokens = runs["tokenizer"]()
    print(
        f"{len(texts)} texts, {args.words} words, {n_tokens} tokens, CPU seconds, best of "
        f"{args.rounds}"
    )
    for name, seconds in best.items():
        ratio = seconds / best["tokenizer"]
        print(
            f"  {name:10} {seconds:7.3f} s  {n_tokens / seconds / 1000:7.0f}k tokens/s  "
            f"x{ratio:.2f}"
        )
    print(f"  mentions found: {runs['analyse']()}")


if __name__ == "__main__":
    main()
