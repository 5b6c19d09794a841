"""pass@k reference: the unbiased estimator (Chen et al. 2021) in its stable product form,
averaged over problems per step, from one CSV row per attempt (step, problem, correct).

Usage: python3 pass_at_k.py attempts.csv 1,16   -> JSON {step: {k: mean}} on stdout
"""
import csv
import json
import sys
from collections import defaultdict


def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    product = 1.0
    for i in range(n - c + 1, n + 1):
        product *= 1.0 - k / i
    return 1.0 - product


def main():
    path, ks = sys.argv[1], [int(k) for k in sys.argv[2].split(",")]
    counts = defaultdict(lambda: [0, 0])
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            entry = counts[(row["step"], row["problem"])]
            entry[0] += 1
            entry[1] += int(row["correct"])
    by_step = defaultdict(list)
    for (step, _), (n, c) in counts.items():
        by_step[step].append((n, c))
    result = {
        step: {k: sum(pass_at_k(n, c, k) for n, c in runs) / len(runs) for k in ks}
        for step, runs in by_step.items()
    }
    json.dump(result, sys.stdout)


main()
