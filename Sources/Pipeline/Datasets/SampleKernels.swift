internal import CKernels

/// The per-sample conversions of `SampleEncoder` as loops over contiguous buffers without a
/// branch, trap, call or allocation per sample: Swift SIMD for normalisation and channel
/// planes, `CKernels` for uint8 and float16 (AVX2/F16C on CPUs that have them, which Swift
/// cannot target per function).
///
/// Every kernel computes, sample by sample, exactly what the straightforward rule gives
/// (`quantize`, `Float16(v)`, `(v − mean) / std`); tests compare them, each variant, on
/// random tensors, the rounding edges and sweeps over all float bit patterns.
enum SampleKernels {
    /// Channel counts whose per-channel pattern repeats within `patternLength` samples.
    static let patternLength = 12

    /// `round(v * 255)` clamped to 0…255, halves up; NaN becomes 0, +∞ 255.
    ///
    /// For `0 ≤ t ≤ 255`, `t + 2²³` is `t` rounded to the nearest integer, ties to even, and
    /// exact, with that integer in its low bits; `n = (t + 2²³) − 2²³` is that integer as a
    /// float and `t − n` is exact, so `t − n == 0.5` finds exactly the ties rounded down,
    /// which round half up adds one to.
    @inline(__always)
    static func quantize(_ v: Float) -> UInt8 {
        let magic: Float = 8_388_608
        let x = v * 255
        let low = x > 0 ? x : 0          // NaN fails the test: 0
        let t = low < 255 ? low : 255
        let y = t + magic
        let n = y - magic
        return UInt8(truncatingIfNeeded: y.bitPattern &+ (t - n == 0.5 ? 1 : 0))
    }

    /// The IEEE binary16 bits of `v` rounded to nearest, ties to even: the same bits as
    /// `Float16(v).bitPattern` for every Float, NaNs included (sign and the top 9 payload
    /// bits kept, quiet bit set), without the library call `Float16(v)` makes on x86-64.
    @inline(__always)
    static func half(_ v: Float) -> UInt16 {
        let bits = Int32(bitPattern: v.bitPattern)
        let sign = (bits >> 16) & 0x8000
        let a = bits & 0x7FFF_FFFF
        // Normal halves (|v| ≥ 2⁻¹⁴): rebias the exponent (−112 · 2²³) and round the 13
        // dropped mantissa bits to nearest even (add 0xFFF plus the lowest kept bit).
        let normal = (a &- 0x37FF_F001 &+ ((a >> 13) & 1)) >> 13
        // Subnormal halves: adding 0.5 puts units of 2⁻²⁴ in the float's low mantissa bits,
        // rounded to nearest even by the addition itself.
        let small = Int32(bitPattern: (Float(bitPattern: UInt32(bitPattern: a)) + 0.5).bitPattern) &- 0x3F00_0000
        let nan = 0x7E00 | ((a >> 13) & 0x1FF)
        var h = a < 0x3880_0000 ? small : normal
        h = a >= 0x4780_0000 ? 0x7C00 : h  // rounds to 65520 or more: infinity
        h = a > 0x7F80_0000 ? nan : h
        return UInt16(truncatingIfNeeded: h | sign)
    }

    /// Writes `count` samples of `src` to `dst` as `dtype` in the same order, little-endian.
    /// uint8 and float16 go through `CKernels` (AVX2/F16C where the CPU has them, else its
    /// baseline loop; `variant` picks one for tests), which give the bits of `quantize` and
    /// `half`.
    static func convert(_ src: UnsafePointer<Float>, count: Int, dtype: SampleDType, to dst: UnsafeMutableRawPointer,
                        variant: Int32 = Int32(CKERNELS_BEST)) {
        switch dtype {
        case .uint8:
            ckernels_quantize_u8(src, dst.bindMemory(to: UInt8.self, capacity: count), count, variant)
        case .float16:
            let d = dst.bindMemory(to: UInt16.self, capacity: count)
            #if _endian(little)
            ckernels_float_to_half(src, d, count, variant)
            #else
            for i in 0..<count { d[i] = half(src[i]).littleEndian }
            #endif
        case .float32:
            let d = dst.bindMemory(to: UInt32.self, capacity: count)
            for i in 0..<count { d[i] = src[i].bitPattern.littleEndian }
        }
    }

    /// The `CKernels` variants this CPU runs (for tests).
    static var supportedVariants: [Int32] {
        [Int32(CKERNELS_BASELINE), Int32(CKERNELS_AVX2)].filter { ckernels_supported($0) != 0 }
    }

