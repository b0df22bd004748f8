#!/usr/bin/env python3
"""Writes the median reference fixtures used by Tests/PoolingTests/MedianTests.swift.

Each expected output is the lower median of the window's in-image samples, computed here
with numpy from PRODUCT.md §2 (window geometry: PyTorch's output size and ceil rule,
TensorFlow's SAME padding) by plain loops: sorted(samples)[(m-1)//2] for the m samples of
the window that lie in the image. Nothing is ported from the Swift kernels.

The cases cover the stride-1 3x3 and 5x5 filters (windows hanging over padding with odd and
even in-image counts, rows of 2..5 in-image samples, inputs wide enough for several tiles),
and the general gathering path (other kernels, strides, ceil-mode edge windows, rectangles,
padding=same with an odd padded cell), on 1-4 channels, uniform noise and many-tied samples.

Output: Tests/PoolingTests/Fixtures/median_cases.json (index) and median_cases.bin
(little-endian float32: each case's input then its expected output, at the offsets given),
in the format of pooling_cases.json.

Usage: python3 tools/make_median_references.py
"""
import json
import os

import numpy as np

from make_pooling_references import arg  # one encoding of stage arguments for the Swift tests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Tests", "PoolingTests", "Fixtures")


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def axis_starts(n, k, s, p, ceil):
    """Window start positions (may be negative) on one axis."""
    if p == "same":
        out = -(-n // s)
        return [i * s - max((out - 1) * s + k - n, 0) // 2 for i in range(out)]
    out = (n + 2 * p - k + ((s - 1) if ceil else 0)) // s + 1
    if ceil and (out - 1) * s >= n + p:
        out -= 1
    return [i * s - p for i in range(out)]


def lower_median(x, k, s, p, ceil):
    (kh, kw), (sh, sw) = pair(k), pair(s)
    ph, pw = (p, p) if isinstance(p, str) else pair(p)
    H, W, C = x.shape
    rows = axis_starts(H, kh, sh, ph, ceil)
    cols = axis_starts(W, kw, sw, pw, ceil)
    out = np.empty((len(rows), len(cols), C), dtype=np.float32)
    for oy, y in enumerate(rows):
        for ox, xx in enumerate(cols):
            window = x[max(y, 0):max(y + kh, 0), max(xx, 0):max(xx + kw, 0)].reshape(-1, C)
            m = window.shape[0]
            out[oy, ox] = np.sort(window, axis=0)[(m - 1) // 2]
    return out


# Stride-1 3x3 / 5x5 (the sorted-column filter): shapes hit rows with 2..5 in-image rows,
# several tiles per row (90*3 and 70*4 samples exceed a tile), and rows too narrow for it.
FILTER_CASES = [(3, 1, 1, False), (5, 1, 2, False), (3, 1, 0, False), (5, 1, 0, False),
                (5, 1, 1, False), (3, 1, "same", False), (5, 1, "same", False), (5, 1, 2, True)]
FILTER_SHAPES = [(14, 90, 3), (6, 70, 4), (2, 17, 1), (3, 9, 2), (4, 13, 1), (9, 8, 3), (5, 6, 4)]
# Everything else goes through the gathering kernel.
GENERAL_CASES = [(3, 2, 1, True), (5, 2, 2, True), (5, 3, 2, True), (2, 2, 1, True), (3, 3, 1, True),
                 (4, 3, 2, True), (4, 1, "same", False), (2, 1, "same", False), (4, 1, 2, False),
                 ((3, 5), (1, 1), (1, 2), False), ((5, 3), (2, 1), (2, 1), True), (3, 2, "same", False)]
GENERAL_SHAPES = [(7, 9, 1), (6, 11, 4), (9, 8, 3), (5, 5, 2)]


def main():
    rng = np.random.default_rng(20261130)
    index, blob, offset = [], [], 0
    for cases, shapes in ((FILTER_CASES, FILTER_SHAPES), (GENERAL_CASES, GENERAL_SHAPES)):
        for number, (k, s, p, ceil) in enumerate(cases):
            for n, shape in enumerate(shapes):
                if (number + n) % 3 == 0:
                    x = (rng.integers(0, 5, shape) / 4).astype(np.float32)  # many ties
                else:
                    x = rng.uniform(-1, 1, shape).astype(np.float32)
                y = lower_median(x, k, s, p, ceil)
                if y.shape[0] < 1 or y.shape[1] < 1:
                    continue
                index.append({
                    "op": "median",
                    "positional": [arg(k)],
                    "named": [["stride", arg(s)], ["padding", arg(p)], ["ceil", arg(ceil)]],
                    "input": {"shape": list(x.shape), "offset": offset},
                    "expected": {"shape": list(y.shape), "offset": offset + x.size},
                })
                blob += [x.ravel(), y.ravel()]
                offset += x.size + y.size
    os.makedirs(OUT_DIR, exist_ok=True)
    np.concatenate(blob).astype("<f4").tofile(os.path.join(OUT_DIR, "median_cases.bin"))
    with open(os.path.join(OUT_DIR, "median_cases.json"), "w") as f:
        json.dump({"tolerance": "exact (a median is one of the samples)", "cases": index}, f, indent=0)
    print(f"{len(index)} cases, {offset} floats")


if __name__ == "__main__":
    main()
