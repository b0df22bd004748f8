#!/usr/bin/env python3
"""Writes Sources/Pooling/MedianNetworks.swift: the comparator networks of the stride-1
3x3 and 5x5 median filters (MedianFilter.swift), each proved here before it is emitted.

The filters work on sorted columns (each window column sorted on its own, shared by the
k outputs that see it). From there:

  5x5: pair   = merge of two adjacent sorted 5-columns into a sorted 10-list;
       quad   = ranks s..s+5 of the merge of two pairs (20 samples; s = 7 for a window of
                25 in-image samples, s = 4 for 20 in-image samples, see below);
       median = rank 5 of the quad's 6 ranks and the fifth sorted column.
  3x3: median = med3(max of the 3 column minima, med3 of the 3 middles, min of the 3 maxima)
       (rank 4 of 9); for windows with 2 in-image rows, rank 2 of 3 sorted pairs.

Windows with fewer in-image rows are padded with sentinels so that the same networks select
the lower median of the in-image samples: 3 rows of 5 (15 samples, lower median rank 7)
become 25 with one row of -inf and one of +inf (rank 12); 4 rows of 5 (20 samples, rank 9)
become 25 with one row of +inf, whose rank 9 comes out of a quad of ranks 4..9.

Every network is derived mechanically (Batcher's odd-even merge, then the comparators that
cannot reach a needed output dropped and the rest dropped greedily while the network stays
correct) and checked exhaustively by the 0-1 principle (a comparator network selects rank r
of every input iff it does so for every 0-1 input), alone and composed, on all 0-1 inputs
whose columns are sorted (plus, for the column sorts, all 0-1 inputs).

Usage: python3 tools/make_median_networks.py   (rewrites the Swift file; deterministic)
"""
import itertools
import os
import random

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "Pooling", "MedianNetworks.swift")


# ---------------------------------------------------------------- networks on 0-1 inputs

def run(net, x):
    w = x.copy()
    for a, b, *_ in net:
        lo, hi = np.minimum(w[:, a], w[:, b]), np.maximum(w[:, a], w[:, b])
        w[:, a], w[:, b] = lo, hi
    return w


def sorted_lists(sizes):
    """Every 0-1 input made of ascending lists of the given sizes, wires numbered in order."""
    states = list(itertools.product(*[range(s + 1) for s in sizes]))
    x = np.zeros((len(states), sum(sizes)), dtype=np.int8)
    for n, zeros in enumerate(states):
        off = 0
        for s, z in zip(sizes, zeros):
            x[n, off + z:off + s] = 1
            off += s
    return x


def rank_of(x, r):
    """Rank r (0-based, ascending) of each 0-1 row."""
    return ((x == 0).sum(1) <= r).astype(np.int8)


def selects(net, x, outs, ranks):
    w = run(net, x)
    return all(np.array_equal(w[:, o], rank_of(x, r)) for o, r in zip(outs, ranks))


def live(net, outs):
    """The comparators that can reach `outs`, and for each which of its outputs are used."""
    used, kept = set(outs), []
    for a, b in reversed(net):
        if a in used or b in used:
            kept.append((a, b, a in used, b in used))
            used |= {a, b}
    return list(reversed(kept))


def odd_even_merge(a, b, net):
    """Batcher's odd-even merge of ascending wire lists a and b; returns the merged order."""
    if not a or not b:
        return list(a or b)
    if len(a) == 1 and len(b) == 1:
        net.append((a[0], b[0]))
        return [a[0], b[0]]
    even = odd_even_merge(a[0::2], b[0::2], net)
    odd = odd_even_merge(a[1::2], b[1::2], net)
    merged = []
    for i in range(max(len(even), len(odd))):
        merged += even[i:i + 1] + odd[i:i + 1]
    for i in range(1, len(merged) - 1, 2):
        net.append((merged[i], merged[i + 1]))
    return merged


def selection_network(sizes, ranks, seed=1):
    """Comparators selecting `ranks` of the union of ascending lists of `sizes` (merged left
    to right), pruned; returns (comparators with used-output flags, output wire per rank)."""
    lists, off = [], 0
    for s in sizes:
        lists.append(list(range(off, off + s)))
        off += s
    net = []
    merged = lists[0]
    for more in lists[1:]:
        merged = odd_even_merge(merged, more, net)
    outs = [merged[r] for r in ranks]
    x = sorted_lists(sizes)
    assert selects(net, x, outs, ranks)
    rnd = random.Random(seed)
    net = [(a, b) for a, b, _, _ in live(net, outs)]
    shrinking = True
    while shrinking:
        shrinking = False
        for i in rnd.sample(range(len(net)), len(net)):
            trial = net[:i] + net[i + 1:]
            if selects(trial, x, outs, ranks):
                net = [(a, b) for a, b, _, _ in live(trial, outs)]
                shrinking = True
                break
    return live(net, outs), outs


