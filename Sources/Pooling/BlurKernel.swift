import ImageTensor

/// Separable binomial blur with reflect padding and subsampling (BlurPool's arithmetic).
///
/// Per axis the taps of output `i` are `reflect(i*stride - (f-1)/2 + j)`, `j` in `0..<f`,
/// weights `C(f-1, j) / 2^(f-1)` (exact in Float32). A horizontal pass (taps summed in
/// order `j = 0, 1, …`) then a vertical pass over the same weights. Reflection is PyTorch's
/// `ReflectionPad2d` (edge not repeated); when the padding reaches past the whole input
/// (PyTorch refuses that) the reflection repeats periodically, so a 1-pixel image stays put.
enum BlurKernel {
    /// Output rows per scratch block.
    static let blockRows = 16

    /// Binomial weights of `filter` taps, normalised to sum 1.
    static func weights(filter f: Int) -> [Float] {
        var row: [Double] = [1]
        for _ in 1..<max(1, f) {
            var next = [Double](repeating: 0, count: row.count + 1)
            for (i, v) in row.enumerated() { next[i] += v; next[i + 1] += v }
            row = next
        }
        let total = row.reduce(0, +)
        return row.map { Float($0 / total) }
    }

    /// `ReflectionPad` index of position `x` on an axis of length `n` (periodic beyond one reflection).
    static func reflect(_ x: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        var m = x % period
        if m < 0 { m += period }
        return m < n ? m : period - m
    }

    /// Output length `ceil(n/stride)`.
    static func outputLength(_ n: Int, stride: Int) -> Int { (n + stride - 1) / stride }

    /// Reflected tap positions, `filter` per output.
    static func taps(input n: Int, filter f: Int, stride s: Int) -> [Int] {
        let out = outputLength(n, stride: s), before = (f - 1) / 2
        var taps = [Int](repeating: 0, count: out * f)
        for i in 0..<out { for j in 0..<f { taps[i * f + j] = reflect(i * s - before + j, n) } }
        return taps
    }

    static func plan(input n: Int, filter f: Int, stride s: Int) -> AxisPlan {
        let out = outputLength(n, stride: s), before = (f - 1) / 2
        var partial = 0
        for i in 0..<out where i * s - before < 0 || i * s - before + f - 1 > n - 1 { partial += 1 }
        let lastEnd = (out - 1) * s - before + f - 1
        return AxisPlan(input: n, output: out, padBefore: before, padAfter: max(0, lastEnd - (n - 1)),
                        partialWindows: partial, droppedCells: max(0, n - 1 - lastEnd))
    }

    static func apply(_ input: Tensor, filter f: Int, strideH: Int, strideW: Int, threads: Int) -> Tensor {
        let c = input.channels
        let oh = outputLength(input.height, stride: strideH), ow = outputLength(input.width, stride: strideW)
        let w = weights(filter: f)
        let rowTaps = taps(input: input.height, filter: f, stride: strideH)
        let colTaps = taps(input: input.width, filter: f, stride: strideW)
        let inRowLength = input.width * c, outRowLength = ow * c
        // Output columns whose taps all lie before the last input column may run in 4 lanes.
        let vectorColumns: [Bool] = (0..<ow).map { ox in
            c >= 2 && c <= 4 && (0..<f).allSatisfy { colTaps[ox * f + $0] < input.width - 1 }
        }
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                w.withUnsafeBufferPointer { wBuf in
                colTaps.withUnsafeBufferPointer { tapBuf in
                vectorColumns.withUnsafeBufferPointer { vectorBuf in
                    let src = inBuf.baseAddress!, dst = out.baseAddress!, weight = wBuf.baseAddress!
                    let taps = tapBuf.baseAddress!, vector = vectorBuf.baseAddress!
                    forEachRowBand(rows: oh, workPerRow: f * inRowLength, threads: threads) { band in
                        var scratch = [Float]()
                        var block = band.lowerBound
                        while block < band.upperBound {
                            let blockEnd = min(band.upperBound, block + blockRows)
                            var yLo = Int.max, yHi = Int.min
                            for t in (block * f)..<(blockEnd * f) { yLo = min(yLo, rowTaps[t]); yHi = max(yHi, rowTaps[t]) }
                            let span = yHi - yLo + 1
                            if scratch.count < span * outRowLength + 4 {
                                scratch = [Float](repeating: 0, count: span * outRowLength + 4)
                            }
                            scratch.withUnsafeMutableBufferPointer { tmpBuf in
                                let tmp = tmpBuf.baseAddress!
                                for r in 0..<span {
                                    horizontal(src + (yLo + r) * inRowLength, into: tmp + r * outRowLength,
                                               taps: taps, vector: vector, weight: weight, filter: f,
                                               outputs: ow, channels: c)
                                }
                                for oy in block..<blockEnd {
                                    let outRow = dst + oy * outRowLength
                                    let first = tmp + (rowTaps[oy * f] - yLo) * outRowLength
                                    let w0 = weight[0]
                                    for i in 0..<outRowLength { outRow[i] = w0 * first[i] }
                                    for j in 1..<max(1, f) {
                                        let hRow = tmp + (rowTaps[oy * f + j] - yLo) * outRowLength
                                        let wj = weight[j]
                                        for i in 0..<outRowLength { outRow[i] += wj * hRow[i] }
                                    }
                                }
                            }
                            block = blockEnd
                        }
                    }
                }
                }
                }
            }
        }
    }

    /// One input row filtered horizontally into `hRow` (`outputs·c` samples, with at least 4
    /// writable samples of slack after them). Columns marked in `vector` (2…4 channels, taps
    /// before the last input column) run in 4 lanes — lanes past the pixel read the next pixel
    /// and write slack or the next output, which is computed afterwards; the others per
    /// channel. Both sum `w[0]·x[t0] + w[1]·x[t1] + …` in the same order.
    @inline(__always)
    private static func horizontal(_ inRow: UnsafePointer<Float>, into hRow: UnsafeMutablePointer<Float>,
                                   taps: UnsafePointer<Int>, vector: UnsafePointer<Bool>,
                                   weight: UnsafePointer<Float>, filter f: Int, outputs ow: Int, channels c: Int) {
        for ox in 0..<ow {
            let t = taps + ox * f
            if vector[ox] {
                var acc = SIMD4<Float>(repeating: weight[0])
                    * UnsafeRawPointer(inRow + t[0] * c).loadUnaligned(as: SIMD4<Float>.self)
                for j in 1..<max(1, f) {
                    acc += SIMD4<Float>(repeating: weight[j])
                        * UnsafeRawPointer(inRow + t[j] * c).loadUnaligned(as: SIMD4<Float>.self)
                }
                UnsafeMutableRawPointer(hRow + ox * c).storeBytes(of: acc, as: SIMD4<Float>.self)
                continue
            }
            for ch in 0..<c {
                var acc = weight[0] * inRow[t[0] * c + ch]
                for j in 1..<max(1, f) { acc += weight[j] * inRow[t[j] * c + ch] }
                hRow[ox * c + ch] = acc
            }
        }
    }
}
