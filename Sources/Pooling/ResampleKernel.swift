import ImageTensor

/// The two separable passes of `resize`. Pillow runs the horizontal pass first (only over
/// the input rows the vertical pass reads), then the vertical; here the vertical pass goes
/// first when that is cheaper (it is a contiguous multiply-add over whole rows, the
/// horizontal one a gather per pixel), which changes only the float rounding. An axis whose
/// size does not change is not resampled at all. Both passes split their rows over threads.
enum ResampleKernel {
    /// Resamples `input` to `rows.outputLength × cols.outputLength`.
    /// - Precondition: `rows.inputLength == input.height`, `cols.inputLength == input.width`.
    static func resize(_ input: Tensor, rows: ResampleCoefficients, cols: ResampleCoefficients,
                       threads: Int) -> Tensor {
        let needColumns = cols.outputLength != input.width
        let needRows = rows.outputLength != input.height
        switch (needRows, needColumns) {
        case (false, false):
            return input
        case (true, false):
            return vertical(input, rowOffset: 0, rows: rows, threads: threads)
        case (false, true):
            return horizontal(input, rowRange: 0..<input.height, cols: cols, threads: threads)
        case (true, true):
            let oh = rows.outputLength
            if verticalFirst(rows: rows, cols: cols, channels: input.channels) {
                let tall = vertical(input, rowOffset: 0, rows: rows, threads: threads)
                return horizontal(tall, rowRange: 0..<oh, cols: cols, threads: threads)
            }
            // The rows the vertical pass reads; Pillow's `ybox_first … ybox_last`.
            let first = rows.start[0], last = rows.start[oh - 1] + rows.count[oh - 1]
            let wide = horizontal(input, rowRange: first..<last, cols: cols, threads: threads)
            return vertical(wide, rowOffset: first, rows: rows, threads: threads)
        }
    }

    /// Whether resampling both axes is cheaper vertical pass first. Cost in pixel-taps of
    /// the horizontal gather, and in sample-taps / 8 of the vertical row sums.
    static func verticalFirst(rows: ResampleCoefficients, cols: ResampleCoefficients, channels c: Int) -> Bool {
        let oh = rows.outputLength, ow = cols.outputLength
        let used = rows.start[oh - 1] + rows.count[oh - 1] - rows.start[0]
        let horizontalFirst = used * ow * cols.maximumTaps + oh * ow * c * rows.maximumTaps / 8
        let verticalFirst = oh * cols.inputLength * c * rows.maximumTaps / 8 + oh * ow * cols.maximumTaps
        return verticalFirst < horizontalFirst
    }

