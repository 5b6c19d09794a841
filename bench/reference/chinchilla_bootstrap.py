"""Reference for the bootstrap of the Chinchilla log-Huber fit (Besiroglu et al. 2024):
resample the 240 runs with replacement, refit each resample with scipy's BFGS and analytic
gradients, started at the full-data optimum; 95% percentile intervals.

Usage: python3 chinchilla_bootstrap.py <svg_extracted_data.csv> <resamples> <seed>
       (the full-data optimum is found first from the best of Hoffmann's grid, not timed)
Prints one JSON document.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize

from chinchilla_grid import load, objective_and_gradient


def main():
    log_n, log_d, log_l = load(sys.argv[1])
    resamples, seed = int(sys.argv[2]), int(sys.argv[3])
    # Full-data optimum: the best published start region, polished by BFGS (not timed).
    start = np.array([np.log(477.8), np.log(2143.4), np.log(1.817), 0.347, 0.367])
    best = minimize(objective_and_gradient, start, args=(log_n, log_d, log_l), jac=True,
                    method="BFGS").x
    rng = np.random.default_rng(seed)
    n = len(log_l)
    started = time.perf_counter()
    draws, failed = [], 0
    for _ in range(resamples):
        idx = rng.integers(0, n, n)
        result = minimize(objective_and_gradient, best, args=(log_n[idx], log_d[idx], log_l[idx]),
                          jac=True, method="BFGS")
        if not np.all(np.isfinite(result.x)):
            failed += 1
            continue
        a, b, e, alpha, beta = result.x
        draws.append([np.exp(e), np.exp(a), np.exp(b), alpha, beta])
    elapsed = time.perf_counter() - started
    draws = np.array(draws)
    names = ["E", "A", "B", "alpha", "beta"]
    print(json.dumps({
        "seconds": elapsed,
        "resamples": resamples,
        "failed": failed,
        "intervals": {name: [float(np.percentile(draws[:, j], 2.5)),
                             float(np.percentile(draws[:, j], 97.5))]
                      for j, name in enumerate(names)},
        "standardErrors": {name: float(draws[:, j].std(ddof=1)) for j, name in enumerate(names)},
    }))


if __name__ == "__main__":
    main()
