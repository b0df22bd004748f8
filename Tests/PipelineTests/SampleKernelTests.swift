import Testing
import ImageTensor
@testable import Pipeline

/// The vectorised sample conversions give, byte for byte, what the straightforward
/// per-sample rules give: uint8 as round half up of `v × 255` clamped (NaN 0), float16 as
/// `Float16(v)`, float32 as is, after `(v − mean) / std` per channel, in HWC or CHW order.
@Suite struct SampleKernelTests {
    /// Random values around and outside 0…1, with the special values and the uint8
    /// rounding edges (`v × 255` exactly `k + 0.5`, and floats just beside) mixed in.
    static func tensor(_ h: Int, _ w: Int, _ c: Int, seed: UInt64) -> Tensor {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let specials: [Float] = [.nan, -.nan, Float(bitPattern: 0x7FC1_2345), .infinity, -.infinity, -0.0, 0, 1,
                                 Float.leastNonzeroMagnitude, -Float.leastNonzeroMagnitude, 65504, 65520, 1e6, -1e6,
                                 6.1e-5, 3e-8, 1.0 + 1.0 / 2048, 0.5 / 255, 1.5 / 255, 254.5 / 255]
        return Tensor(height: h, width: w, channels: c, unsafeUninitialized: { buf in
            for i in 0..<buf.count {
                let r = next()
                switch r % 8 {
                case 0: buf[i] = specials[Int(r >> 3) % specials.count]
                case 1:
                    // The float nearest to (k + 0.5) / 255, and its neighbours.
                    let v = (Float(Int(r >> 3) % 255) + 0.5) / 255
                    buf[i] = [v, v.nextUp, v.nextDown][Int(r >> 12) % 3]
                case 2: buf[i] = Float(bitPattern: UInt32(truncatingIfNeeded: r))   // any bit pattern
                default: buf[i] = Float(Int64(r % (1 << 24)) - (1 << 22)) / Float(1 << 23) + 0.25   // −0.25…1.75
                }
            }
        })
    }

    /// The rule of the 8-bit encoders, written the plain way.
    static func quantized(_ v: Float) -> UInt8 {
        if v.isNaN { return 0 }
        let t = min(max(v, 0), 1) * 255
        let whole = Int(t)
        return UInt8(whole + (t - Float(whole) >= 0.5 ? 1 : 0))
    }

    /// The payload of `t` computed sample by sample.
    static func reference(_ t: Tensor, _ encoder: SampleEncoder) throws -> [UInt8] {
        let c = t.channels, hw = t.height * t.width, size = encoder.dtype.itemSize
        let (mean, std) = try encoder.normalization?.perChannel(c) ?? ([Float](repeating: 0, count: c), [Float](repeating: 1, count: c))
        var out = [UInt8](repeating: 0, count: t.count * size)
        for p in 0..<hw {
            for ch in 0..<c {
                var v = t.data[p * c + ch]
                if encoder.normalization != nil { v = (v - mean[ch]) / std[ch] }
                let at = (encoder.layout == .chw ? ch * hw + p : p * c + ch) * size
                switch encoder.dtype {
                case .uint8: out[at] = quantized(v)
                case .float16:
                    let b = Float16(v).bitPattern
                    out[at] = UInt8(b & 0xFF); out[at + 1] = UInt8(b >> 8)
                case .float32:
                    let b = v.bitPattern
                    for k in 0..<4 { out[at + k] = UInt8((b >> (8 * k)) & 0xFF) }
                }
            }
        }
        return out
    }

    static let normalizations: [Normalization?] = [nil, .imagenet, Normalization(mean: [0.5], std: [0.25]),
                                                   Normalization(mean: [-1, 0.25, 3, 0.125, 7], std: [0.5, 3, -2, 1e-3, 9])]

    @Test(arguments: SampleDType.allCases, SampleLayout.allCases)
    func payloadsEqualTheStraightforwardConversion(dtype: SampleDType, layout: SampleLayout) throws {
        var seed: UInt64 = 1
        // Sizes with tails after the 4/12-sample steps, more pixels than one chunk, and
        // channel counts that do and do not divide 12.
        for (h, w) in [(1, 1), (3, 7), (17, 29), (224, 224)] {
            for c in [1, 2, 3, 4, 5] {
                for n in Self.normalizations {
                    if let n, n.mean.count > 1, n.mean.count != c { continue }
                    seed += 1
                    let t = Self.tensor(h, w, c, seed: seed)
                    let encoder = SampleEncoder(dtype: dtype, layout: layout, normalization: n)
                    let fast = try [UInt8](unsafeUninitializedCapacity: t.count * dtype.itemSize) { buf, count in
                        try encoder.writePayload(t, to: UnsafeMutableRawPointer(buf.baseAddress!))
                        count = t.count * dtype.itemSize
                    }
                    let expected = try Self.reference(t, encoder)
                    if fast != expected {
                        let i = (0..<min(fast.count, expected.count)).first { fast[$0] != expected[$0] } ?? -1
                        Issue.record("\(h)×\(w)×\(c) \(dtype) \(layout) \(n?.description ?? "-"): first difference at byte \(i)")
                    }
                    var appended: [UInt8] = [9]
                    try encoder.appendPayload(t, to: &appended)
                    #expect(appended == [9] + expected)
                }
            }
        }
    }

