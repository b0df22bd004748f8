import Foundation
import ImageTensor

/// Built-in test images (`inspect --pattern`), one-channel gray in [0, 1], `size × size`.
/// Pixel centres are measured from the image centre: `u = x − (size−1)/2`,
/// `v = y − (size−1)/2`.
public enum TestPattern: String, CaseIterable, Sendable {
    /// `0.5 + 0.5·cos(k·r²)`, `r² = u² + v²`, `k = π / size`: the local frequency
    /// `k·r/π` cycles per pixel grows linearly with the radius and reaches Nyquist
    /// (0.5 cycles per pixel) at `r = size/2`, the middle of each edge. Every pooling
    /// that aliases shows ghost rings (moiré) where the frequency passes its new Nyquist.
    case zoneplate
    /// Black and white squares of `checkerCell` pixels, the top-left one white.
    case checker
    /// Vertical stripes whose frequency rises linearly from 0 at the left edge to Nyquist
    /// at the right (a chirp): `0.5 + 0.5·cos(π·x² / (2·size))`, x the column index.
    case stripes

    /// Side of the checker's squares: 3 pixels, a size no common pooling factor divides,
    /// so max, avg and blur pooling all differ visibly.
    public static let checkerCell = 3

    /// The image.
    /// - Precondition: `size >= 1`.
    public func render(size: Int) -> Tensor {
        precondition(size >= 1, "a pattern needs a size of at least 1")
        let n = size, centre = Double(n - 1) / 2
        return Tensor(height: n, width: n, channels: 1) { out in
            for y in 0..<n {
                for x in 0..<n {
                    out[y * n + x] = Float(value(y: y, x: x, size: n, centre: centre))
                }
            }
        }
    }

    func value(y: Int, x: Int, size n: Int, centre: Double) -> Double {
        switch self {
        case .zoneplate:
            let u = Double(x) - centre, v = Double(y) - centre
            return 0.5 + 0.5 * cos(Double.pi / Double(n) * (u * u + v * v))
        case .checker:
            return (x / Self.checkerCell + y / Self.checkerCell) % 2 == 0 ? 1 : 0
        case .stripes:
            let xd = Double(x)
            return 0.5 + 0.5 * cos(Double.pi * xd * xd / (2 * Double(n)))
        }
    }
}