SORT = {  # optimal sorting networks (Knuth 5.3.4), proved below
    2: [(0, 1)],
    3: [(1, 2), (0, 2), (0, 1)],
    4: [(0, 1), (2, 3), (0, 2), (1, 3), (1, 2)],
    5: [(0, 1), (3, 4), (2, 4), (2, 3), (0, 3), (0, 2), (1, 4), (1, 3), (1, 2)],
}


# Sorting three vectors of which two are already ascending (the 3x3 filter's two output rows
# share their middle rows, sorted once): the new one at wire 0 (below) or wire 2 (above).
INSERT = {"insertBelow": ([(0, 1), (1, 2)], (1, 2)), "insertAbove": ([(1, 2), (0, 1)], (0, 1))}


def check_sorts():
    for n, net in SORT.items():
        x = np.array(list(itertools.product([0, 1], repeat=n)), dtype=np.int8)
        assert np.array_equal(run(net, x), np.sort(x, axis=1)), n
    for name, (net, (a, b)) in INSERT.items():
        x = np.array(list(itertools.product([0, 1], repeat=3)), dtype=np.int8)
        x = x[x[:, a] <= x[:, b]]
        assert np.array_equal(run(net, x), np.sort(x, axis=1)), name


# ---------------------------------------------------------------- composed proofs

def compose5(pair_net, pair_outs, median_net, median_out, rv):
    """The 5x5 path on every 0-1 window of 5 sorted columns of `rv` in-image samples
    (sentinels as in MedianFilter) must give the lower median of the in-image samples."""
    real = sorted_lists([rv] * 5)
    n = len(real)
    lo, hi = np.zeros((n, 1), np.int8), np.ones((n, 1), np.int8)
    cols = []
    for c in range(5):
        col = real[:, c * rv:(c + 1) * rv]
        if rv == 3:
            col = np.hstack([lo, col, hi])
        elif rv == 4:
            col = np.hstack([col, hi])
        cols.append(col)

    def pair(a, b):
        return run(pair_net, np.hstack([a, b]))[:, pair_outs]

    out = run(median_net, np.hstack([pair(cols[0], cols[1]), pair(cols[2], cols[3]), cols[4]]))[:, median_out]
    assert np.array_equal(out, rank_of(real, (5 * rv - 1) // 2)), rv


def median3x3_formula(x):
    """med3(max of minima, med3 of middles, min of maxima) on 3 sorted 3-columns (wires c*3+i)."""
    def med3(a, b, c):
        return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))
    lo = np.maximum(np.maximum(x[:, 0], x[:, 3]), x[:, 6])
    hi = np.minimum(np.minimum(x[:, 2], x[:, 5]), x[:, 8])
    return med3(lo, med3(x[:, 1], x[:, 4], x[:, 7]), hi)


# ---------------------------------------------------------------- Swift emission

MEDIAN3X3 = """    /// Rank 4 of the ascending 3-columns at `s`, `s + step`, `s + 2 * step`: med3 of the
    /// largest minimum, the median of the middles and the smallest maximum.
    @inline(__always)
    static func median3x3(_ s: UnsafePointer<Float>, step: Int, plane: Int) -> MedianLanes {
        let lo = upper(upper(load(s), load(s + step)), load(s + 2 * step))
        let hi = lower(lower(load(s + 2 * plane), load(s + step + 2 * plane)), load(s + 2 * step + 2 * plane))
        let mid = median3(load(s + plane), load(s + step + plane), load(s + 2 * step + plane))
        return median3(lo, mid, hi)
    }

    /// The median of three: `max(min(a, b), min(max(a, b), c))`.
    @inline(__always)
    static func median3(_ a: MedianLanes, _ b: MedianLanes, _ c: MedianLanes) -> MedianLanes {
        upper(lower(a, b), lower(upper(a, b), c))
    }"""

