internal import CKernels
import ImageTensor

/// `resize` of an image given as 8-bit planes (`SamplePlanes`, a JPEG's components as
/// stored): each plane is resampled straight from its own grid to the output grid (4:2:0
/// chroma from half resolution, its samples centred as JFIF places them), then YCbCr is
/// converted to RGB at the output size. The same filter and taps as `Resize` on the decoded
/// image, without upsampling the chroma or converting colours at full resolution first.
///
/// Each plane goes through `ByteRowSums` (row sums, the horizontal pass over the transpose);
/// the colour conversion turns the result back. Only the output window asked for (a crop)
/// is computed.
public enum PlanarResize {
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
                resampled[0].withUnsafeBufferPointer { ckernels_scale_transposed($0.baseAddress!, nr, nc, out.baseAddress!, ByteRowSums.best) }
            } else {
                resampled[0].withUnsafeBufferPointer { y in
                    resampled[1].withUnsafeBufferPointer { cb in
                        resampled[2].withUnsafeBufferPointer { cr in
                            ckernels_ycc_to_rgb_transposed(y.baseAddress!, cb.baseAddress!, cr.baseAddress!, nr, nc, out.baseAddress!, ByteRowSums.best)
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
        return ByteRowSums.resample(base, stride: plane.stride, channels: 1, rows: rows, cols: cols, ry: ry, rx: rx,
                                    threads: threads)
    }
}