    @Test func quantisationTiesRoundHalfUp() {
        // v × 255 is exactly k + 0.5 for these floats: ties go up, whatever k's parity.
        for k in 0..<255 {
            var v = (Float(k) + 0.5) / 255
            while v * 255 > Float(k) + 0.5 { v = v.nextDown }
            while v * 255 < Float(k) + 0.5 { v = v.nextUp }
            if v * 255 == Float(k) + 0.5 {
                #expect(SampleKernels.quantize(v) == UInt8(k + 1), "\(k)")
                #expect(SampleKernels.quantize(v.nextDown) == Self.quantized(v.nextDown))
            }
        }
        #expect(SampleKernels.quantize(.nan) == 0 && SampleKernels.quantize(-.infinity) == 0)
        #expect(SampleKernels.quantize(.infinity) == 255 && SampleKernels.quantize(-0.0) == 0)
    }

    @Test func halfEqualsFloat16AcrossFloats() {
        // Every 997th bit pattern (all exponents, both signs, NaNs), and every float near
        // the half rounding edges: subnormal halves, the largest half, the infinity cut.
        var mismatches = 0
        func check(_ bits: UInt32) {
            let v = Float(bitPattern: bits)
            if SampleKernels.half(v) != Float16(v).bitPattern {
                mismatches += 1
                if mismatches < 5 { Issue.record("bits \(String(bits, radix: 16))") }
            }
        }
        for bits in stride(from: UInt32(0), to: UInt32.max - 997, by: 997) { check(bits) }
        for edge: UInt32 in [0x3880_0000, 0x3300_0000, 0x4780_0000, 0x477F_E000, 0x7F80_0000, 0x3F80_1000] {
            for d in 0..<4096 as Range<UInt32> {
                check(edge &+ d); check(edge &- d); check((edge &+ d) | 0x8000_0000)
            }
        }
        #expect(mismatches == 0)
    }

    /// Each `CKernels` variant this CPU runs (baseline C, AVX2/F16C) against the Swift rules,
    /// over a sweep of all float bit patterns and every float near the rounding edges, with
    /// lengths that leave tails after the vector steps.
    @Test func everyKernelVariantGivesTheRuleBits() {
        var floats: [Float] = []
        for bits in stride(from: UInt32(0), to: UInt32.max - 1009, by: 1009) { floats.append(Float(bitPattern: bits)) }
        for k in 0...255 {
            // Around the uint8 halves (k + 0.5) / 255 and around k / 255.
            for centre in [(Float(k) + 0.5) / 255, Float(k) / 255] {
                var v = centre
                for _ in 0..<64 { v = v.nextDown }
                for _ in 0..<128 { floats.append(v); v = v.nextUp }
            }
        }
        for edge: UInt32 in [0x3880_0000, 0x3300_0000, 0x4780_0000, 0x477F_E000, 0x7F80_0000] {
            for d in 0..<2048 as Range<UInt32> { floats.append(Float(bitPattern: edge &+ d)); floats.append(Float(bitPattern: (edge &- d) | 0x8000_0000)) }
        }
        let bytes = floats.map(SampleKernels.quantize), halves = floats.map { Float16($0).bitPattern }
        #expect(SampleKernels.supportedVariants.contains(0))
        for variant in SampleKernels.supportedVariants {
            for count in [floats.count, floats.count - 1, 31, 7, 0] {
                var u8 = [UInt8](repeating: 0xAA, count: floats.count), h16 = [UInt16](repeating: 0xAAAA, count: floats.count)
                floats.withUnsafeBufferPointer { src in
                    u8.withUnsafeMutableBytes { SampleKernels.convert(src.baseAddress!, count: count, dtype: .uint8, to: $0.baseAddress!, variant: variant) }
                    h16.withUnsafeMutableBytes { SampleKernels.convert(src.baseAddress!, count: count, dtype: .float16, to: $0.baseAddress!, variant: variant) }
                }
                #expect(Array(u8[..<count]) == Array(bytes[..<count]), "variant \(variant) uint8, \(count) samples")
                #expect(Array(h16[..<count]) == Array(halves[..<count]), "variant \(variant) float16, \(count) samples")
                #expect(u8[count...].allSatisfy { $0 == 0xAA } && h16[count...].allSatisfy { $0 == 0xAAAA }, "wrote past \(count)")
            }
        }
    }
}
