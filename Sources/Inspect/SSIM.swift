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

    /// Mean SSIM of each channel, or `nil` when the image is smaller than the window.
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    public static func computePerChannel(_ a: Tensor, _ b: Tensor) throws -> [Double]? {
        guard a.shape == b.shape else { throw InspectError.shapeMismatch(expected: a.shape, got: b.shape) }
        guard a.height >= windowSize, a.width >= windowSize else { return nil }
        var results = [Double](repeating: 0, count: a.channels)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: a.channels) { c in
            let x = plane(a, channel: c), y = plane(b, channel: c)
            let v = meanSSIM(x, y, height: a.height, width: a.width)
            lock.lock(); results[c] = v; lock.unlock()
        }
        return results
    }

    /// One channel as `Double` samples, row-major.
    static func plane(_ t: Tensor, channel c: Int) -> [Double] {
        let n = t.height * t.width
        return [Double](unsafeUninitializedCapacity: n) { buf, count in
            t.data.withUnsafeBufferPointer { d in
                for p in 0..<n { buf[p] = Double(d[p * t.channels + c]) }
            }
            count = n
        }
    }

    /// Mean of the SSIM map of two planes over the valid positions.
    /// - Precondition: `height, width >= windowSize`.
    static func meanSSIM(_ x: [Double], _ y: [Double], height h: Int, width w: Int) -> Double {
        let c1 = (k1 * dynamicRange) * (k1 * dynamicRange)
        let c2 = (k2 * dynamicRange) * (k2 * dynamicRange)
        let n = windowSize, ow = w - n + 1, oh = h - n + 1
        let g = kernel1D
        // Horizontal pass: five moments filtered along each row, valid columns only.
        var hx = [Double](repeating: 0, count: h * ow), hy = hx, hxx = hx, hyy = hx, hxy = hx
        for r in 0..<h {
            let base = r * w
            for j in 0..<ow {
                var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
                for k in 0..<n {
                    let a = x[base + j + k], b = y[base + j + k], gk = g[k]
                    sx += gk * a; sy += gk * b
                    sxx += gk * a * a; syy += gk * b * b; sxy += gk * a * b
                }
                let o = r * ow + j
                hx[o] = sx; hy[o] = sy; hxx[o] = sxx; hyy[o] = syy; hxy[o] = sxy
            }
        }
        // Vertical pass, valid rows only, then the SSIM formula at each position.
        var total = 0.0
        for i in 0..<oh {
            for j in 0..<ow {
                var mx = 0.0, my = 0.0, exx = 0.0, eyy = 0.0, exy = 0.0
                for k in 0..<n {
                    let o = (i + k) * ow + j, gk = g[k]
                    mx += gk * hx[o]; my += gk * hy[o]
                    exx += gk * hxx[o]; eyy += gk * hyy[o]; exy += gk * hxy[o]
                }
                let vx = exx - mx * mx, vy = eyy - my * my, cxy = exy - mx * my
                let num = (2 * mx * my + c1) * (2 * cxy + c2)
                let den = (mx * mx + my * my + c1) * (vx + vy + c2)
                total += num / den
            }
        }
        return total / Double(oh * ow)
    }

    /// The number as the report prints it: four decimals, or `"n/a"` for `nil`.
    public static func format(_ ssim: Double?) -> String {
        guard let ssim else { return "n/a" }
        return String(format: "%.4f", ssim)
    }
}
