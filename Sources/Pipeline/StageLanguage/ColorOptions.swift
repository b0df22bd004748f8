/// How colour is treated around ops that mix samples (`PoolingOperation.mixesSamples`).
///
/// - `alpha == .premultiplied` (default): with an alpha channel (2 or 4 channels), colour is
///   multiplied by alpha before a mixing op and divided by the pooled alpha after it
///   (alpha 0 gives colour 0), so transparent pixels do not bleed their colour.
/// - `linear == true`: colour channels (never alpha) are decoded from sRGB to linear light
///   before a mixing op and encoded back after it.
///
/// With 3 or 1 channels and `linear == false`, or `.straight` and `linear == false`, ops run
/// on the samples exactly as stored.
public struct ColorOptions: Sendable, Equatable {
    /// How alpha weights colour in mixing ops.
    public enum Alpha: String, Sendable, CaseIterable {
        /// Colour is weighted by alpha while mixing.
        case premultiplied
        /// Colour and alpha are mixed independently, as stored.
        case straight
    }

    public var alpha: Alpha = .premultiplied
    public var linear: Bool = false

    public init(alpha: Alpha = .premultiplied, linear: Bool = false) {
        self.alpha = alpha
        self.linear = linear
    }

    /// Whether mixing ops on a tensor of `channels` channels need a working representation
    /// different from the stored samples.
    public func transformsSamples(channels: Int) -> Bool {
        linear || (alpha == .premultiplied && (channels == 2 || channels == 4))
    }
}
