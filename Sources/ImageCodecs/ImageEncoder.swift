internal import CCodecs
internal import CKernels
import ImageTensor

/// Encodes tensors as PNG, JPEG, WebP or `.npy` bytes.
public enum ImageEncoder {
    /// Clamps to [0,1] and rounds to nearest (8-bit round(v*255), 16-bit round(v*65535)); NaN
    /// becomes 0. NPY: little-endian float32 (H, W, C), samples unchanged.
    /// PNG: 1–4 channels, 8 or 16 bits. JPEG: 8-bit baseline (progressive with `progressive`), gray for 1 channel, YCbCr 4:2:0
    /// (4:4:4 with `chroma444`) for 3; a 2- or 4-channel tensor loses its alpha channel
    /// (colour written as is, not composited: JPEG has no transparency; callers flatten
    /// first, see `AlphaFlattening`). WebP: 8-bit, gray expanded to RGB, alpha kept.
    /// ICC and EXIF (`EncodeOptions.exif`) are embedded in PNG, JPEG and WebP.
    /// - Throws: `EncodingError`.
    public static func encode(_ tensor: Tensor, options: EncodeOptions) throws -> [UInt8] {
        switch options.format {
        case .npy: return NPYEncoder.encode(tensor)
        case .png: return try encodePNG(tensor, options: options)
        case .jpeg: return try encodeJPEG(tensor, options: options)
        case .webp: return try WebPEncoder.encode(tensor, options: options)
        }
    }

    private static func encodePNG(_ t: Tensor, options: EncodeOptions) throws -> [UInt8] {
        guard (1...4).contains(t.channels) else {
            throw EncodingError.unsupportedChannels(format: .png, channels: t.channels)
        }
        guard options.bitDepth == 8 || options.bitDepth == 16 else {
            throw EncodingError.unsupportedBitDepth(options.bitDepth)
        }
        guard t.width > 0, t.height > 0, t.width <= 0x7FFF_FFFF, t.height <= 0x7FFF_FFFF else {
            throw EncodingError.badSize(format: .png, width: t.width, height: t.height)
        }
        let pixels = options.bitDepth == 8 ? quantize8(t.data) : quantize16BigEndian(t.data)
        return try callEncoder(.png) { out, len, msg in
            withMetadata(options) { opt in
                cc_png_encode_ex(pixels, UInt32(t.width), UInt32(t.height), Int32(t.channels),
                                 Int32(options.bitDepth), opt, out, len, msg, Int(CC_MSG_SIZE))
            }
        }
    }

    private static func encodeJPEG(_ t: Tensor, options: EncodeOptions) throws -> [UInt8] {
        guard (1...4).contains(t.channels) else {
            throw EncodingError.unsupportedChannels(format: .jpeg, channels: t.channels)
        }
        guard (1...100).contains(options.quality) else { throw EncodingError.badQuality(options.quality) }
        guard t.width > 0, t.height > 0, t.width <= 65500, t.height <= 65500 else {
            throw EncodingError.badSize(format: .jpeg, width: t.width, height: t.height)
        }
        let colour = t.channels >= 3 ? 3 : 1
        let samples: [Float]
        if colour == t.channels {
            samples = t.data
        } else {
            samples = [Float](unsafeUninitializedCapacity: t.width * t.height * colour) { buf, n in
                t.data.withUnsafeBufferPointer { src in
                    for p in 0..<(t.width * t.height) {
                        for c in 0..<colour { buf[p * colour + c] = src[p * t.channels + c] }
                    }
                }
                n = t.width * t.height * colour
            }
        }
        let pixels = quantize8(samples)
        return try callEncoder(.jpeg) { out, len, msg in
            withMetadata(options) { opt in
                cc_jpeg_encode_ex(pixels, UInt32(t.width), UInt32(t.height), Int32(colour),
                                  opt, out, len, msg, Int(CC_MSG_SIZE))
            }
        }
    }