    /// Resamples the columns of rows `rowRange` of `input`.
    static func horizontal(_ input: Tensor, rowRange: Range<Int>, cols: ResampleCoefficients,
                           threads: Int) -> Tensor {
        let c = input.channels, inRow = input.width * c
        let ow = cols.outputLength, outRow = ow * c
        return pooledTensor(height: rowRange.count, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                cols.start.withUnsafeBufferPointer { starts in
                    cols.count.withUnsafeBufferPointer { counts in
                        cols.weights.withUnsafeBufferPointer { weights in
                            let src = inBuf.baseAddress!, dst = out.baseAddress!
                            // A 4-lane load of an RGB pixel reads one sample beyond it.
                            let lastVectorStart = src + inBuf.count - 4
                            forEachRowBand(rows: rowRange.count, workPerRow: outRow * cols.maximumTaps,
                                           threads: threads) { band in
                                for r in band {
                                    let row = src + (rowRange.lowerBound + r) * inRow
                                    let o = dst + r * outRow
                                    for ox in 0..<ow {
                                        let w = weights.baseAddress! + ox * cols.stride
                                        let taps = row + starts[ox] * c
                                        let n = counts[ox]
                                        if c >= 3 && taps + (n - 1) * c <= lastVectorStart {
                                            let acc = c == 4 ? fold4(taps, w, n, step: 4) : fold4(taps, w, n, step: 3)
                                            o[ox * c] = acc[0]; o[ox * c + 1] = acc[1]; o[ox * c + 2] = acc[2]
                                            if c == 4 { o[ox * c + 3] = acc[3] }
                                        } else {
                                            for ch in 0..<c {
                                                // Even and odd taps apart, as the vector fold sums them.
                                                var even: Float = 0, odd: Float = 0
                                                var k = 0
                                                while k + 1 < n {
                                                    even += taps[k * c + ch] * w[k]
                                                    odd += taps[(k + 1) * c + ch] * w[k + 1]
                                                    k += 2
                                                }
                                                if k < n { even += taps[k * c + ch] * w[k] }
                                                o[ox * c + ch] = even + odd
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The weighted sum of `n` pixels `step` samples apart, one channel per lane: even and
    /// odd taps in two accumulators (two chains of additions in flight), added at the end.
    @inline(__always)
    private static func fold4(_ taps: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ n: Int,
                              step: Int) -> SIMD4<Float> {
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
        }
        var even = SIMD4<Float>(repeating: 0), odd = SIMD4<Float>(repeating: 0)
        var p = taps
        var k = 0
        while k + 1 < n {
            even += load(p) * SIMD4(repeating: w[k])
            odd += load(p + step) * SIMD4(repeating: w[k + 1])
            p += 2 * step
            k += 2
        }
        if k < n { even += load(p) * SIMD4(repeating: w[k]) }
        return even + odd
    }

    /// Resamples the rows of `input`, whose row 0 is row `rowOffset` of the coefficients' axis.
    /// Each output row is a weighted sum of whole input rows: one contiguous multiply-add
    /// per tap over the row, which the compiler vectorises.
    static func vertical(_ input: Tensor, rowOffset: Int, rows: ResampleCoefficients, threads: Int) -> Tensor {
        let c = input.channels, rowLength = input.width * c
        let oh = rows.outputLength
        return pooledTensor(height: oh, width: input.width, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                rows.weights.withUnsafeBufferPointer { weights in
                    let src = inBuf.baseAddress!, dst = out.baseAddress!
                    forEachRowBand(rows: oh, workPerRow: rowLength * rows.maximumTaps, threads: threads) { band in
                        for oy in band {
                            let o = dst + oy * rowLength
                            let w = weights.baseAddress! + oy * rows.stride
                            let first = src + (rows.start[oy] - rowOffset) * rowLength
                            let n = rows.count[oy]
                            weightedRowSum(first, rowLength: rowLength, weights: w, taps: n, into: o)
                        }
                    }
                }
            }
        }
    }

    /// `dst[i] = Σ_k weights[k] * rows[k * rowLength + i]`, summed in `k` order from zero,
    /// in blocks of 32 samples kept in registers (four 8-lane accumulators: eight SSE or
    /// four AVX registers, so nothing spills).
    @inline(__always)
    static func weightedRowSum(_ rows: UnsafePointer<Float>, rowLength: Int, weights: UnsafePointer<Float>,
                               taps: Int, into dst: UnsafeMutablePointer<Float>) {
        typealias V = SIMD8<Float>
        let block = 32, stride = rowLength * MemoryLayout<Float>.stride
        var i = 0
        while i + block <= rowLength {
            var a0 = V(repeating: 0), a1 = V(repeating: 0), a2 = V(repeating: 0), a3 = V(repeating: 0)
            var p = UnsafeRawPointer(rows + i)
            for k in 0..<taps {
                let wk = V(repeating: weights[k])
                a0 += p.loadUnaligned(as: V.self) * wk
                a1 += p.loadUnaligned(fromByteOffset: 32, as: V.self) * wk
                a2 += p.loadUnaligned(fromByteOffset: 64, as: V.self) * wk
                a3 += p.loadUnaligned(fromByteOffset: 96, as: V.self) * wk
                p += stride
            }
            let d = UnsafeMutableRawPointer(dst + i)
            d.storeBytes(of: a0, as: V.self)
            d.storeBytes(of: a1, toByteOffset: 32, as: V.self)
            d.storeBytes(of: a2, toByteOffset: 64, as: V.self)
            d.storeBytes(of: a3, toByteOffset: 96, as: V.self)
            i += block
        }
        while i < rowLength {
            var acc: Float = 0
            var p = rows + i
            for k in 0..<taps { acc += p.pointee * weights[k]; p += rowLength }
            dst[i] = acc
            i += 1
        }
    }
}
