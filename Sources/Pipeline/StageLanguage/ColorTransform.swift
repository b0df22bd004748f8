import Dispatch
import Foundation
import ImageTensor

/// The sRGB transfer functions of IEC 61966-2-1, on any real value.
///
/// Negative values (which some filters can produce) are mapped with odd symmetry,
/// `f(-v) = -f(v)`, so the functions stay invertible and never produce NaN.
enum SRGBTransfer {
    /// sRGB-encoded value → linear light: `v/12.92` up to 0.04045, else `((v+0.055)/1.055)^2.4`.
    @inlinable
    public static func toLinear(_ v: Float) -> Float {
        let a = abs(v)
        let r = a <= 0.04045 ? a / 12.92 : powf((a + 0.055) / 1.055, 2.4)
        return v < 0 ? -r : r
    }

    /// Linear light → sRGB-encoded value: `12.92·v` up to 0.0031308, else `1.055·v^(1/2.4) − 0.055`.
    @inlinable
    public static func toSRGB(_ v: Float) -> Float {
        let a = abs(v)
        let r = a <= 0.0031308 ? a * 12.92 : 1.055 * powf(a, 1 / 2.4) - 0.055
        return v < 0 ? -r : r
    }
}

/// Converts a tensor between its stored samples and the working representation that
/// mixing ops see under `ColorOptions` (linear light and/or premultiplied alpha).
///
/// The last channel is alpha when there are 2 or 4 channels. Conversions run in place over
/// contiguous rows, split into row bands over `threads` threads.
struct ColorTransform {
    /// Multiply colour by alpha in the working representation.
    let premultiply: Bool
    /// Colour is linear light in the working representation.
    let linear: Bool
    let channels: Int

    /// The transform for `channels` channels, or `nil` when working and stored samples are
    /// the same.
    init?(options: ColorOptions, channels: Int) {
        guard options.transformsSamples(channels: channels) else { return nil }
        self.channels = channels
        self.linear = options.linear
        self.premultiply = options.alpha == .premultiplied && (channels == 2 || channels == 4)
    }

    /// Stored → working: decode sRGB (if linear), then multiply colour by alpha (if premultiplied).
    func toWorking(_ t: inout Tensor, threads: Int) {
        let c = channels, colour = c == 2 || c == 4 ? c - 1 : c
        switch (linear, premultiply) {
        case (false, true):
            Self.forEachBand(&t, threads: threads) { p, pixels in
                UnitSamples.premultiply(p, pixels: pixels, channels: c)
            }
        case (true, false):
            Self.forEachBand(&t, threads: threads) { p, pixels in
                for i in 0..<pixels {
                    let px = p + i * c
                    for k in 0..<colour { px[k] = SRGBTransfer.toLinear(px[k]) }
                }
            }
        case (true, true):
            Self.forEachBand(&t, threads: threads) { p, pixels in
                for i in 0..<pixels {
                    let px = p + i * c, a = px[colour]
                    for k in 0..<colour { px[k] = SRGBTransfer.toLinear(px[k]) * a }
                }
            }
        case (false, false):
            return
        }
    }

    /// Working → stored: divide colour by alpha (alpha 0 gives colour 0) if premultiplied,
    /// then encode sRGB if linear. Alpha is never changed.
    func toStored(_ t: inout Tensor, threads: Int) {
        let c = channels, colour = c == 2 || c == 4 ? c - 1 : c
        switch (linear, premultiply) {
        case (false, true):
            Self.forEachBand(&t, threads: threads) { p, pixels in
                for i in 0..<pixels {
                    let px = p + i * c, a = px[colour]
                    let inverse: Float = a != 0 ? 1 / a : 0
                    for k in 0..<colour { px[k] *= inverse }
                }
            }
        case (true, false):
            Self.forEachBand(&t, threads: threads) { p, pixels in
                for i in 0..<pixels {
                    let px = p + i * c
                    for k in 0..<colour { px[k] = SRGBTransfer.toSRGB(px[k]) }
                }
            }
        case (true, true):
            Self.forEachBand(&t, threads: threads) { p, pixels in
                for i in 0..<pixels {
                    let px = p + i * c, a = px[colour]
                    let inverse: Float = a != 0 ? 1 / a : 0
                    for k in 0..<colour { px[k] = SRGBTransfer.toSRGB(px[k] * inverse) }
                }
            }
        case (false, false):
            return
        }
    }

    /// Calls `body(pointer to the first pixel, pixel count)` for row bands covering the
    /// tensor, on up to `threads` threads at once.
    private static func forEachBand(_ t: inout Tensor, threads: Int,
                                    _ body: (UnsafeMutablePointer<Float>, Int) -> Void) {
        let rows = t.height, rowPixels = t.width, c = t.channels
        guard rows > 0, rowPixels > 0 else { return }
        let bands = min(max(1, threads), rows, max(1, rows * rowPixels / 16_384))
        t.data.withUnsafeMutableBufferPointer { buf in
            let base = buf.baseAddress!
            if bands == 1 {
                body(base, rows * rowPixels)
                return
            }
            withoutActuallyEscaping(body) { body in
                // nonisolated(unsafe), proved by hand: `body` and `base` are only read; each
                // concurrent call gets its own disjoint rows y0..<y1 of the buffer, and
                // `concurrentPerform` returns only after every call has finished.
                nonisolated(unsafe) let body = body
                nonisolated(unsafe) let base = base
                DispatchQueue.concurrentPerform(iterations: bands) { band in
                    let y0 = rows * band / bands, y1 = rows * (band + 1) / bands
                    body(base + y0 * rowPixels * c, (y1 - y0) * rowPixels)
                }
            }
        }
    }
}