def emit_network(name, doc, inputs, net, outs, result):
    """A Swift function: loads `inputs` (wire -> Swift load expression), runs `net`, then
    `result(outs)` returns the statements that hand the outputs back. `net` holds
    comparators `(a, b, a used, b used)` and copies `("copy", to, from)`."""
    lines = [f"    /// {line}" if line else "    ///" for line in doc]
    lines.append("    @inline(__always)")
    lines.append(f"    static func {name} {{")
    comparators = [op for op in net if op[0] != "copy"]
    written = {a for a, _, use_a, _ in comparators if use_a} | {b for _, b, _, use_b in comparators if use_b}
    for keyword, wires in (("let", [w for w in sorted(inputs) if w not in written]),
                           ("var", [w for w in sorted(inputs) if w in written])):
        loads = [f"w{w} = {inputs[w]}" for w in wires]
        for i in range(0, len(loads), 4):
            lines.append(f"        {keyword} " + ", ".join(loads[i:i + 4]))
    ops = []
    for op in net:
        if op[0] == "copy":
            ops.append(f"{'var' if op[1] in written else 'let'} w{op[1]} = w{op[2]}")
            continue
        a, b, use_a, use_b = op
        if use_a and use_b:
            ops.append(f"cx(&w{a}, &w{b})")
        elif use_a:
            ops.append(f"w{a} = lower(w{a}, w{b})")
        else:
            ops.append(f"w{b} = upper(w{a}, w{b})")
    line = []
    for op in ops + [None]:
        if op is None or op.startswith(("var", "let")) or len(line) == 4:
            if line:
                lines.append("        " + "; ".join(line))
            line = []
        if op is not None and op.startswith(("var", "let")):
            lines.append("        " + op)
        elif op is not None:
            line.append(op)
    lines += ["        " + s for s in result(outs)]
    lines.append("    }")
    return "\n".join(lines)


def row_pair_network():
    """Two vertically adjacent 5x5 windows (rows 0..4 and 1..5) from shared work: `core`,
    ranks 7..12 of the 20 samples of rows 1..4 (merged 4-column pairs at wires 0..7 and
    8..15, the fifth sorted 4-column at 16..19), then for each window rank 5 of those 6 and
    its own row's 5 samples (two sorted pairs and a single: wires 26..30 for the top row,
    31..35 for the bottom). Returns (network, top output wire, bottom output wire)."""
    core_net, core_outs = selection_network([8, 8, 4], list(range(7, 13)))
    final_net, final_outs = selection_network([6, 2, 2, 1], [5])
    net = list(core_net)
    copies = {core_outs[i]: 20 + i for i in range(6)}
    used_by_final = {w for a, b, _, _ in final_net for w in (a, b)}
    net += [("copy", copies[core_outs[i]], core_outs[i]) for i in range(6) if i in used_by_final]
    outs = []
    for row_wires, c_wires in (((26, 27, 28, 29, 30), core_outs), ((31, 32, 33, 34, 35), [20 + i for i in range(6)])):
        wire = {i: c_wires[i] for i in range(6)}
        wire.update({6 + i: row_wires[i] for i in range(5)})
        net += [(wire[a], wire[b], ua, ub) for a, b, ua, ub in final_net]
        outs.append(wire[final_outs[0]])
    return net, outs[0], outs[1], (core_net, core_outs, final_net, final_outs)


def check_row_pair(net, top_out, bottom_out):
    """Both outputs of `row_pair_network` on every 0-1 input: 5 sorted 4-columns of the
    shared rows, merged into pairs as MedianFilter does, and an arbitrary row of 5 (the top
    row for one output, the bottom for the other; sorted in pairs, as MedianFilter does)."""
    pair_net, pair_outs = selection_network([4, 4], list(range(8)))
    core = sorted_lists([4] * 5)
    rows = np.array(list(itertools.product([0, 1], repeat=5)), dtype=np.int8)
    n, m = len(core), len(rows)
    core_rep, rows_rep = np.repeat(core, m, axis=0), np.tile(rows, (n, 1))
    cols = [core_rep[:, 4 * c:4 * c + 4] for c in range(5)]
    pairs = [run(pair_net, np.hstack([cols[a], cols[a + 1]]))[:, pair_outs] for a in (0, 2)]
    row = np.hstack([np.sort(rows_rep[:, 0:2], 1), np.sort(rows_rep[:, 2:4], 1), rows_rep[:, 4:5]])
    expect = rank_of(np.hstack([core_rep, rows_rep]), 12)
    w = np.zeros((n * m, 36), dtype=np.int8)
    w[:, 0:16] = np.hstack(pairs)
    w[:, 16:20] = cols[4]
    w[:, 26:31] = row
    w[:, 31:36] = row
    for op in net:
        if op[0] == "copy":
            w[:, op[1]] = w[:, op[2]]
            continue
        a, b = op[0], op[1]
        lo, hi = np.minimum(w[:, a], w[:, b]), np.maximum(w[:, a], w[:, b])
        w[:, a], w[:, b] = lo, hi
    assert np.array_equal(w[:, top_out], expect) and np.array_equal(w[:, bottom_out], expect)
    return pair_net, pair_outs


