internal import CKernels
import ImageTensor

/// `resize` of an image given as 8-bit interleaved rows (what a decoder delivers), with the
/// `v / 255` conversion folded into the first pass: the same taps as `Resize.apply` on the
/// decoded Float image, summed vertical pass first (whole rows of bytes, vectorised), then
/// the horizontal pass as row sums over the transpose. Equal to `Resize.apply` within Float
/// rounding. Only the output window asked for (a crop) is computed.
public enum ByteResize {
    /// Resizes the `height × width × channels` image `samples` (rows `width · channels` bytes
    /// long) to `outHeight × outWidth` and returns the window `rows × cols` of the result.
    /// - Precondition: `samples.count >= height · width · channels`; sizes ≥ 1; the window
    ///   non-empty and inside the output.
    public static func resize(_ samples: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels c: Int,
                              outHeight: Int, outWidth: Int, rows: Range<Int>, cols: Range<Int>,
                              filter: ResampleFilter, threads: Int = 1) -> Tensor {
        precondition(samples.count >= height * width * c && height >= 1 && width >= 1 && c >= 1, "image buffer too small")
        precondition(!rows.isEmpty && !cols.isEmpty && rows.lowerBound >= 0 && cols.lowerBound >= 0
                     && rows.upperBound <= outHeight && cols.upperBound <= outWidth, "window outside the resized image")
        let ry = height == outHeight ? ResampleCoefficients(identity: height)
            : ResampleCoefficients.cached(input: height, output: outHeight, filter: filter)
        let rx = width == outWidth ? ResampleCoefficients(identity: width)
            : ResampleCoefficients.cached(input: width, output: outWidth, filter: filter)
        let wide = ByteRowSums.resample(samples.baseAddress!, stride: width * c, channels: c, rows: rows, cols: cols,
                                         ry: ry, rx: rx, threads: threads)
        let (nr, nc) = (rows.count, cols.count)
        return Tensor(height: nr, width: nc, channels: c) { (out: UnsafeMutableBufferPointer<Float>) in
            wide.withUnsafeBufferPointer { ckernels_scale_transposed($0.baseAddress!, nr, nc * c, out.baseAddress!, ByteRowSums.best) }
        }
    }
}
