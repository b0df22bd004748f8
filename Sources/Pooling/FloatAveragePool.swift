/// `avg(2, stride=2, padding=0)` (either ceil mode) on Float rows given as a buffer, written
/// straight into the caller's storage: the later passes of a banded cascade, without a
/// `Tensor` per band or window tables.
///
/// Bit-identical to `AvgPool.apply` (and to `ByteAveragePool` on the same values): full
/// windows fold `((a0 + a1) + b0) + b1` and multiply by 1/4; windows clipped by ceil mode add
/// their in-image samples in the same order and divide by their count.
enum FloatAveragePool {
    /// Pools `height` rows of `width * channels` samples into the `out(height) × out(width) ×
    /// channels` Floats at `dst`.
    /// - Precondition: `src.count >= height * width * channels`; `dst` has room for the output.
    static func pool(_ src: UnsafeBufferPointer<Float>, height: Int, width: Int, channels c: Int,
                     ceil: Bool, into dst: UnsafeMutablePointer<Float>) {
        let oh = ceil ? (height + 1) / 2 : height / 2
        let ow = ceil ? (width + 1) / 2 : width / 2
        let rowLength = width * c
        for oy in 0..<oh {
            let top = src.baseAddress! + 2 * oy * rowLength
            let twoRows = 2 * oy + 1 < height
            let row = dst + oy * ow * c
            // Full windows through the 2×2 kernel `AvgPool` itself uses; the rest here.
            if twoRows {
                WindowKernels.row2x2(AverageReducer(), top: top, rowLength: rowLength, channels: c,
                                     count: width / 2, dst: row)
            }
            edgeWindows(top: top, rowLength: rowLength, twoRows: twoRows, width: width, channels: c,
                        from: twoRows ? width / 2 : 0, to: ow, dst: row) { p, pixel, ch in p[pixel + ch] }
        }
    }

    /// Outputs `from..<to` of one output row, sample by sample, clipped windows included:
    /// the in-image samples added in order and divided by their count (a full window is
    /// multiplied by 1/4, the same bits). `sample(row, pixel, channel)` reads one sample as
    /// the float path sees it; shared by `ByteAveragePool` (not a hot path: only the windows
    /// a vector loop leaves, and a ceil-mode last row or column).
    static func edgeWindows<Sample>(top: UnsafePointer<Sample>, rowLength: Int, twoRows: Bool, width: Int,
                                    channels c: Int, from: Int, to: Int, dst: UnsafeMutablePointer<Float>,
                                    sample: (UnsafePointer<Sample>, _ pixel: Int, _ channel: Int) -> Float) {
        let bottom = twoRows ? top + rowLength : top
        for ox in from..<to {
            let i = 2 * ox * c
            let twoCols = 2 * ox + 1 < width
            for ch in 0..<c {
                var acc = sample(top, i, ch)
                if twoCols { acc += sample(top, i + c, ch) }
                if twoRows {
                    acc += sample(bottom, i, ch)
                    if twoCols { acc += sample(bottom, i + c, ch) }
                }
                dst[ox * c + ch] = twoRows && twoCols ? acc * 0.25 : acc / Float((twoRows ? 2 : 1) * (twoCols ? 2 : 1))
            }
        }
    }
}

extension PoolingOperation {
    /// Applies the op to `height` rows of Float samples, writing the result to `dst`: exactly
    /// what `apply` gives on a tensor of those rows.
    /// - Precondition: `poolsBytes` (a plain `avg(2)`); `src` holds `height * width *
    ///   channels` samples; `dst` has room for the output.
    /// - Returns: the number of Floats written.
    @discardableResult
    public func applyToFloatRows(_ src: UnsafeBufferPointer<Float>, height: Int, width: Int, channels: Int,
                                 into dst: UnsafeMutableBufferPointer<Float>) -> Int {
        guard let ceil = (self as? BytePoolable)?.byteAverageCeil else {
            preconditionFailure("\(name) is not a plain avg(2)")
        }
        let count = ByteAveragePool.outputCount(height: height, width: width, channels: channels, ceil: ceil)
        precondition(dst.count >= count && src.count >= height * width * channels, "buffer too small")
        guard count > 0 else { return 0 }
        FloatAveragePool.pool(src, height: height, width: width, channels: channels, ceil: ceil, into: dst.baseAddress!)
        return count
    }
}
