import ImageTensor

/// The two separable passes of `resize`, as Pillow runs them: horizontal first (only over
/// the input rows the vertical pass reads), then vertical; an axis whose size does not
/// change is not resampled at all. Both passes split their rows over threads.
enum ResampleKernel {
    /// Resamples `input` to `rows.outputLength × cols.outputLength`.
    /// - Precondition: `rows.inputLength == input.height`, `cols.inputLength == input.width`.
    static func resize(_ input: Tensor, rows: ResampleCoefficients, cols: ResampleCoefficients,
                       threads: Int) -> Tensor {
        let needColumns = cols.outputLength != input.width
        let needRows = rows.outputLength != input.height
        var current = input
        if needColumns {
            // The rows the vertical pass reads; Pillow's `ybox_first … ybox_last`.
            let first = needRows ? rows.start[0] : 0
            let last = needRows ? rows.start[rows.outputLength - 1] + rows.count[rows.outputLength - 1] : input.height
            current = horizontal(input, rowRange: first..<last, cols: cols, threads: threads)
            if needRows {
                return vertical(current, rowOffset: first, rows: rows, threads: threads)
            }
            return current
        }
        if needRows { return vertical(current, rowOffset: 0, rows: rows, threads: threads) }
        return current
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
                                                var acc: Float = 0
                                                for k in 0..<n { acc += taps[k * c + ch] * w[k] }
                                                o[ox * c + ch] = acc
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

    /// The weighted sum of `n` pixels `step` samples apart, one channel per lane.
    @inline(__always)
    private static func fold4(_ taps: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ n: Int,
                              step: Int) -> SIMD4<Float> {
        var acc = SIMD4<Float>(repeating: 0)
        var p = taps
        for k in 0..<n {
            acc += UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self) * SIMD4(repeating: w[k])
            p += step
        }
        return acc
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
    /// in blocks of 64 samples kept in registers.
    @inline(__always)
    static func weightedRowSum(_ rows: UnsafePointer<Float>, rowLength: Int, weights: UnsafePointer<Float>,
                               taps: Int, into dst: UnsafeMutablePointer<Float>) {
        typealias V = SIMD16<Float>
        let lanes = 16, block = 4 * lanes
        var i = 0
        while i + block <= rowLength {
            var a0 = V(repeating: 0), a1 = V(repeating: 0), a2 = V(repeating: 0), a3 = V(repeating: 0)
            var p = UnsafeRawPointer(rows + i)
            for k in 0..<taps {
                let wk = V(repeating: weights[k])
                a0 += p.loadUnaligned(as: V.self) * wk
                a1 += p.loadUnaligned(fromByteOffset: 64, as: V.self) * wk
                a2 += p.loadUnaligned(fromByteOffset: 128, as: V.self) * wk
                a3 += p.loadUnaligned(fromByteOffset: 192, as: V.self) * wk
                p += rowLength * 4
            }
            let d = UnsafeMutableRawPointer(dst + i)
            d.storeBytes(of: a0, as: V.self)
            d.storeBytes(of: a1, toByteOffset: 64, as: V.self)
            d.storeBytes(of: a2, toByteOffset: 128, as: V.self)
            d.storeBytes(of: a3, toByteOffset: 192, as: V.self)
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
