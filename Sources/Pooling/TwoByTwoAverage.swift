import ImageTensor

/// The one `avg(2, stride=2, padding=0)` kernel family (either ceil mode): `AvgPool.apply`,
/// Float bands and 8-bit bands all fold a full window the same way.
///
/// The source of truth is `WindowKernels.row2x2` with `AverageReducer`, which `AvgPool.apply`
/// itself runs: full windows fold `((a0 + a1) + b0) + b1` and multiply by 1/4; windows
/// clipped by ceil mode add their in-image samples in the same order and divide by their
/// count (`edgeWindows`, no padding, so `count_pad` makes no difference). `pool(floats)`
/// calls exactly those two; `pool(bytes)` reads 8-bit rows through `UnitSamples.byteValues`
/// (the decoders' conversion, bit for bit) — and optionally premultiplies colour by alpha
/// (`colour * alpha`, as `UnitSamples.premultiply` does) — in the same pass, so a
/// full-resolution Float32 band is never written; its full-window loop repeats row2x2's
/// fold with a table lookup per sample (2–2.5× faster than converting vectors of bytes).
enum TwoByTwoAverage {
    /// The number of Floats `pool` writes for `height × width × channels` bytes.
    static func outputCount(height: Int, width: Int, channels: Int, ceil: Bool) -> Int {
        (ceil ? (height + 1) / 2 : height / 2) * (ceil ? (width + 1) / 2 : width / 2) * channels
    }

    /// Pools `height` rows of `width * channels` bytes into the `out(height) × out(width) ×
    /// channels` Floats at `dst`.
    /// - Precondition: `src.count >= height * width * channels`, channels 1...4, `premultiply`
    ///   only with 2 or 4 channels, and `dst` has room for `outputCount(...)` Floats.
    static func pool(_ src: UnsafeBufferPointer<UInt8>, height: Int, width: Int, channels c: Int,
                     ceil: Bool, premultiply: Bool, into dst: UnsafeMutablePointer<Float>) {
        let oh = ceil ? (height + 1) / 2 : height / 2
        let ow = ceil ? (width + 1) / 2 : width / 2
        let rowLength = width * c
        let alpha = premultiply ? c - 1 : -1
        UnitSamples.byteValues.withUnsafeBufferPointer { table in
            let unit = table.baseAddress!
            for oy in 0..<oh {
                let top = src.baseAddress! + 2 * oy * rowLength
                let twoRows = 2 * oy + 1 < height
                let row = dst + oy * ow * c
                // Full windows of two full rows through loops specialised per layout; the
                // rest (a last odd row or column under ceil mode) sample by sample.
                var done = 0
                if twoRows {
                    let bottom = top + rowLength, count = width / 2
                    switch (c, premultiply) {
                    case (1, _): fullWindows(top, bottom, count: count, channels: 1, alpha: -1, unit: unit, dst: row)
                    case (2, false): fullWindows(top, bottom, count: count, channels: 2, alpha: -1, unit: unit, dst: row)
                    case (2, true): fullWindows(top, bottom, count: count, channels: 2, alpha: 1, unit: unit, dst: row)
                    case (3, _): fullWindows(top, bottom, count: count, channels: 3, alpha: -1, unit: unit, dst: row)
                    case (4, false): fullWindows(top, bottom, count: count, channels: 4, alpha: -1, unit: unit, dst: row)
                    default: fullWindows(top, bottom, count: count, channels: 4, alpha: 3, unit: unit, dst: row)
                    }
                    done = count
                }
                // Premultiplied samples are colour × alpha, as the float path computes them.
                edgeWindows(top: top, rowLength: rowLength, twoRows: twoRows, width: width,
                                             channels: c, from: done, to: ow, dst: row) { p, pixel, ch in
                    let v = unit[Int(p[pixel + ch])]
                    return ch == alpha || alpha < 0 ? v : v * unit[Int(p[pixel + alpha])]
                }
            }
        }
    }

    /// `count` full 2×2 windows of the rows `top` and `bottom`; `alpha` is the alpha
    /// channel's index when colour is premultiplied, else −1. Called with constant layouts,
    /// so that each case compiles to its own unrolled loop.
    @inline(__always)
    private static func fullWindows(_ top: UnsafePointer<UInt8>, _ bottom: UnsafePointer<UInt8>, count: Int,
                                    channels c: Int, alpha: Int, unit: UnsafePointer<Float>,
                                    dst: UnsafeMutablePointer<Float>) {
        for ox in 0..<count {
            let i = 2 * ox * c, j = i + c
            let o = dst + ox * c
            // Four opaque pixels (or no alpha to apply): colour × 1 is the colour itself and
            // the alpha average is exactly 1 — the same bits without the multiplications.
            let opaque = alpha >= 0 && top[i + alpha] & top[j + alpha] & bottom[i + alpha] & bottom[j + alpha] == 255
            if alpha >= 0 && !opaque {
                let ta = unit[Int(top[i + alpha])], tb = unit[Int(top[j + alpha])]
                let ba = unit[Int(bottom[i + alpha])], bb = unit[Int(bottom[j + alpha])]
                for ch in 0..<alpha {
                    var acc = unit[Int(top[i + ch])] * ta + unit[Int(top[j + ch])] * tb
                    acc += unit[Int(bottom[i + ch])] * ba
                    acc += unit[Int(bottom[j + ch])] * bb
                    o[ch] = acc * 0.25
                }
                o[alpha] = (((ta + tb) + ba) + bb) * 0.25
            } else {
                for ch in 0..<(opaque ? alpha : c) {
                    var acc = unit[Int(top[i + ch])] + unit[Int(top[j + ch])]
                    acc += unit[Int(bottom[i + ch])]
                    acc += unit[Int(bottom[j + ch])]
                    o[ch] = acc * 0.25
                }
                if opaque { o[alpha] = 1 }
            }
        }
    }

    /// Pools `height` rows of `width * channels` Floats into the `out(height) × out(width) ×
    /// channels` Floats at `dst`: `AvgPool.apply`'s bits.
    /// - Precondition: `src.count >= height * width * channels`; `dst` has room for
    ///   `outputCount(...)` Floats.
    static func pool(_ src: UnsafeBufferPointer<Float>, height: Int, width: Int, channels c: Int,
                     ceil: Bool, into dst: UnsafeMutablePointer<Float>) {
        let oh = ceil ? (height + 1) / 2 : height / 2
        let ow = ceil ? (width + 1) / 2 : width / 2
        let rowLength = width * c
        for oy in 0..<oh {
            let top = src.baseAddress! + 2 * oy * rowLength
            let twoRows = 2 * oy + 1 < height
            let row = dst + oy * ow * c
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
    /// the float path sees it (not a hot path: only the windows a vector loop leaves, and a
    /// ceil-mode last row or column).
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
