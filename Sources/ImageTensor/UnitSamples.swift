/// The one conversion of 8-bit samples to Float: `Float(v) / 255`.
///
/// Decoders convert 8-bit rows with it and kernels that read 8-bit rows directly (the
/// byte bands of `BandStream`) use the same table, so both give the same bits.
public enum UnitSamples {
    /// `byteValues[v] == Float(v) / 255` for every byte value (1 KiB, stays in L1).
    public static let byteValues: [Float] = (0...255).map { Float($0) / 255 }

    /// Multiplies colour by alpha in place (`colour * alpha`, alpha unchanged) for `pixels`
    /// pixels of `channels` samples, the last being alpha: the premultiplication every
    /// mixing op sees, whether the rows came as bytes or as Floats.
    /// - Precondition: `channels` is 2 or 4; `p` holds `pixels * channels` samples.
    @inline(__always)
    public static func premultiply(_ p: UnsafeMutablePointer<Float>, pixels: Int, channels c: Int) {
        let colour = c - 1
        for i in 0..<pixels {
            let px = p + i * c, a = px[colour]
            for k in 0..<colour { px[k] *= a }
        }
    }
}
