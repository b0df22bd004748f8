#!/usr/bin/env python3
"""Writes the pooling reference fixtures used by Tests/PoolingTests.

Every expected output is computed here, in float64 with plain loops over the windows, from
the definitions in PRODUCT.md §2 and PyTorch's documented formulas (max_pool2d,
avg_pool2d, lp_pool2d, adaptive_*_pool2d, fractional_max_pool2d's interval rule), TensorFlow's
SAME/VALID padding and BlurPool (Zhang 2019). Nothing here is ported from the Swift kernels.

Output: Tests/PoolingTests/Fixtures/pooling_cases.json (index) and pooling_cases.bin
(little-endian float32: each case's input then its expected output, at the offsets given).

When onnxruntime and onnx are importable, max/avg/lp/global cases without ceil mode or TF
padding are also run through onnxruntime's MaxPool/AveragePool/LpPool/Global*Pool and must
agree with the numpy reference (the script stops otherwise).

Usage: python3 tools/make_pooling_references.py
"""
import json
import math
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Tests", "PoolingTests", "Fixtures")


# ---------------------------------------------------------------- window geometry

def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def torch_out(n, k, s, p, d, ceil):
    """PyTorch pooling_output_shape."""
    k_eff = d * (k - 1) + 1
    num = n + 2 * p - k_eff + ((s - 1) if ceil else 0)
    out = num // s + 1  # Python // floors
    if ceil and (out - 1) * s >= n + p:
        out -= 1
    return out


