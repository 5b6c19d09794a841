"""Reference for the Chinchilla log-Huber fit: Hoffmann et al. (2022) Approach 3 as
replicated by Besiroglu et al. (2024): L-BFGS-B from every point of the 4,500-point grid,
analytic gradients, summed Huber loss (delta 1e-3) on natural-log residuals.

Usage: python3 chinchilla_grid.py <svg_extracted_data.csv>
Prints one JSON document: the best parameters, the best objective, and per-start results
summary (how many starts, the lowest objective any start reached).
"""
import csv
import itertools
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import logsumexp

DELTA = 1e-3


def load(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    N = np.array([float(r["Model Size"]) for r in rows])
    C = np.array([float(r["Training FLOP"]) for r in rows])
    L = np.array([float(r["loss"]) for r in rows])
    # Epoch's preprocessing: drop every run whose loss is >= the fifth-highest loss.
    keep = L < np.sort(L)[-5]
    N, C, L = N[keep], C[keep], L[keep]
    D = C / (6 * N)
    return np.log(N), np.log(D), np.log(L)


def objective_and_gradient(theta, log_n, log_d, log_l):
    a, b, e, alpha, beta = theta
    terms = np.stack([a - alpha * log_n, b - beta * log_d, np.full_like(log_n, e)])
    prediction = logsumexp(terms, axis=0)
    weights = np.exp(terms - prediction)  # softmax: d prediction / d term
    residual = log_l - prediction
    small = np.abs(residual) <= DELTA
    value = np.where(small, 0.5 * residual**2, DELTA * (np.abs(residual) - 0.5 * DELTA)).sum()
    psi = np.where(small, residual, DELTA * np.sign(residual))
    # d value / d prediction = -psi
    grad = np.array([
        -(psi * weights[0]).sum(),
        -(psi * weights[1]).sum(),
        -(psi * weights[2]).sum(),
        (psi * weights[0] * log_n).sum(),
        (psi * weights[1] * log_d).sum(),
    ])
    return value, grad


def main():
    log_n, log_d, log_l = load(sys.argv[1])
    started = time.perf_counter()
    grid = itertools.product(
        np.arange(0, 30, 5),        # a = log A
        np.arange(0, 30, 5),        # b = log B
        np.arange(-1, 1.5, 0.5),    # e = log E
        np.arange(0, 2.5, 0.5),     # alpha
        np.arange(0, 2.5, 0.5),     # beta
    )
    best = None
    values = []
    for start in grid:
        result = minimize(objective_and_gradient, np.array(start, dtype=float),
                          args=(log_n, log_d, log_l), jac=True, method="L-BFGS-B")
        values.append(float(result.fun))
        if best is None or result.fun < best.fun:
            best = result
    elapsed = time.perf_counter() - started
    a, b, e, alpha, beta = best.x
    print(json.dumps({
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "starts": len(values),
        "seconds": elapsed,
        "objective": float(best.fun),
        "params": {"E": float(np.exp(e)), "A": float(np.exp(a)), "B": float(np.exp(b)),
                   "alpha": float(alpha), "beta": float(beta)},
        "startsWithinOnePercentOfBest": int(sum(v <= best.fun * 1.01 for v in values)),
    }))


if __name__ == "__main__":
    main()
