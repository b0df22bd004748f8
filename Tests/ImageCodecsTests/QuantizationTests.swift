import Testing
@testable import ImageCodecs

/// The encoder's rounding must equal `Float.rounded()` (half away from zero) on every value it
/// can meet: samples clamped to [0, 1] and scaled by 255 or 65535.
@Test(arguments: [Float(255), 65535])
func roundHalfUpEqualsRounded(scale: Float) {
    var mismatches = 0
    // Every half-way point and its float neighbours, where rounding errors would show.
    for k in 0..<Int(scale) {
        var t = Float(k) + 0.5
        for _ in 0..<4 { t = t.nextDown }
        for _ in 0..<9 {
            if ImageEncoder.roundHalfUp(t) != Int32(t.rounded()) { mismatches += 1 }
            t = t.nextUp
        }
    }
    // And samples scaled from a dense sweep of [0, 1].
    var v: Float = 0
    while v <= 1 {
        let t = v * scale
        if ImageEncoder.roundHalfUp(t) != Int32(t.rounded()) { mismatches += 1 }
        v += 1.0 / 1_048_576 + v * 1e-7
    }
    #expect(mismatches == 0)
}

/// `quantize8` (branch-free, vectorised) must give `round(clamp(v) * 255)` exactly: around
/// every half-way point, on a sweep of [−0.01, 1.01], and on NaN, ±∞ and out-of-range values.
/// (Checked once offline on every Float in [−0.01, 1.01]; the test keeps a debug-build-sized part.)
@Test func quantize8EqualsRoundedClamp() {
    var values: [Float] = [.nan, -.nan, .infinity, -.infinity, -1, -0.0, 0, 1, 1.5, 2, 1e30, -1e30,
                           .leastNonzeroMagnitude, Float(1).nextDown, Float(1).nextUp]
    for k in 0..<255 {
        var v = (Float(k) + 0.5) / 255
        for _ in 0..<32 { v = v.nextDown }
        for _ in 0..<65 { values.append(v); v = v.nextUp }
    }
    var v: Float = -0.01
    while v <= 1.01 { values.append(v); v += 1.0 / 262_144 }
    let reference = values.map { v -> UInt8 in
        v.isNaN ? 0 : UInt8((Swift.min(Swift.max(v, 0), 1) * 255).rounded())
    }
    let quantized = ImageEncoder.quantize8(values)
    let wrong = values.indices.filter { quantized[$0] != reference[$0] }
    #expect(wrong.isEmpty, "first: \(wrong.first.map { values[$0] } as Any)")
}