def same_geometry(n, k, s, d):
    """TensorFlow SAME: ceil(n/s) outputs, odd padded cell after."""
    k_eff = d * (k - 1) + 1
    out = -(-n // s)
    total = max((out - 1) * s + k_eff - n, 0)
    return out, total // 2


def axis_taps(n, k, s, d, padding, ceil):
    """For each output index: list of tap positions (may fall outside [0, n))."""
    if padding == "same":
        out, before = same_geometry(n, k, s, d)
    elif padding == "valid":
        out, before = torch_out(n, k, s, 0, d, ceil), 0
    else:
        out, before = torch_out(n, k, s, padding, d, ceil), padding
    return [[i * s - before + j * d for j in range(k)] for i in range(out)]


# ---------------------------------------------------------------- reference ops

def ref_extremum(x, k, s, p, d, ceil, take_max):
    H, W, C = x.shape
    (kh, kw), (sh, sw), (dh, dw) = pair(k), pair(s), pair(d)
    ph, pw = (p, p) if isinstance(p, str) else pair(p)
    rows = axis_taps(H, kh, sh, dh, ph, ceil)
    cols = axis_taps(W, kw, sw, dw, pw, ceil)
    out = np.empty((len(rows), len(cols), C))
    for oy, rt in enumerate(rows):
        for ox, ct in enumerate(cols):
            for c in range(C):
                vals = [x[y, xx, c] for y in rt if 0 <= y < H for xx in ct if 0 <= xx < W]
                out[oy, ox, c] = max(vals) if take_max else min(vals)
    return out


def ref_avg(x, k, s, p, ceil, count_pad):
    """avg_pool2d exactly as its CPU kernel defines the divisor; TF padding never counts pad."""
    H, W, C = x.shape
    (kh, kw), (sh, sw) = pair(k), pair(s)
    if isinstance(p, str):
        rows = axis_taps(H, kh, sh, 1, p, ceil)
        cols = axis_taps(W, kw, sw, 1, p, ceil)
        out = np.empty((len(rows), len(cols), C))
        for oy, rt in enumerate(rows):
            for ox, ct in enumerate(cols):
                ys = [y for y in rt if 0 <= y < H]
                xs = [xx for xx in ct if 0 <= xx < W]
                out[oy, ox] = x[np.ix_(ys, xs)].reshape(-1, C).sum(0) / (len(ys) * len(xs))
        return out
    ph, pw = pair(p)
    oh, ow = torch_out(H, kh, sh, ph, 1, ceil), torch_out(W, kw, sw, pw, 1, ceil)
    out = np.empty((oh, ow, C))
    for oy in range(oh):
        for ox in range(ow):
            hs, ws = oy * sh - ph, ox * sw - pw
            he, we = min(hs + kh, H + ph), min(ws + kw, W + pw)
            pool = (he - hs) * (we - ws)
            hs, ws, he, we = max(hs, 0), max(ws, 0), min(he, H), min(we, W)
            div = pool if count_pad else (he - hs) * (we - ws)
            out[oy, ox] = x[hs:he, ws:we].reshape(-1, C).sum(0) / div
    return out


def ref_lp(x, pw_, k, s, ceil):
    """lp_pool2d: (avg_pool2d(x^p, k, s, 0, ceil) * kh*kw) ^ (1/p)."""
    kh, kw = pair(k)
    with np.errstate(invalid="ignore"):
        avg = ref_avg(np.power(x, pw_), k, s, 0, ceil, True)
        return np.power(np.sign(avg) * np.abs(avg) * (kh * kw), 1.0 / pw_)


def ref_window_samples(x, k, s, p, ceil, fn):
    H, W, C = x.shape
    (kh, kw), (sh, sw) = pair(k), pair(s)
    ph, pw = (p, p) if isinstance(p, str) else pair(p)
    rows = axis_taps(H, kh, sh, 1, ph, ceil)
    cols = axis_taps(W, kw, sw, 1, pw, ceil)
    out = np.empty((len(rows), len(cols), C))
    for oy, rt in enumerate(rows):
        for ox, ct in enumerate(cols):
            for c in range(C):
                vals = np.array([x[y, xx, c] for y in rt if 0 <= y < H for xx in ct if 0 <= xx < W])
                out[oy, ox, c] = fn(vals)
    return out


def ref_pmean(x, pw_, k, s, p, ceil):
    with np.errstate(invalid="ignore"):
        return ref_window_samples(x, k, s, p, ceil, lambda v: np.mean(v ** pw_) ** (1.0 / pw_))


def ref_median(x, k, s, p, ceil):
    return ref_window_samples(x, k, s, p, ceil, lambda v: np.sort(v)[(len(v) - 1) // 2])


def binomial(f):
    return np.array([math.comb(f - 1, j) for j in range(f)], dtype=np.float64)


def ref_blur(x, f, s):
    """BlurPool: ReflectionPad2d([(f-1)//2, ceil((f-1)/2)] per axis), conv2d with
    outer(a, a)/sum, stride s. numpy's 'reflect' equals ReflectionPad2d and keeps
    reflecting when the pad exceeds the input."""
    sh, sw = pair(s)
    if f == 1:
        return x[::sh, ::sw].astype(np.float64)
    before, after = (f - 1) // 2, math.ceil((f - 1) / 2)
    xp = np.pad(x.astype(np.float64), ((before, after), (before, after), (0, 0)), mode="reflect")
    a = binomial(f)
    filt = np.outer(a, a)
    filt /= filt.sum()
    H, W, C = x.shape
    oh, ow = (xp.shape[0] - f) // sh + 1, (xp.shape[1] - f) // sw + 1
    out = np.zeros((oh, ow, C))
    for oy in range(oh):
        for ox in range(ow):
            win = xp[oy * sh:oy * sh + f, ox * sw:ox * sw + f]
            out[oy, ox] = (win * filt[:, :, None]).sum((0, 1))
    return out


def ref_maxblur(x, k, f, s):
    return ref_blur(ref_extremum(x, k, 1, 0, 1, False, True), f, s)


def ref_adaptive(x, size, take_max):
    H, W, C = x.shape
    oh, ow = pair(size)
    out = np.empty((oh, ow, C))
    for oy in range(oh):
        y0, y1 = (oy * H) // oh, -(-((oy + 1) * H) // oh)
        for ox in range(ow):
            x0, x1 = (ox * W) // ow, -(-((ox + 1) * W) // ow)
            win = x[y0:y1, x0:x1].reshape(-1, C)
            out[oy, ox] = win.max(0) if take_max else win.mean(0)
    return out


MASK64 = (1 << 64) - 1


def splitmix64(seed):
    """SplitMix64 (Steele, Lea, Flood 2014), yielding 64-bit outputs."""
    state = seed & MASK64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def fractional_samples(seed):
    """Two float32 samples in [0, 1): the top 24 bits times 2^-24; width first, then height."""
    gen = splitmix64(seed)
    u_w = np.float32((next(gen) >> 40) * 2.0 ** -24)
    u_h = np.float32((next(gen) >> 40) * 2.0 ** -24)
    return u_w, u_h


def fractional_intervals(u, n, out, k):
    """PyTorch generate_intervals, evaluated in float32 like its CPU kernel."""
    seq = [0] * out
    if out > 1:
        alpha = np.float32(n - k) / np.float32(out - 1)
        for i in range(out - 1):
            seq[i] = int(np.float32(np.float32(i) + u) * alpha) - int(np.float32(u * alpha))
    seq[out - 1] = n - k
    return seq


def ref_fractional(x, k, ratio, size, seed):
    H, W, C = x.shape
    kh, kw = pair(k)
    oh, ow = pair(size) if size is not None else (int(H * ratio), int(W * ratio))
    u_w, u_h = fractional_samples(seed)
    rs = fractional_intervals(u_h, H, oh, kh)
    cs = fractional_intervals(u_w, W, ow, kw)
    out = np.empty((oh, ow, C))
    for oy, y0 in enumerate(rs):
        for ox, x0 in enumerate(cs):
            out[oy, ox] = x[y0:y0 + kh, x0:x0 + kw].reshape(-1, C).max(0)
    return out


# ---------------------------------------------------------------- cases

def arg(v):
    """Encodes a stage-language argument for the Swift test: [kind, values...]."""
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", v]
    if isinstance(v, float):
        return ["real", v]
    if isinstance(v, tuple):
        return ["size", v[0], v[1]]
    return ["word", v]


def d(v, default):
    return default if v is None else v


def cases():
    """(op, positional, named, reference function of x, onnx spec or None)."""
    out = []
    def add(op, pos, named, fn, onnx=None, shapes=None):
        out.append((op, pos, named, fn, onnx, shapes))

    # max / min: padding, dilation, ceil edge windows, rectangles, TF same/valid.
    for take_max, op in ((True, "max"), (False, "min")):
        for k, s, p, dl, ceil in [(2, 2, 0, 1, False), (3, 2, 1, 1, False), (3, 2, 1, 1, True),
                                  (2, 2, 0, 1, True), (3, 1, 1, 1, False), (3, 2, 2, 2, False),
                                  (2, 3, 1, 2, True), ((3, 2), (2, 1), (1, 0), 1, False),
                                  (4, 3, 2, 1, True), (3, 2, "same", 1, False), (2, 2, "same", 1, False),
                                  (4, 3, "same", 1, False), (3, 2, "valid", 1, True), (3, 2, "same", 2, False)]:
            named = [("stride", s), ("padding", p), ("dilation", dl), ("ceil", ceil)]
            onnx = ("MaxPool", k, s, p, dl) if take_max and not ceil and not isinstance(p, str) else None
            add(op, [k], named, lambda x, k=k, s=s, p=p, dl=dl, ceil=ceil, t=take_max: ref_extremum(x, k, s, p, dl, ceil, t), onnx)
    add("max", [3], [], lambda x: ref_extremum(x, 3, 3, 0, 1, False, True))
    # avg: count_pad both ways, ceil-mode edge windows (including windows past the padded input).
    for k, s, p, ceil in [(2, 2, 0, False), (3, 2, 1, False), (3, 2, 1, True), (2, 2, 0, True),
                          (3, 3, 1, True), (4, 3, 2, True), (2, 2, 1, True), ((3, 2), (2, 1), (1, 1), True),
                          (5, 2, 2, False), (3, 1, 1, False)]:
        for cp in (True, False):
            onnx = ("AveragePool", k, s, p, cp) if not ceil else None
            add("avg", [k], [("stride", s), ("padding", p), ("ceil", ceil), ("count_pad", cp)],
                lambda x, k=k, s=s, p=p, ceil=ceil, cp=cp: ref_avg(x, k, s, p, ceil, cp), onnx)
    for k, s, p in [(3, 2, "same"), (2, 2, "same"), (4, 3, "same"), (3, 2, "valid"), (2, 1, "same")]:
        add("avg", [k], [("stride", s), ("padding", p)], lambda x, k=k, s=s, p=p: ref_avg(x, k, s, p, False, True))
    add("avg", [2], [], lambda x: ref_avg(x, 2, 2, 0, False, True))
    # lp: PyTorch definition, ceil edge windows scaled by the full kernel area.
    for pw_, k, s, ceil in [(2.0, 2, 2, False), (3.0, 3, 2, True), (1.5, 2, 1, False), (2.0, 3, 2, True),
                            (1.0, 2, 2, True), (4.0, (2, 3), (1, 2), False)]:
        onnx = ("LpPool", k, s, pw_) if not ceil and float(pw_).is_integer() else None
        add("lp", [pw_, k], [("stride", s), ("ceil", ceil)], lambda x, pw_=pw_, k=k, s=s, ceil=ceil: ref_lp(x, pw_, k, s, ceil), onnx)
    add("lp", [2], [("kernel", 3)], lambda x: ref_lp(x, 2.0, 3, 3, False))
    # pmean over in-image samples.
    for pw_, k, s, p, ceil in [(2.0, 3, 2, 1, False), (0.5, 2, 2, 0, True), (1.0, 3, 2, 1, True),
                               (3.0, 2, 1, 1, False), (2.5, 3, 2, "same", False)]:
        add("pmean", [pw_, k], [("stride", s), ("padding", p), ("ceil", ceil)],
            lambda x, pw_=pw_, k=k, s=s, p=p, ceil=ceil: ref_pmean(x, pw_, k, s, p, ceil))
    # median: lower median of in-image samples.
    for k, s, p, ceil in [(3, 2, 1, False), (2, 2, 0, False), (3, 3, 0, True), (3, 1, 1, False),
                          (4, 3, 2, True), (3, 2, "same", False), ((2, 3), (2, 2), (1, 1), True), (6, 6, 3, False)]:
        add("median", [k], [("stride", s), ("padding", p), ("ceil", ceil)],
            lambda x, k=k, s=s, p=p, ceil=ceil: ref_median(x, k, s, p, ceil))
    # blur / maxblur.
    for f in range(1, 8):
        add("blur", [], [("filter", f)], lambda x, f=f: ref_blur(x, f, 2))
    for f, s in [(3, 1), (4, 3), (5, (2, 1)), (2, 2)]:
        add("blur", [f], [("stride", s)], lambda x, f=f, s=s: ref_blur(x, f, s))
    add("blur", [], [], lambda x: ref_blur(x, 3, 2), shapes=[(1, 1, 3), (2, 3, 1), (1, 5, 2)])
    add("blur", [7], [], lambda x: ref_blur(x, 7, 2), shapes=[(2, 3, 1), (3, 1, 4)])
    add("maxblur", [], [], lambda x: ref_maxblur(x, 2, 3, 2))
    add("maxblur", [3], [("filter", 5), ("stride", 2)], lambda x: ref_maxblur(x, 3, 5, 2))
    # adaptive / global.
    for size in [3, (4, 5), (2, 1), (9, 13)]:
        add("adaptive_avg", [size], [], lambda x, size=size: ref_adaptive(x, size, False))
        add("adaptive_max", [size], [], lambda x, size=size: ref_adaptive(x, size, True))
    add("global_avg", [], [], lambda x: x.astype(np.float64).mean((0, 1))[None, None, :], ("GlobalAveragePool",))
    add("global_max", [], [], lambda x: x.max((0, 1))[None, None, :].astype(np.float64), ("GlobalMaxPool",))
    # fractional max.
    for k, ratio, size, seed in [(2, 0.5, None, 0), (2, 0.5, None, 7), (3, 0.6, None, 42),
                                 (2, None, (3, 4), 123), ((2, 3), None, (2, 2), 5), (1, 0.7, None, 9)]:
        named = [("size", size)] if size is not None else [("ratio", ratio)]
        named.append(("seed", seed))
        add("fractional_max", [k], named, lambda x, k=k, ratio=ratio, size=size, seed=seed: ref_fractional(x, k, ratio, size, seed))
    return out


SHAPES = [(7, 9, 1), (8, 6, 3), (5, 5, 2), (6, 11, 4), (9, 8, 3)]


def onnx_check(spec, x, expected):
    """Runs one case through onnxruntime (NCHW) and compares with the numpy reference."""
    import onnx
    from onnx import helper, TensorProto
    import onnxruntime as ort
    kind = spec[0]
    attrs = {}
    if kind in ("MaxPool", "AveragePool", "LpPool"):
        k, s = pair(spec[1]), pair(spec[2])
        attrs["kernel_shape"] = list(k)
        attrs["strides"] = list(s)
        if kind == "MaxPool":
            p, dl = pair(spec[3]), pair(spec[4])
            attrs["pads"] = [p[0], p[1], p[0], p[1]]
            attrs["dilations"] = list(dl)
        elif kind == "AveragePool":
            p = pair(spec[3])
            attrs["pads"] = [p[0], p[1], p[0], p[1]]
            attrs["count_include_pad"] = 1 if spec[4] else 0
        else:
            attrs["p"] = int(spec[3])
    node = helper.make_node(kind, ["X"], ["Y"], **attrs)
    H, W, C = x.shape
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, C, H, W])],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    y = sess.run(None, {"X": np.transpose(x, (2, 0, 1))[None]})[0][0].transpose(1, 2, 0)
    if y.shape != expected.shape or not np.allclose(y, expected, rtol=1e-5, atol=1e-6, equal_nan=True):
        raise SystemExit(f"onnxruntime disagrees with the reference for {spec} on {x.shape}")


