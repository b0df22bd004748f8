import Foundation
import ImageTensor

/// The difference heat map: per pixel, the mean over colour channels of `|a − b|` (both
/// made comparable by `ComparableImage`), mapped through a fixed colour ramp so that cells
/// of one report, and of different reports, share one scale.
///
/// The ramp position is `t = √d` for a difference `d` in [0, 1], so small differences stay
/// visible: d = 0.01 lies at 10 %, 0.04 at 20 %, 0.25 at 50 %, 1 at the end. The colours
/// are five samples of matplotlib's "inferno" map (black → purple → red → orange →
/// pale yellow) interpolated linearly.
enum HeatMap {
    /// Ramp stops as 8-bit sRGB, evenly spaced from t = 0 to t = 1.
    public static let stops: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 4), (87, 16, 110), (188, 55, 84), (249, 142, 9), (252, 255, 164),
    ]

    /// Differences at which the legend draws ticks, with their ramp positions.
    public static let ticks: [Double] = [0, 0.01, 0.04, 0.1, 0.25, 0.5, 1]

    /// Ramp position in [0, 1] of a mean absolute difference.
    public static func position(_ difference: Double) -> Double {
        guard difference.isFinite, difference > 0 else { return 0 }
        return min(difference, 1).squareRoot()
    }

    /// The ramp colour at position `t` in [0, 1], as RGB in [0, 1].
    public static func colour(at t: Double) -> (Float, Float, Float) {
        let u = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(u), stops.count - 2)
        let f = u - Double(i)
        let a = stops[i], b = stops[i + 1]
        func mix(_ p: UInt8, _ q: UInt8) -> Float {
            Float((Double(p) * (1 - f) + Double(q) * f) / 255)
        }
        return (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// Mean absolute difference per pixel over the channels of two comparable images.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func differences(_ a: Tensor, _ b: Tensor) throws -> [Double] {
        guard a.shape == b.shape else { throw InspectError.shapeMismatch(expected: a.shape, got: b.shape) }
        let c = a.channels, n = a.height * a.width
        var out = [Double](repeating: 0, count: n)
        a.data.withUnsafeBufferPointer { x in
            b.data.withUnsafeBufferPointer { y in
                for p in 0..<n {
                    var s = 0.0
                    for k in 0..<c { s += abs(Double(x[p * c + k]) - Double(y[p * c + k])) }
                    out[p] = s / Double(c)
                }
            }
        }
        return out
    }

    /// The heat map of `image` against `reference`, an RGB tensor of their size.
    /// Both are first made comparable (clamped, alpha composited over white).
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func render(_ image: Tensor, against reference: Tensor) throws -> Tensor {
        try render(comparable: ComparableImage.make(image), against: ComparableImage.make(reference))
    }

    /// The heat map of two images already made comparable (`ComparableImage.make`).
    /// When `maxSide` is given and the images are larger, the difference map is first
    /// scaled down by area averaging so that its longest side is `maxSide`.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func render(comparable a: Tensor, against b: Tensor, maxSide: Int? = nil) throws -> Tensor {
        var map = Tensor(height: a.height, width: a.width, channels: 1,
                         data: try differences(a, b).map { Float($0) })
        if let maxSide, max(a.height, a.width) > maxSide {
            let s = Double(maxSide) / Double(max(a.height, a.width))
            map = AreaDownscale.resize(map, height: max(1, Int((Double(a.height) * s).rounded())),
                                       width: max(1, Int((Double(a.width) * s).rounded())))
        }
        return colourize(map)
    }

    /// The ramp colours of a one-channel map of differences in [0, 1], as RGB.
    /// - Precondition: `map` has one channel.
    public static func colourize(_ map: Tensor) -> Tensor {
        precondition(map.channels == 1, "a difference map has one channel")
        let d = map.data
        return Tensor(height: map.height, width: map.width, channels: 3) { out in
            for (p, f) in d.enumerated() {
                let (r, g, bl) = colour(at: position(Double(f)))
                out[3 * p] = r; out[3 * p + 1] = g; out[3 * p + 2] = bl
            }
        }
    }

    /// A CSS `linear-gradient` reproducing the ramp (sampled finely enough to match).
    public static func cssGradient() -> String {
        let samples = (0...16).map { i -> String in
            let t = Double(i) / 16
            let (r, g, b) = colour(at: t)
            return String(format: "rgb(%d,%d,%d) %.2f%%", Int((r * 255).rounded()),
                          Int((g * 255).rounded()), Int((b * 255).rounded()), t * 100)
        }
        return "linear-gradient(to right, " + samples.joined(separator: ", ") + ")"
    }
}