def main():
    check_sorts()
    pair_net, pair_outs = selection_network([5, 5], list(range(10)))
    quads = {s: selection_network([10, 10], list(range(s, s + 6))) for s in (7, 4)}
    final_net, final_outs = selection_network([6, 5], [5])
    fused = {}
    for s, (quad_net, quad_outs) in quads.items():
        # The quad's 6 ranks and the fifth column (wires 20..24) go into the final network.
        wire = {i: quad_outs[i] for i in range(6)}
        wire.update({6 + i: 20 + i for i in range(5)})
        net = [(a, b) for a, b, _, _ in quad_net] + [(wire[a], wire[b]) for a, b, _, _ in final_net]
        out = wire[final_outs[0]]
        fused[s] = (live(net, [out]), out)
    for rv, s in ((5, 7), (4, 4), (3, 7)):
        compose5(pair_net, pair_outs, *fused[s], rv)
    row_net, top_out, bottom_out, _ = row_pair_network()
    pair4_net, pair4_outs = check_row_pair(row_net, top_out, bottom_out)
    x = sorted_lists([3, 3, 3])
    assert np.array_equal(median3x3_formula(x), rank_of(x, 4))
    pairs_net, pairs_outs = selection_network([2, 2, 2], [2])

    def planes(first, count, at, plane="plane"):
        return {first + i: f"load({at}{'' if i == 0 else f' + {i} * {plane}'})" for i in range(count)}

    def store(count, plane="plane"):
        return lambda outs: [f"store(w{w}, d{'' if r == 0 else f' + {r} * {plane}'})" for r, w in enumerate(outs[:count])]

    funcs = [
        emit_network(
            "mergeColumns(_ s: UnsafePointer<Float>, shift: Int, plane: Int, into d: UnsafeMutablePointer<Float>)",
            ["Pair: merges the ascending 5-columns at `s` and `s + shift` (rank r at `+ r * plane`)",
             "into the ascending 10-list at `d` (rank r at `d + r * plane`)."],
            {**planes(0, 5, "s"), **planes(5, 5, "s + shift")}, pair_net, pair_outs, store(10)),
    ]
    for s, rows in ((7, "25 in-image samples, or 15 padded with a row of -inf and one of +inf"),
                    (4, "20 in-image samples padded with a row of +inf")):
        net, out = fused[s]
        funcs.append(emit_network(
            f"median5x5Ranks{s}(pairs p: UnsafePointer<Float>, shift: Int, column c: UnsafePointer<Float>,\n"
            "                                plane: Int) -> MedianLanes",
            [f"The median of a 5×5 window: ranks {s}…{s + 5} of the merge of the ascending 10-lists at",
             "`p` and `p + shift`, then rank 5 of those and the ascending 5-column at `c`",
             f"({rows})."],
            {**planes(0, 10, "p"), **planes(10, 10, "p + shift"), **planes(20, 5, "c")},
            net, [out], lambda outs: [f"return w{outs[0]}"]))
    funcs.append(emit_network(
        "mergeColumns4(_ s: UnsafePointer<Float>, shift: Int, plane: Int, into d: UnsafeMutablePointer<Float>)",
        ["Merges the ascending 4-columns at `s` and `s + shift` into the ascending 8-list at `d`."],
        {**planes(0, 4, "s"), **planes(4, 4, "s + shift")}, pair4_net, pair4_outs, store(8)))
    row_inputs = {**planes(0, 8, "p"), **planes(8, 8, "p + shift"), **planes(16, 4, "k")}
    for first, pairs, last in ((26, "t", "tLast"), (31, "b", "bLast")):
        row_inputs.update({first: f"load({pairs})", first + 1: f"load({pairs} + plane)",
                           first + 2: f"load({pairs} + shift)", first + 3: f"load({pairs} + shift + plane)",
                           first + 4: f"load({last})"})
    funcs.append(emit_network(
        "median5x5RowPair(pairs p: UnsafePointer<Float>, shift: Int, core k: UnsafePointer<Float>,\n"
        "                                 top t: UnsafePointer<Float>, topLast tLast: UnsafePointer<Float>,\n"
        "                                 bottom b: UnsafePointer<Float>, bottomLast bLast: UnsafePointer<Float>,\n"
        "                                 plane: Int) -> (top: MedianLanes, bottom: MedianLanes)",
        ["The medians of two vertically adjacent 5×5 windows (rows 0…4 and 1…5, all in the image)",
         "from their 4 shared rows: ranks 7…12 of those 20 samples (merged 4-column pairs at `p`",
         "and `p + shift`, the fifth ascending 4-column at `k`), then for each window rank 5 of",
         "those and its own row's 5 samples: the ascending pairs at `t` and `t + shift` and the",
         "sample at `tLast` for rows 0…4, likewise `b`, `bLast` for rows 1…5."],
        row_inputs, row_net, [top_out, bottom_out], lambda outs: [f"return (w{outs[0]}, w{outs[1]})"]))
    funcs.append(emit_network(
        "rank2OfPairs(_ s: UnsafePointer<Float>, step: Int, plane: Int) -> MedianLanes",
        ["Rank 2 of the ascending pairs at `s`, `s + step`, `s + 2 * step` (lower median of 6:",
         "3×3 windows with 2 in-image rows)."],
        {0: "load(s)", 1: "load(s + plane)", 2: "load(s + step)", 3: "load(s + step + plane)",
         4: "load(s + 2 * step)", 5: "load(s + 2 * step + plane)"},
        pairs_net, pairs_outs, lambda outs: [f"return w{outs[0]}"]))
    funcs.append(MEDIAN3X3)
    for n, net in SORT.items():
        args = ", ".join(f"_ w{i}: inout MedianLanes" for i in range(n))
        body = "; ".join(f"cx(&w{a}, &w{b})" for a, b in net)
        funcs.append(f"    /// Sorts {n} vectors lane by lane, ascending ({len(net)} comparator{'s' if len(net) > 1 else ''}).\n"
                     f"    @inline(__always)\n    static func sort{n}({args}) {{\n        {body}\n    }}")

    for name, (net, (a, b)) in INSERT.items():
        body = "; ".join(f"cx(&w{x}, &w{y})" for x, y in net)
        funcs.append(f"    /// Sorts 3 vectors lane by lane, ascending, when `w{a}` and `w{b}` already are.\n"
                     f"    @inline(__always)\n    static func {name}(_ w0: inout MedianLanes, _ w1: inout MedianLanes, "
                     f"_ w2: inout MedianLanes) {{\n        {body}\n    }}")

    header = '''// Generated by tools/make_median_networks.py — do not edit; rerun the script instead.
// Each network was proved there by the 0-1 principle, alone and composed into the filters.

/// Comparator networks of `MedianFilter` on `MedianLanes` (one sample per lane). Planes are
/// rows of a scratch buffer `plane` floats apart; loads and stores are unaligned.
enum MedianNetworks {
    // Lane by lane, which LLVM fuses into one unaligned move; `loadUnaligned(as:)` and
    // `storeBytes(of:as:)` stay calls in functions this large.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> MedianLanes { MedianLanes(p[0], p[1], p[2], p[3]) }

    @inline(__always)
    static func store(_ v: MedianLanes, _ p: UnsafeMutablePointer<Float>) {
        p[0] = v[0]; p[1] = v[1]; p[2] = v[2]; p[3] = v[3]
    }

    /// Compare-exchange: `a` gets the lane-wise minimum, `b` the maximum (minps/maxps).
    @inline(__always)
    static func cx(_ a: inout MedianLanes, _ b: inout MedianLanes) {
        let less = b .< a
        let lo = a.replacing(with: b, where: less), hi = b.replacing(with: a, where: less)
        a = lo; b = hi
    }

    @inline(__always)
    static func lower(_ a: MedianLanes, _ b: MedianLanes) -> MedianLanes { a.replacing(with: b, where: b .< a) }

    @inline(__always)
    static func upper(_ a: MedianLanes, _ b: MedianLanes) -> MedianLanes { b.replacing(with: a, where: b .< a) }
'''
    with open(OUT, "w") as f:
        f.write(header + "\n" + "\n\n".join(funcs) + "\n}\n")
    print(f"wrote {OUT}: pair {len(pair_net)}, quads {[len(q[0]) for q in quads.values()]}, "
          f"final {len(final_net)}, pairs-of-3 {len(pairs_net)} comparators")


if __name__ == "__main__":
    main()