def main():
    try:
        import onnxruntime  # noqa: F401
        import onnx  # noqa: F401
        have_onnx = True
    except ImportError:
        have_onnx = False
    rng = np.random.default_rng(20261129)
    index, blob, offset = [], [], 0
    onnx_checked = 0
    for number, (op, pos, named, fn, onnx_spec, shapes) in enumerate(cases()):
        for shape in shapes or SHAPES:
            if op in ("lp", "max", "min", "avg") and number % 3 == 0 and shape[2] == 3:
                x = rng.uniform(-1, 1, shape).astype(np.float32)  # signed samples
            else:
                x = rng.uniform(0, 1, shape).astype(np.float32)
            try:
                y = fn(x)
            except (ValueError, IndexError):
                continue  # the op cannot run on this shape (output below 1 or a too-large kernel)
            if y.shape[0] < 1 or y.shape[1] < 1:
                continue
            if op == "fractional_max":
                kh, kw = pair(pos[0])
                if y.shape[0] + kh - 1 > shape[0] or y.shape[1] + kw - 1 > shape[1]:
                    continue
            if have_onnx and onnx_spec is not None:
                onnx_check(onnx_spec, x, y)
                onnx_checked += 1
            y32 = y.astype(np.float32)
            index.append({
                "op": op,
                "positional": [arg(v) for v in pos],
                "named": [[n, arg(v)] for n, v in named],
                "input": {"shape": list(x.shape), "offset": offset},
                "expected": {"shape": list(y32.shape), "offset": offset + x.size},
            })
            blob.append(x.ravel())
            blob.append(y32.ravel())
            offset += x.size + y32.size
    os.makedirs(OUT_DIR, exist_ok=True)
    np.concatenate(blob).astype("<f4").tofile(os.path.join(OUT_DIR, "pooling_cases.bin"))
    with open(os.path.join(OUT_DIR, "pooling_cases.json"), "w") as f:
        json.dump({"tolerance": "relative 1e-6 with an absolute floor of 1e-6", "cases": index}, f, indent=0)
    print(f"{len(index)} cases, {offset} floats; onnxruntime cross-checked {onnx_checked} cases"
          + ("" if have_onnx else " (onnxruntime not installed)"), file=sys.stderr)


if __name__ == "__main__":
    main()
