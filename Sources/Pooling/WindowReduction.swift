import Foundation
import ImageTensor

/// How a window's samples are folded into one value. Implementations are small structs so
/// that the generic kernels below are specialised: no closures or dynamic dispatch run per
/// sample.
protocol SampleReducer: Sendable {
    /// The accumulator before the first sample.
    var identity: Float { get }
    /// The sample as it enters the accumulator (`x`, or `x^p`).
    func load(_ x: Float) -> Float
    /// Folds one loaded sample into the accumulator.
    func combine(_ acc: Float, _ x: Float) -> Float
    /// The output from the accumulator, given the window's in-image tap counts and its
    /// averaging extents (count_pad divisor shares) on each axis.
    func finish(_ acc: Float, rowCount: Int, colCount: Int, rowExtent: Int, colExtent: Int) -> Float
    /// Whether `load` is the identity, so the vector folds below may run on raw samples.
    var loadsIdentically: Bool { get }
    /// `combine` lane by lane on already loaded samples (the fixed-shape kernels fold whole
    /// pixels at once; they use it only when `loadsIdentically`).
    func combine<V: SIMD>(_ acc: V, _ x: V) -> V where V.Scalar == Float
    /// `finish` lane by lane for a window of `taps` in-image samples and no padding.
    func finishFull<V: SIMD>(_ acc: V, taps: Int) -> V where V.Scalar == Float
}

extension SampleReducer {
    var loadsIdentically: Bool { false }
    @inline(__always) func combine<V: SIMD>(_ acc: V, _ x: V) -> V where V.Scalar == Float {
        var out = acc
        for i in 0..<V.scalarCount { out[i] = combine(acc[i], x[i]) }
        return out
    }
    @inline(__always) func finishFull<V: SIMD>(_ acc: V, taps: Int) -> V where V.Scalar == Float {
        var out = acc
        for i in 0..<V.scalarCount {
            out[i] = finish(acc[i], rowCount: 1, colCount: taps, rowExtent: 1, colExtent: taps)
        }
        return out
    }
}

/// Maximum; NaN wins, as in PyTorch's `max_pool2d`. Identity −∞ (PyTorch pads with −∞).
struct MaxReducer: SampleReducer {
    var loadsIdentically: Bool { true }
    var identity: Float { -.infinity }
    @inline(__always) func load(_ x: Float) -> Float { x }
    /// `x > acc || x.isNaN ? x : acc`, written as two selects so the compiler emits
    /// compare-and-blend instructions rather than a branch that random data mispredicts.
    @inline(__always) func combine(_ acc: Float, _ x: Float) -> Float {
        let larger = x > acc ? x : acc
        return x.isNaN ? x : larger
    }
    @inline(__always) func combine<V: SIMD>(_ acc: V, _ x: V) -> V where V.Scalar == Float {
        acc.replacing(with: x, where: x .> acc).replacing(with: x, where: x .!= x)
    }
    @inline(__always) func finishFull<V: SIMD>(_ acc: V, taps: Int) -> V where V.Scalar == Float { acc }
    @inline(__always) func finish(_ acc: Float, rowCount: Int, colCount: Int, rowExtent: Int, colExtent: Int) -> Float { acc }
}

/// Minimum (`-max(-x)`); NaN wins.
struct MinReducer: SampleReducer {
    var loadsIdentically: Bool { true }
    var identity: Float { .infinity }
    @inline(__always) func load(_ x: Float) -> Float { x }
    @inline(__always) func combine(_ acc: Float, _ x: Float) -> Float {
        let smaller = x < acc ? x : acc
        return x.isNaN ? x : smaller
    }
    @inline(__always) func combine<V: SIMD>(_ acc: V, _ x: V) -> V where V.Scalar == Float {
        acc.replacing(with: x, where: x .< acc).replacing(with: x, where: x .!= x)
    }
    @inline(__always) func finishFull<V: SIMD>(_ acc: V, taps: Int) -> V where V.Scalar == Float { acc }
    @inline(__always) func finish(_ acc: Float, rowCount: Int, colCount: Int, rowExtent: Int, colExtent: Int) -> Float { acc }
}

/// Sum divided by the product of the extents (PyTorch `avg_pool2d`'s divide factor).
struct AverageReducer: SampleReducer {
    var loadsIdentically: Bool { true }
    var identity: Float { 0 }
    @inline(__always) func load(_ x: Float) -> Float { x }
    @inline(__always) func combine(_ acc: Float, _ x: Float) -> Float { acc + x }
    @inline(__always) func finish(_ acc: Float, rowCount: Int, colCount: Int, rowExtent: Int, colExtent: Int) -> Float {
        acc / Float(rowExtent * colExtent)
    }
    @inline(__always) func combine<V: SIMD>(_ acc: V, _ x: V) -> V where V.Scalar == Float { acc + x }
    /// Divides by `taps`; a power of two multiplies by its reciprocal instead, which is exact
    /// and so gives the same bits as the division.
    @inline(__always) func finishFull<V: SIMD>(_ acc: V, taps: Int) -> V where V.Scalar == Float {
        if taps & (taps - 1) == 0 { return acc * V(repeating: 1 / Float(taps)) }
        return acc / V(repeating: Float(taps))
    }
}

