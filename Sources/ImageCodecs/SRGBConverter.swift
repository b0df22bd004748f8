internal import CCodecs

/// Converts decoded samples from an image's ICC profile to sRGB through LittleCMS 2
/// (CCodecs' `cc_color_*`): relative colorimetric intent without black point compensation,
/// results clipped to [0, 1]. 16-bit samples go through LittleCMS's float pipeline (16-bit
/// precision survives); 8-bit samples through its optimised integer pipeline with 16-bit
/// results (about 30× faster, within 1/255 of the float result); CMYK through the float one.
///
/// Gray images convert to gray with the sRGB tone curve (they stay one channel and carry
/// `profile(gray: true)`); RGB(A) to sRGB (alpha copied); CMYK JPEG samples to RGB straight
/// from their 8-bit ink values. Not thread-safe: one converter per decoder.
final class SRGBConverter {
    private let transform: OpaquePointer
    /// The layout `convert` reads.
    let layout: cc_pixels
    private var scratch: [Float] = []  // normalised samples before the conversion, reused

    /// Builds the transform from `icc` for pixels laid out as `layout`.
    /// - Throws: `ColorConversionError` when the profile is unreadable or describes another
    ///   colour space than the samples.
    init(icc: [UInt8], layout: cc_pixels) throws {
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        var out: OpaquePointer?
        let status = icc.withUnsafeBufferPointer { b in
            cc_color_open_to_srgb(b.baseAddress, b.count, layout, &out, &msg, msg.count)
        }
        guard status == CC_OK, let out else {
            throw ColorConversionError.cannotConvert(reason: CMessage.text(msg))
        }
        transform = out
        self.layout = layout
    }

    deinit { cc_color_close(transform) }

    /// Converts `pixels` pixels from `src` (floats, or CMYK bytes for the CMYK layouts) into
    /// `dst`. - Precondition: `src` and `dst` do not overlap; both hold `pixels` pixels.
    /// - Throws: `ColorConversionError.outOfMemory` when the CMYK scratch cannot be had.
    func convert(_ src: UnsafeRawPointer, into dst: UnsafeMutablePointer<Float>, pixels: Int) throws {
        guard cc_color_apply(transform, src, dst, pixels) == CC_OK else { throw ColorConversionError.outOfMemory }
    }

    /// Converts `pixels` decoded pixels: CMYK and 8-bit rows go to LittleCMS as they are;
    /// 16-bit rows are first normalised by `normalise` (bytes → `channels` Float samples a pixel).
    /// - Precondition: `dst` holds `pixels * channels` samples (3 a pixel for CMYK).
    func convertRows(_ src: UnsafeBufferPointer<UInt8>, pixels: Int, channels: Int,
                     into dst: UnsafeMutableBufferPointer<Float>,
                     normalise: (UnsafeBufferPointer<UInt8>, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        guard pixels > 0 else { return }
        if layout.rawValue >= CC_PIXELS_CMYK8.rawValue {
            try convert(src.baseAddress!, into: dst.baseAddress!, pixels: pixels)
            return
        }
        if scratch.count < pixels * channels { scratch = [Float](repeating: 0, count: pixels * channels) }
        try scratch.withUnsafeMutableBufferPointer { f in
            normalise(src, f)
            try convert(f.baseAddress!, into: dst.baseAddress!, pixels: pixels)
        }
    }

    /// The layout for decoded samples: the raw bytes for CMYK and 8-bit samples, else
    /// `channels` Float samples a pixel.
    static func layout(channels: Int, cmyk: Bool, inverted: Bool, bytes: Bool) -> cc_pixels {
        if cmyk { return inverted ? CC_PIXELS_CMYK8_INVERTED : CC_PIXELS_CMYK8 }
        if bytes {
            return [CC_PIXELS_GRAY8, CC_PIXELS_GRAYA8, CC_PIXELS_RGB8, CC_PIXELS_RGBA8][min(max(channels, 1), 4) - 1]
        }
        switch channels {
        case 1: return CC_PIXELS_GRAY_FLOAT
        case 2: return CC_PIXELS_GRAYA_FLOAT
        case 3: return CC_PIXELS_RGB_FLOAT
        default: return CC_PIXELS_RGBA_FLOAT
        }
    }

    /// The profile converted outputs carry, serialised by LittleCMS: its built-in sRGB
    /// ("sRGB built-in"), or for gray a gray profile with the sRGB tone curve.
    static func profile(gray: Bool) -> [UInt8] { gray ? grayProfile : rgbProfile }

    private static let rgbProfile = serialised(gray: false)
    private static let grayProfile = serialised(gray: true)

    private static func serialised(gray: Bool) -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var len = 0
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        guard cc_srgb_profile(gray ? 1 : 0, &out, &len, &msg, msg.count) == CC_OK, let out else { return [] }
        defer { cc_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: len))
    }

    /// The colour space signature in an ICC profile's header ("RGB ", "GRAY", "CMYK", ...).
    static func colorSpace(of icc: [UInt8]) -> String {
        guard icc.count >= 20 else { return "" }
        return String(decoding: icc[16..<20], as: UTF8.self)
    }
}

/// Why samples could not be converted to sRGB (kept as a warning; the image stays as it is).
public enum ColorConversionError: Error, Equatable, CustomStringConvertible {
    case cannotConvert(reason: String)
    case outOfMemory

    public var description: String {
        switch self {
        case .outOfMemory: return "out of memory while converting to sRGB"
        case .cannotConvert(let r): return "ICC profile not applied (--to-srgb): \(r)"
        }
    }
}
