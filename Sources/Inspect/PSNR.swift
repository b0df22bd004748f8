import Foundation
import ImageTensor

/// Peak signal-to-noise ratio with peak 1.0: `10 · log10(1 / MSE)`, the mean squared error
/// taken over every sample of every channel. Identical images give `+∞`.
public enum PSNR {
    /// PSNR of `a` against `b` on their samples as they are (no clamping, no alpha handling).
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func compute(_ a: Tensor, _ b: Tensor) throws -> Double {
        let mse = try meanSquaredError(a, b)
        return fromMSE(mse)
    }

    /// PSNR in dB for a mean squared error, peak 1.0; `+∞` for 0.
    public static func fromMSE(_ mse: Double) -> Double {
        mse == 0 ? .infinity : 10 * log10(1 / mse)
    }

    /// Mean over all samples of `(a − b)²`, accumulated in `Double`.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func meanSquaredError(_ a: Tensor, _ b: Tensor) throws -> Double {
        guard a.shape == b.shape else { throw InspectError.shapeMismatch(expected: a.shape, got: b.shape) }
        guard a.count > 0 else { return 0 }
        var sum = 0.0
        a.data.withUnsafeBufferPointer { x in
            b.data.withUnsafeBufferPointer { y in
                for i in 0..<x.count {
                    let d = Double(x[i]) - Double(y[i])
                    sum += d * d
                }
            }
        }
        return sum / Double(a.count)
    }

    /// The number as the report prints it: `"∞"` or two decimals with `" dB"`.
    public static func format(_ psnr: Double) -> String {
        psnr.isInfinite ? "∞" : String(format: "%.2f dB", psnr)
    }
}
