internal import CKernels
import ImageTensor

/// The separable passes `ByteResize` and `PlanarResize` share, on 8-bit rows: the vertical
/// pass sums whole rows (each byte row widened to Float once when several output rows read
/// it), its result is transposed so that the horizontal pass is a row sum too, and the
/// result is left transposed for the caller's last step (scaling, or colour conversion) to
/// turn back. Only the output window asked for is computed.
enum ByteRowSums {
    /// The kernels' variant: the best this CPU runs.
    static let best = Int32(CKERNELS_BEST)

    /// Resamples the window `rows × cols` of the output of `ry` and `rx` from 8-bit rows
    /// `stride` bytes apart of `channels` interleaved samples per pixel, 0…255 scale;
    /// returned transposed: for each kept output column, for each channel, `rows.count`
    /// samples.
    static func resample(_ base: UnsafePointer<UInt8>, stride: Int, channels c: Int, rows: Range<Int>, cols: Range<Int>,
                         ry: ResampleCoefficients, rx: ResampleCoefficients, threads: Int) -> [Float] {
        let nr = rows.count, nc = cols.count
        // The input columns the kept output columns read.
        let lo = rx.start[cols.lowerBound], hi = rx.start[cols.upperBound - 1] + rx.count[cols.upperBound - 1]
        let used = (hi - lo) * c
        // Vertical pass: each kept output row, over the used columns. With several taps per
        // row the rows it reads are widened to Float once, not once per output row reading them.
        let top = ry.start[rows.lowerBound], bottom = ry.start[rows.upperBound - 1] + ry.count[rows.upperBound - 1]
        let widen = ry.maximumTaps > 2
        let widened: [Float] = widen ? {
            var rowsF = uninitializedFloats((bottom - top) * used)
            rowsF.withUnsafeMutableBufferPointer { ckernels_widen_rows(base + top * stride + lo * c, stride, bottom - top, used, $0.baseAddress!, best) }
            return rowsF
        }() : []
        var tall = uninitializedFloats(nr * used)
        tall.withUnsafeMutableBufferPointer { dst in
            ry.weights.withUnsafeBufferPointer { w in
                widened.withUnsafeBufferPointer { wide in
                    forEachRowBand(rows: nr, workPerRow: used * ry.maximumTaps, threads: threads) { band in
                        for i in band {
                            let oy = rows.lowerBound + i, taps = Int32(ry.count[oy]), weights = w.baseAddress! + oy * ry.stride
                            if widen {
                                ckernels_rows_f32(wide.baseAddress! + (ry.start[oy] - top) * used, used, weights, taps, dst.baseAddress! + i * used, used, best)
                            } else {
                                ckernels_rows_u8(base + ry.start[oy] * stride + lo * c, stride, weights, taps, dst.baseAddress! + i * used, used, best)
                            }
                        }
                    }
                }
            }
        }
        // Horizontal pass on the transpose: each kept output sample is a sum of whole rows,
        // `c` rows apart for interleaved channels.
        let columns = transposed(tall, rows: nr, cols: used)
        var wide = uninitializedFloats(nc * c * nr)
        wide.withUnsafeMutableBufferPointer { dst in
            columns.withUnsafeBufferPointer { src in
                rx.weights.withUnsafeBufferPointer { w in
                    forEachRowBand(rows: nc, workPerRow: c * nr * rx.maximumTaps, threads: threads) { band in
                        for j in band {
                            let ox = cols.lowerBound + j
                            for ch in 0..<c {
                                ckernels_rows_f32(src.baseAddress! + ((rx.start[ox] - lo) * c + ch) * nr, c * nr,
                                            w.baseAddress! + ox * rx.stride, Int32(rx.count[ox]),
                                            dst.baseAddress! + (j * c + ch) * nr, nr, best)
                            }
                        }
                    }
                }
            }
        }
        return wide
    }

    private static func transposed(_ m: [Float], rows: Int, cols: Int) -> [Float] {
        var out = uninitializedFloats(rows * cols)
        m.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { ckernels_transpose(src.baseAddress!, rows, cols, $0.baseAddress!, best) }
        }
        return out
    }

    /// A buffer every element of which the caller writes before reading.
    private static func uninitializedFloats(_ count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
    }
}

extension ResampleCoefficients {
    /// Output sample `i` is input sample `i`: one tap of weight 1.
    init(identity length: Int) {
        self.init(inputLength: length, stride: 1, start: Array(0..<length), count: [Int](repeating: 1, count: length),
                  weights: [Float](repeating: 1, count: length))
    }
}