    /// `round(clamp(v) * 255)` per sample, halves up, NaN 0: CKernels' 8-bit quantisation
    /// (AVX2 where the CPU has it), the rule every 8-bit output and uint8 payload shares.
    static func quantize8(_ data: [Float]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: data.count) { buf, n in
            data.withUnsafeBufferPointer { src in
                ckernels_quantize_u8(src.baseAddress!, buf.baseAddress!, src.count, Int32(CKERNELS_BEST))
            }
            n = data.count
        }
    }

    /// `round(clamp(v) * 65535)` per sample, big-endian byte pairs as PNG stores them.
    static func quantize16BigEndian(_ data: [Float]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: data.count * 2) { buf, n in
            data.withUnsafeBufferPointer { src in
                for i in 0..<src.count {
                    let v = UInt16(roundHalfUp(clamp(src[i]) * 65535))
                    buf[2 * i] = UInt8(v >> 8)
                    buf[2 * i + 1] = UInt8(v & 0xFF)
                }
            }
            n = data.count * 2
        }
    }

    /// `t.rounded()` (half away from zero) for `0 ≤ t < 2^23`, without a libm call: truncate,
    /// then add one when the exact fraction `t - floor(t)` is at least one half.
    @inline(__always)
    static func roundHalfUp(_ t: Float) -> Int32 {
        let whole = Int32(t)
        return whole + (t - Float(whole) >= 0.5 ? 1 : 0)
    }

    @inline(__always)
    private static func clamp(_ v: Float) -> Float {
        v.isNaN ? 0 : Swift.min(Swift.max(v, 0), 1)
    }

    /// Calls `body` with CCodecs encoder options holding `options`' quality, flags, ICC and EXIF.
    static func withMetadata(_ options: EncodeOptions,
                             _ body: (UnsafePointer<cc_encode_options>) -> cc_status) -> cc_status {
        var opt = cc_encode_options()
        opt.quality = Int32(options.quality)
        opt.progressive = options.progressive ? 1 : 0
        opt.optimize_coding = options.optimizeCoding ? 1 : 0
        opt.chroma444 = options.chroma444 ? 1 : 0
        opt.lossless = options.lossless ? 1 : 0
        opt.png_level = Int32(min(max(options.pngCompressionLevel ?? 0, 0), 9))
        let icc = options.iccProfile ?? [], exif = options.exif ?? []
        return icc.withUnsafeBufferPointer { i in
            exif.withUnsafeBufferPointer { e in
                if !i.isEmpty { opt.icc = i.baseAddress; opt.icc_len = i.count }
                if !e.isEmpty { opt.exif = e.baseAddress; opt.exif_len = e.count }
                return body(&opt)
            }
        }
    }

    static func callEncoder(
        _ format: OutputFormat,
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
                 UnsafeMutablePointer<CChar>) -> cc_status
    ) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        var msg = [CChar](repeating: 0, count: Int(CC_MSG_SIZE))
        let status = msg.withUnsafeMutableBufferPointer { m in body(&out, &len, m.baseAddress!) }
        defer { cc_free(out) }
        guard status == CC_OK, let out else {
            throw EncodingError.libraryFailed(format: format, detail: CMessage.text(msg))
        }
        return Array(UnsafeBufferPointer(start: out, count: len))
    }
}

/// Writes NumPy `.npy` version 1.0 files.
enum NPYEncoder {
    /// Little-endian float32 `(H, W, C)`, header padded to a 64-byte boundary as NumPy does.
    static func encode(_ t: Tensor) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(t.height), \(t.width), \(t.channels)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = NPYHeader.magic + [1, 0]
        let n = header.utf8.count
        out += [UInt8(n & 0xFF), UInt8(n >> 8)]
        out += Array(header.utf8)
        out.reserveCapacity(out.count + t.data.count * 4)
        t.data.withUnsafeBufferPointer { src in
            for v in src {
                let bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
            }
        }
        return out
    }
}
