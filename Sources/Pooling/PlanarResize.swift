internal import CKernels
import ImageTensor

/// `resize` of an image given as 8-bit planes (`SamplePlanes`, a JPEG's components as
/// stored): each plane is resampled straight from its own grid to the output grid (4:2:0
/// chroma from half resolution, its samples centred as JFIF places them), then YCbCr is
/// converted to RGB at the output size. The same filter and taps as `Resize` on the decoded
/// image, without upsampling the chroma or converting colours at full resolution first.
///
/// A plane's vertical pass sums whole rows of bytes (contiguous, vectorised); its result is
/// transposed so that the horizontal pass is a row sum too, and the colour conversion turns
/// it back. Only the output window asked for (a crop) is computed.
public enum PlanarResize {
    /// The kernels' variant: the best this CPU runs.
    static let best = Int32(CKERNELS_BEST)

    /// Resizes `image` to `height × width` and returns the window `rows × cols` of the result:
    /// RGB (or gray) samples in 0…1, the RGB clamped to it as the decoder's rows would be.
    /// - Precondition: `height`, `width` ≥ 1; `rows ⊆ 0..<height`, `cols ⊆ 0..<width`, both non-empty.
    public static func resize(_ image: SamplePlanes, height: Int, width: Int, rows: Range<Int>, cols: Range<Int>,
                              filter: ResampleFilter, threads: Int = 1) -> Tensor {
        precondition(height >= 1 && width >= 1 && !rows.isEmpty && !cols.isEmpty
                     && rows.upperBound <= height && cols.upperBound <= width && rows.lowerBound >= 0 && cols.lowerBound >= 0,
                     "window outside the resized image")
        let resampled = image.planes.map { plane in
            image.samples.withUnsafeBufferPointer { all in
                resample(all.baseAddress! + plane.offset, plane, of: image, height: height, width: width,
                         rows: rows, cols: cols, filter: filter, threads: threads)
            }
        }
        // The planes come transposed (a column of the window after another); the conversion
        // turns them back as it goes.
        let (nr, nc) = (rows.count, cols.count)
        return Tensor(height: nr, width: nc, channels: image.channels) { (out: UnsafeMutableBufferPointer<Float>) in
            if image.model == .gray {
                resampled[0].withUnsafeBufferPointer { ckernels_scale_transposed($0.baseAddress!, nr, nc, out.baseAddress!, best) }
            } else {
                resampled[0].withUnsafeBufferPointer { y in
                    resampled[1].withUnsafeBufferPointer { cb in
                        resampled[2].withUnsafeBufferPointer { cr in
                            ckernels_ycc_to_rgb_transposed(y.baseAddress!, cb.baseAddress!, cr.baseAddress!, nr, nc, out.baseAddress!, best)
                        }
                    }
                }
            }
        }
    }

    /// One plane resampled to the window, 0…255 scale, transposed: `cols.count` columns of
    /// `rows.count` samples.
    private static func resample(_ base: UnsafePointer<UInt8>, _ plane: SamplePlanes.Plane, of image: SamplePlanes,
                                 height: Int, width: Int,
                                 rows: Range<Int>, cols: Range<Int>, filter: ResampleFilter, threads: Int) -> [Float] {
        // How libjpeg(-turbo) would upsample this plane to the image's grid: its triangle
        // filter for 2:1 on one or both axes (horizontally only for planes wider than two
        // samples), replication otherwise.
        let rh = Double(image.width) / plane.extentX, rv = Double(image.height) / plane.extentY
        let triangle = (rh == 2 && (rv == 1 || rv == 2) && plane.width > 2) || (rh == 1 && rv == 2)
        func axis(_ input: Int, _ extent: Double, _ ratio: Double, _ full: Int, _ output: Int) -> ResampleCoefficients {
            if input == output && extent == Double(output) { return ResampleCoefficients(identity: output) }
            let r = Int(ratio)
            guard ratio > 1, Double(r) == ratio, input == (full + r - 1) / r else {
                return ResampleCoefficients.cached(input: input, output: output, filter: filter, extent: extent)
            }
            return ResampleCoefficients.cachedChroma(full: full, output: output, filter: filter, ratio: r, triangle: triangle)
        }
        let ry = axis(plane.height, plane.extentY, rv, image.height, height)
        let rx = axis(plane.width, plane.extentX, rh, image.width, width)
        return resample(base, stride: plane.stride, channels: 1, rows: rows, cols: cols, ry: ry, rx: rx, threads: threads)
    }

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