    /// `(v − mean[k]) / std[k]` of `count` samples, `k` the position modulo `period` (the
    /// channel pattern repeated, so `src` must start at a pixel), written to `dst`.
    /// - Precondition: `mean` and `std` hold `period` entries.
    static func normalize(_ src: UnsafePointer<Float>, count: Int, period: Int, mean: UnsafePointer<Float>,
                          std: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>) {
        var i = 0
        if period == patternLength {
            // Three vectors of four hold the 12-sample pattern.
            let m = (load(mean), load(mean + 4), load(mean + 8)), s = (load(std), load(std + 4), load(std + 8))
            while i + 12 <= count {
                store((load(src + i) - m.0) / s.0, dst + i)
                store((load(src + i + 4) - m.1) / s.1, dst + i + 4)
                store((load(src + i + 8) - m.2) / s.2, dst + i + 8)
                i += 12
            }
        }
        var k = 0
        while i < count {
            dst[i] = (src[i] - mean[k]) / std[k]
            i += 1
            k = k + 1 == period ? 0 : k + 1
        }
    }

    /// Splits `pixels` RGB pixels into three planes (`dst`, `dst + stride`, `dst + 2 ×
    /// stride`), each channel normalised as `(v − mean[c]) / std[c]` when `mean` is given.
    /// - Precondition: `mean` and `std`, when given, hold 3 entries.
    static func planes3(_ src: UnsafePointer<Float>, pixels: Int, mean: UnsafePointer<Float>?, std: UnsafePointer<Float>?,
                        to dst: UnsafeMutablePointer<Float>, stride: Int) {
        let r = dst, g = dst + stride, b = dst + 2 * stride
        var p = 0
        if let mean, let std {
            let mr = V4(repeating: mean[0]), mg = V4(repeating: mean[1]), mb = V4(repeating: mean[2])
            let sr = V4(repeating: std[0]), sg = V4(repeating: std[1]), sb = V4(repeating: std[2])
            while p + 4 <= pixels {
                let (vr, vg, vb) = split3(src + 3 * p)
                store((vr - mr) / sr, r + p); store((vg - mg) / sg, g + p); store((vb - mb) / sb, b + p)
                p += 4
            }
            while p < pixels {
                r[p] = (src[3 * p] - mean[0]) / std[0]
                g[p] = (src[3 * p + 1] - mean[1]) / std[1]
                b[p] = (src[3 * p + 2] - mean[2]) / std[2]
                p += 1
            }
        } else {
            while p + 4 <= pixels {
                let (vr, vg, vb) = split3(src + 3 * p)
                store(vr, r + p); store(vg, g + p); store(vb, b + p)
                p += 4
            }
            while p < pixels {
                r[p] = src[3 * p]; g[p] = src[3 * p + 1]; b[p] = src[3 * p + 2]
                p += 1
            }
        }
    }

    typealias V4 = SIMD4<Float>

    /// Four interleaved RGB pixels (`r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3`) as R, G, B.
    @inline(__always)
    private static func split3(_ p: UnsafePointer<Float>) -> (V4, V4, V4) {
        let a = load(p), b = load(p + 4), c = load(p + 8)
        return (V4(a[0], a[3], b[2], c[1]), V4(a[1], b[0], b[3], c[2]), V4(a[2], b[1], c[0], c[3]))
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> V4 { UnsafeRawPointer(p).loadUnaligned(as: V4.self) }

    @inline(__always)
    private static func store(_ v: V4, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V4.self) }

    /// Copies `pixels` pixels of `channels` interleaved elements of `size` bytes from `src`
    /// into `channels` planes of `planeStride` elements at `dst` (HWC to CHW).
    static func deinterleave(_ src: UnsafeRawPointer, pixels: Int, channels: Int, size: Int,
                             to dst: UnsafeMutableRawPointer, planeStride: Int) {
        switch size {
        case 1: deinterleave(src, pixels: pixels, channels: channels, as: UInt8.self, to: dst, planeStride: planeStride)
        case 2: deinterleave(src, pixels: pixels, channels: channels, as: UInt16.self, to: dst, planeStride: planeStride)
        default: deinterleave(src, pixels: pixels, channels: channels, as: UInt32.self, to: dst, planeStride: planeStride)
        }
    }

    private static func deinterleave<T>(_ src: UnsafeRawPointer, pixels: Int, channels: Int, as: T.Type,
                                        to dst: UnsafeMutableRawPointer, planeStride: Int) {
        let s = src.bindMemory(to: T.self, capacity: pixels * channels)
        let d = dst.bindMemory(to: T.self, capacity: (channels - 1) * planeStride + pixels)
        for ch in 0..<channels {
            let plane = d + ch * planeStride
            for p in 0..<pixels { plane[p] = s[p * channels + ch] }
        }
    }
}
