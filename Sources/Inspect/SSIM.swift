import Foundation
import ImageTensor

/// Structural similarity exactly as Wang, Bovik, Sheikh and Simoncelli (2004):
/// an 11×11 Gaussian window with σ = 1.5 normalised to sum 1, `C1 = (K1·L)²`,
/// `C2 = (K2·L)²` with `K1 = 0.01`, `K2 = 0.03`, `L = 1`; local means, variances and
/// covariance are window-weighted (`σ² = E[x²] − μ²`, no sample correction); the SSIM map
/// is taken at the valid positions only (the window entirely inside the image) and
/// averaged. Each channel gets its own map; the result is the mean over channels.
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

    /// Mean SSIM of `a` against `b` over all channels, or `nil` when the image is smaller
    /// than the 11×11 window in either direction (there is no valid position).
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func compute(_ a: Tensor, _ b: Tensor) throws -> Double? {
        guard let perChannel = try computePerChannel(a, b) else { return nil }
        return perChannel.reduce(0, +) / Double(perChannel.count)
    }

    /// Output rows per parallel task; fixed so that results do not depend on the core count.
    static let bandRows = 128

    /// Mean SSIM of each channel, or `nil` when the image is smaller than the window.
    /// Channels and bands of rows run in parallel; each band's sum is kept apart and the
    /// sums are added in a fixed order, so the result is the same on any machine.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func computePerChannel(_ a: Tensor, _ b: Tensor) throws -> [Double]? {
        guard a.shape == b.shape else { throw InspectError.shapeMismatch(expected: a.shape, got: b.shape) }
        guard a.height >= windowSize, a.width >= windowSize else { return nil }
        let oh = a.height - windowSize + 1, ow = a.width - windowSize + 1
        let bands = (oh + bandRows - 1) / bandRows
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: a.channels * bands)
        defer { sums.deallocate() }
        a.data.withUnsafeBufferPointer { x in
            b.data.withUnsafeBufferPointer { y in
                let planes = Planes(x: x, y: y, height: a.height, width: a.width, channels: a.channels)
                DispatchQueue.concurrentPerform(iterations: a.channels * bands) { task in
                    let c = task / bands, band = task % bands
                    let rows = (band * bandRows)..<min(oh, (band + 1) * bandRows)
                    sums[task] = planes.mapSum(channel: c, outputRows: rows)
                }
            }
        }
        return (0..<a.channels).map { c in
            (0..<bands).reduce(0.0) { $0 + sums[c * bands + $1] } / Double(oh * ow)
        }
    }

    /// Two interleaved images read one channel at a time.
    struct Planes: @unchecked Sendable {
        let x: UnsafeBufferPointer<Float>
        let y: UnsafeBufferPointer<Float>
        let height: Int, width: Int, channels: Int

        /// Sum of the SSIM map of `channel` over the valid output rows `outputRows`.
        func mapSum(channel c: Int, outputRows: Range<Int>) -> Double {
            let c1 = (k1 * dynamicRange) * (k1 * dynamicRange)
            let c2 = (k2 * dynamicRange) * (k2 * dynamicRange)
            let n = windowSize, w = width, ch = channels, ow = width - n + 1
            let g = kernel1D
            // Horizontal pass of five moments, valid columns only, kept for the last `n` input
            // rows in a ring (row r in slot r % n): memory O(n · width) for any height.
            let ring = UnsafeMutableBufferPointer<Double>.allocate(capacity: 5 * n * ow)
            defer { ring.deallocate() }
            let stride = n * ow
            func filterRow(_ r: Int) {
                let slot = (r % n) * ow
                for j in 0..<ow {
                    var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
                    var idx = (r * w + j) * ch + c
                    for k in 0..<n {
                        let a = Double(x[idx]), b = Double(y[idx]), gk = g[k]
                        sx += gk * a; sy += gk * b
                        sxx += gk * a * a; syy += gk * b * b; sxy += gk * a * b
                        idx += ch
                    }
                    let o = slot + j
                    ring[o] = sx; ring[stride + o] = sy; ring[2 * stride + o] = sxx
                    ring[3 * stride + o] = syy; ring[4 * stride + o] = sxy
                }
            }
            for r in outputRows.lowerBound..<(outputRows.lowerBound + n - 1) { filterRow(r) }
            // Vertical pass, then the SSIM formula at each position.
            var total = 0.0
            for i in outputRows {
                filterRow(i + n - 1)
                var rowTotal = 0.0
                for j in 0..<ow {
                    var mx = 0.0, my = 0.0, exx = 0.0, eyy = 0.0, exy = 0.0
                    for k in 0..<n {
                        let o = ((i + k) % n) * ow + j, gk = g[k]
                        mx += gk * ring[o]; my += gk * ring[stride + o]
                        exx += gk * ring[2 * stride + o]; eyy += gk * ring[3 * stride + o]
                        exy += gk * ring[4 * stride + o]
                    }
                    let vx = exx - mx * mx, vy = eyy - my * my, cxy = exy - mx * my
                    let num = (2 * mx * my + c1) * (2 * cxy + c2)
                    let den = (mx * mx + my * my + c1) * (vx + vy + c2)
                    rowTotal += num / den
                }
                total += rowTotal
            }
            return total
        }
    }

    /// The number as the report prints it: four decimals, or `"n/a"` for `nil`.
    public static func format(_ ssim: Double?) -> String {
        guard let ssim else { return "n/a" }
        return String(format: "%.4f", ssim)
    }
}
