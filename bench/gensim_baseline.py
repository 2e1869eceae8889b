#!/usr/bin/env python3
"""gensim Word2Vec on bench/corpus.txt with SkipGramTrainer's hyper-parameters, one worker.

Prints one JSON object: words per second (gensim's effective words, i.e. tokens times epochs,
the same count TrainerBenchmark reports) for each timed run, and their median. Only
Word2Vec.train is timed; build_vocab runs once before. The hyper-parameters match
docs/model-format.md: skip-gram, 5 negatives, window 2 not randomly shrunk, 32 dimensions,
5 epochs, no sub-sampling, noise exponent 0.75, learning rate 0.025 decaying linearly to
0.025 * 1e-4.

usage: gensim_baseline.py [corpus] [warm-up runs] [timed runs]
"""
import json
import statistics
import sys
import time
from pathlib import Path

import gensim
from gensim.models import Word2Vec
from gensim.models.word2vec_inner import FAST_VERSION


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("corpus.txt")
    warmups = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    sentences = [line.split() for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    alpha = 0.025
    model = Word2Vec(vector_size=32, window=2, min_count=1, sg=1, hs=0, negative=5, ns_exponent=0.75,
                     sample=0, alpha=alpha, min_alpha=alpha * 1e-4, workers=1, epochs=5, seed=1,
                     shrink_windows=False)
    model.build_vocab(sentences)
    rates = []
    for run in range(warmups + runs):
        start = time.perf_counter()
        effective, raw = model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
        seconds = time.perf_counter() - start
        if run >= warmups:
            rates.append(effective / seconds)
    print(json.dumps({
        "gensim": gensim.__version__,
        "fast_version": FAST_VERSION,
        "sentences": len(sentences),
        "tokens": sum(len(s) for s in sentences),
        "words_per_run": effective,
        "words_per_second": rates,
        "median_words_per_second": statistics.median(rates),
    }))


if __name__ == "__main__":
    main()
