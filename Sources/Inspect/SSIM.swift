import Foundation
import ImageTensor

/// Structural similarity exactly as Wang, Bovik, Sheikh and Simoncelli (2004):
/// an 11×11 Gaussian window with σ = 1.5 normalised to sum 1, `C1 = (K1·L)²`,
/// `C2 = (K2·L)²` with `K1 = 0.01`, `K2 = 0.03`, `L = 1`; local means, variances and
/// covariance are window-weighted (`σ² = E[x²] − μ²`, no sample correction); the SSIM map
/// is taken at the valid positions only (the window entirely inside the image) and
/// averaged. Each plane gets its own map; the result is the mean over planes. This is
/// scikit-image's `structural_similarity(gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=1)`.
public enum SSIM {
    /// Window side.
    public static let windowSize = 11
    /// Gaussian standard deviation of the window.
    public static let sigma = 1.5
    public static let k1 = 0.01
    public static let k2 = 0.03
    /// Dynamic range of the samples.
    public static let dynamicRange = 1.0

    /// The normalised 1-D Gaussian; the 2-D window is its outer product with itself.
    public static let kernel1D: [Double] = {
        let r = Double(windowSize / 2)
        let g = (0..<windowSize).map { i -> Double in
            let x = Double(i) - r
            return exp(-(x * x) / (2 * sigma * sigma))
        }
        let s = g.reduce(0, +)
        return g.map { $0 / s }
    }()

    /// Mean SSIM of `a` against `b` over all planes, or `nil` when the image is smaller
    /// than the 11×11 window in either direction (there is no valid position). The planes
    /// are those of `MetricPlanes`: samples clamped to [0, 1], colour premultiplied by
    /// alpha and alpha a plane of its own.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func compute(_ a: Tensor, _ b: Tensor) throws -> Double? {
        guard let perChannel = try computePerChannel(a, b) else { return nil }
        return perChannel.reduce(0, +) / Double(perChannel.count)
    }

    /// Mean SSIM of each plane, or `nil` when the image is smaller than the window.
    /// Bands of rows run in parallel (Float32, vectorised, separable filters); band sums
    /// are added in a fixed order, so the result is the same on any machine.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    /// - Precondition: 1–4 channels.
    public static func computePerChannel(_ a: Tensor, _ b: Tensor) throws -> [Double]? {
        try Comparison.compare(a, b).ssimPerPlane
    }

    /// The number as the report prints it: four decimals, or `"n/a"` for `nil`.
    public static func format(_ ssim: Double?) -> String {
        guard let ssim else { return "n/a" }
        return String(format: "%.4f", ssim)
    }
}
