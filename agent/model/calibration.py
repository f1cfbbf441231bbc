"""Calibrated probabilities: temperature scaling fitted on out-of-fold predictions, and how to read it.

A multinomial logistic regression's probabilities are ``softmax(z)``; temperature scaling replaces them
with ``softmax(z / T)``, one number fitted to minimise the log-loss of out-of-fold predictions (folds
grouped by source / template family, see :func:`agent.model.training.cross_validate`). It keeps every
argmax and only stretches or shrinks confidence, and it is applied to the model itself (coefficients
and intercepts divided by T), so the shipped files and the numpy scorer need nothing new.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

T_RANGE = (0.2, 5.0)


def apply_temperature(proba: np.ndarray, t: float) -> np.ndarray:
    """``softmax(log(proba) / t)``: what the model predicts once its logits are divided by ``t``."""
    z = np.log(np.clip(np.asarray(proba, dtype=float), 1e-300, None)) / t
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_loss(proba: np.ndarray, y: np.ndarray) -> float:
    return float(-np.log(np.clip(proba[np.arange(len(y)), y], 1e-15, None)).mean())


def fit_temperature(proba: np.ndarray | Sequence[Sequence[float]], y: Sequence[int] | np.ndarray) -> float:
    """The T in T_RANGE minimising the log-loss of ``apply_temperature(proba, T)`` against the class
    indices ``y`` (golden-section search on log T; the loss is convex in 1/T)."""
    p = np.asarray(proba, dtype=float)
    yy = np.asarray(y, dtype=int)
    if not len(yy):
        return 1.0
    lo, hi = np.log(T_RANGE[0]), np.log(T_RANGE[1])
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = log_loss(apply_temperature(p, np.exp(a)), yy), log_loss(apply_temperature(p, np.exp(b)), yy)
    for _ in range(60):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = log_loss(apply_temperature(p, np.exp(a)), yy)
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = log_loss(apply_temperature(p, np.exp(b)), yy)
    return round(float(np.exp((lo + hi) / 2)), 4)


def scale_pipeline(pipe, t: float) -> None:
    """Divide the final linear layer of a fitted pipeline by ``t`` (in place)."""
    clf = pipe.steps[-1][1]
    clf.coef_ = clf.coef_ / t
    clf.intercept_ = clf.intercept_ / t


def reliability(confidence: Sequence[float] | np.ndarray, correct: Sequence[bool] | np.ndarray,
                edges: Sequence[float] = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)) -> dict:
    """How often the label shown is right, per band of the confidence shown: rows of (band, n, mean
    confidence, accuracy), and the expected calibration error (the n-weighted mean gap)."""
    c = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=bool)
    rows, gap = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (c >= lo) & (c < hi)
        if not m.any():
            continue
        mc, acc = float(c[m].mean()), float(ok[m].mean())
        rows.append({"band": f"{lo:.2f}-{min(hi, 1.0):.2f}", "n": int(m.sum()), "mean_confidence": round(mc, 4),
                     "accuracy": round(acc, 4)})
        gap += m.sum() * abs(mc - acc)
    return {"bins": rows, "ece": round(gap / max(len(c), 1), 4)}


def format_reliability(rel: dict) -> str:
    lines = ["| confidence shown | n | mean confidence | share correct |", "|---|---:|---:|---:|"]
    lines += [f"| {r['band']} | {r['n']} | {r['mean_confidence']:.3f} | {r['accuracy']:.3f} |" for r in rel["bins"]]
    return "\n".join(lines + ["", f"expected calibration error: {rel['ece']:.3f}"])