/// `(mean of x^p over the in-image samples)^(1/p)`.
struct PowerMeanReducer: SampleReducer {
    let power: PowerFunction
    let root: PowerFunction
    var identity: Float { 0 }
    @inline(__always) func load(_ x: Float) -> Float { power.apply(x) }
    @inline(__always) func combine(_ acc: Float, _ x: Float) -> Float { acc + x }
    @inline(__always) func finish(_ acc: Float, rowCount: Int, colCount: Int, rowExtent: Int, colExtent: Int) -> Float {
        root.apply(acc / Float(rowCount * colCount))
    }
}

/// PyTorch `lp_pool2d`: `(avg_pool2d(x^p) * kh*kw)^(1/p)`, where the average divides by
/// the window clipped to the input (padding 0, so only ceil-mode edge windows are clipped).
struct LpReducer: SampleReducer {
    let power: PowerFunction
    let root: PowerFunction
    let area: Float
    var identity: Float { 0 }
    @inline(__always) func load(_ x: Float) -> Float { power.apply(x) }
    @inline(__always) func combine(_ acc: Float, _ x: Float) -> Float { acc + x }
    @inline(__always) func finish(_ acc: Float, rowCount: Int, colCount: Int, rowExtent: Int, colExtent: Int) -> Float {
        root.apply((acc / Float(rowExtent * colExtent)) * area)
    }
}

/// `x^e` computed as PyTorch's `pow(tensor, scalar)` does for float tensors: `x*x` for 2,
/// `x*x*x` for 3, `sqrt` for 0.5, `x` for 1, otherwise `powf` (negative bases with a
/// non-integer exponent give NaN).
struct PowerFunction: Sendable {
    let exponent: Float
    init(_ exponent: Double) { self.exponent = Float(exponent) }
    @inline(__always) func apply(_ x: Float) -> Float {
        if exponent == 1 { return x }
        if exponent == 2 { return x * x }
        if exponent == 3 { return x * x * x }
        if exponent == 0.5 { return x.squareRoot() }
        return powf(x, exponent)
    }
}

/// Runs `body` over bands of `rows` output rows, on up to `threads` threads when the work
/// (`rows * workPerRow` samples touched) is large enough to pay for the dispatch.
func forEachRowBand(rows: Int, workPerRow: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let total = rows * max(1, workPerRow)
    if threads <= 1 || rows < 2 || total < 1 << 16 {
        body(0..<rows)
        return
    }
    let bands = min(rows, threads * 4)
    withoutActuallyEscaping(body) { body in
        // nonisolated(unsafe), proved by hand: concurrentPerform returns only after every
        // iteration has finished, so `body` never outlives this call, and each iteration
        // hands it a disjoint range of output rows (every caller writes only those rows and
        // reads shared input it does not change).
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            let lo = rows * band / bands, hi = rows * (band + 1) / bands
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// Folds every window in row-major order (window rows outer, taps within a row inner, each
/// sample added to the accumulator in turn) — the order of PyTorch's CPU pooling loops, so
/// sums round exactly as PyTorch's do. Output rows are independent and split into bands.
func reduceWindows<R: SampleReducer>(_ reducer: R, _ input: Tensor, rows: AxisWindows,
                                     cols: AxisWindows, threads: Int) -> Tensor {
    let oh = rows.output, ow = cols.output, c = input.channels
    let inRowLength = input.width * c
    return pooledTensor(height: oh, width: ow, channels: c) { out in
        input.data.withUnsafeBufferPointer { inBuf in
            let src = inBuf.baseAddress!, dst = out.baseAddress!
            let work = rows.count.max() ?? 1
            forEachRowBand(rows: oh, workPerRow: work * input.width * c, threads: threads) { band in
                for oy in band {
                    reduceRow(reducer, src: src, inRowLength: inRowLength, channels: c,
                              rows: rows, cols: cols, oy: oy, oxRange: 0..<ow, dst: dst + oy * ow * c)
                }
            }
        }
    }
}

/// Computes output row `oy`, columns `oxRange`, into `dst` (which points at column 0).
///
/// Each output sample is folded in a register over its window, rows outer and taps inner —
/// the same order for every sample as PyTorch's loops, so results are bit-identical to a
/// row-by-row accumulation. Window tables are read through unsafe pointers (no bounds checks
/// in the inner loops).
@inline(__always)
func reduceRow<R: SampleReducer>(_ reducer: R, src: UnsafePointer<Float>, inRowLength: Int,
                                 channels c: Int, rows: AxisWindows, cols: AxisWindows, oy: Int,
                                 oxRange: Range<Int>, dst: UnsafeMutablePointer<Float>) {
    let identity = reducer.identity
    let y0 = rows.first[oy], rowCount = rows.count[oy], rowExtent = rows.extent[oy]
    let rowStep = rows.step * inRowLength, colStep = cols.step * c
    cols.first.withUnsafeBufferPointer { firsts in
        cols.count.withUnsafeBufferPointer { counts in
            cols.extent.withUnsafeBufferPointer { extents in
                for ox in oxRange {
                    let colCount = counts[ox], colExtent = extents[ox]
                    let window = src + y0 * inRowLength + firsts[ox] * c
                    for ch in 0..<c {
                        var acc = identity
                        var row = window + ch
                        for _ in 0..<rowCount {
                            var cell = row
                            for _ in 0..<colCount {
                                acc = reducer.combine(acc, reducer.load(cell.pointee))
                                cell += colStep
                            }
                            row += rowStep
                        }
                        dst[ox * c + ch] = reducer.finish(acc, rowCount: rowCount, colCount: colCount,
                                                          rowExtent: rowExtent, colExtent: colExtent)
                    }
                }
            }
        }
    }
}
