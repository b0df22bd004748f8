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
