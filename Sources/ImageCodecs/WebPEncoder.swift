internal import CCodecs
import ImageTensor

/// Encodes tensors as WebP through libwebp (CCodecs' `cc_webp_encode`).
enum WebPEncoder {
    /// 8-bit samples (`round(clamp(v) * 255)`); gray becomes RGB and gray+alpha RGBA, since
    /// WebP stores only those. Lossy at `options.quality` or lossless; alpha kept. An ICC
    /// profile goes into an ICCP chunk only when it describes RGB data (a gray profile would
    /// mislabel the expanded RGB samples); EXIF goes into an EXIF chunk.
    /// - Throws: `EncodingError`.
    static func encode(_ t: Tensor, options: EncodeOptions) throws -> [UInt8] {
        guard (1...4).contains(t.channels) else {
            throw EncodingError.unsupportedChannels(format: .webp, channels: t.channels)
        }
        guard (1...100).contains(options.quality) else { throw EncodingError.badQuality(options.quality) }
        guard t.width > 0, t.height > 0, t.width <= 16383, t.height <= 16383 else {
            throw EncodingError.badSize(format: .webp, width: t.width, height: t.height)
        }
        let outChannels = t.channels % 2 == 0 ? 4 : 3
        let bytes = ImageEncoder.quantize8(t.data)
        let pixels = t.channels >= 3 ? bytes : expandGray(bytes, alpha: t.channels == 2)
        var opts = options
        if let icc = opts.iccProfile, SRGBConverter.colorSpace(of: icc) != "RGB " { opts.iccProfile = nil }
        return try ImageEncoder.callEncoder(.webp) { out, len, msg in
            ImageEncoder.withMetadata(opts) { opt in
                cc_webp_encode(pixels, UInt32(t.width), UInt32(t.height), Int32(outChannels),
                               opt, out, len, msg, Int(CC_MSG_SIZE))
            }
        }
    }

    /// Gray (or gray+alpha) bytes → RGB (or RGBA) bytes.
    private static func expandGray(_ src: [UInt8], alpha: Bool) -> [UInt8] {
        let inC = alpha ? 2 : 1, outC = alpha ? 4 : 3
        let pixels = src.count / inC
        return [UInt8](unsafeUninitializedCapacity: pixels * outC) { buf, n in
            for p in 0..<pixels {
                let g = src[p * inC]
                buf[p * outC] = g; buf[p * outC + 1] = g; buf[p * outC + 2] = g
                if alpha { buf[p * outC + 3] = src[p * inC + 1] }
            }
            n = pixels * outC
        }
    }
}
