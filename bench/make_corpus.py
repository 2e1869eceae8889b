#!/usr/bin/env python3
"""Writes bench/corpus.txt, the training corpus of TrainerBenchmark and gensim_baseline.py.

Deterministic (a fixed seed, the standard library only): 2,000 sentences of 6 to 14 words drawn
with Zipf weights (1/rank) from a vocabulary of 2,000 made-up lower-case words, one sentence a
line, words separated by single spaces, so that our tokenizer and str.split() read the same
tokens. The corpus is committed; this script documents how it was made.
"""
import random
import sys
from pathlib import Path

SYLLABLES = ["ka", "ri", "mo", "te", "su", "na", "lo", "pe", "vi", "da",
             "fe", "gu", "ho", "ji", "ba", "ze", "co", "mi", "ra", "tu"]


def vocabulary(size, rng):
    words = []
    seen = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("corpus.txt")
    rng = random.Random(20260101)
    words = vocabulary(2000, rng)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    lines = []
    for _ in range(2000):
        length = rng.randint(6, 14)
        lines.append(" ".join(rng.choices(words, weights=weights, k=length)))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
