/// The separable part of SSIM for one plane pair, in Float32 over contiguous rows so that
/// the compiler vectorises every loop: each input row is filtered horizontally with the
/// 11-tap Gaussian into five moments (x, y, x², y², xy) kept for the last 11 rows in a ring,
/// and each output row is filtered vertically from the ring and turned into SSIM values.
/// Samples are shifted by −0.5 before the moments are taken (variances and covariance do
/// not change; the means are shifted back), which keeps `E[x²] − μ²` accurate in Float32.
struct SSIMFilter {
    static let taps = SSIM.windowSize
    /// Input width and valid output width.
    let width: Int, outWidth: Int
    /// Ring of horizontally filtered moments: 5 moments × 11 rows × `outWidth`.
    private let ring: UnsafeMutablePointer<Float>
    /// Scratch: the five per-pixel moments of one row, and five vertical sums.
    private let products: UnsafeMutablePointer<Float>
    private let sums: UnsafeMutablePointer<Float>
    private let g: [Float]

    /// - Precondition: `width >= 11`.
    init(width: Int) {
        precondition(width >= Self.taps, "SSIM needs at least 11 columns")
        self.width = width; outWidth = width - Self.taps + 1
        ring = .allocate(capacity: 5 * Self.taps * outWidth)
        products = .allocate(capacity: 5 * width)
        sums = .allocate(capacity: 6 * outWidth)
        g = SSIM.kernel1D.map { Float($0) }
    }

    func deallocate() { ring.deallocate(); products.deallocate(); sums.deallocate() }

    /// Filters input row number `r` (rows `x`, `y` of `width` samples) into ring slot `r % 11`.
    func push(row r: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) {
        let w = width, ow = outWidth
        let px = products, py = products + w, pxx = products + 2 * w, pyy = products + 3 * w
        let pxy = products + 4 * w
        for j in 0..<w {
            let a = x[j] - 0.5, b = y[j] - 0.5
            px[j] = a; py[j] = b; pxx[j] = a * a; pyy[j] = b * b; pxy[j] = a * b
        }
        let slot = (r % Self.taps) * ow
        for m in 0..<5 {
            Self.symmetric(g, input: products + m * w, stride: 1,
                           output: ring + m * Self.taps * ow + slot, count: ow)
        }
    }

    /// One valid output row whose window starts at input row `top` (rows `top...top+10`
    /// already pushed): its SSIM values go to `out` (`outWidth` samples).
    func ssimRow(top: Int, into out: UnsafeMutablePointer<Float>) {
        let ow = outWidth, n = Self.taps
        let c1 = Float((SSIM.k1 * SSIM.dynamicRange) * (SSIM.k1 * SSIM.dynamicRange))
        let c2 = Float((SSIM.k2 * SSIM.dynamicRange) * (SSIM.k2 * SSIM.dynamicRange))
        for m in 0..<5 {
            let base = ring + m * n * ow, dst = sums + m * ow
            // Rows top+k sit in slot (top+k) % n: gather the 11 row pointers in window order.
            var rows = [UnsafeMutablePointer<Float>]()
            rows.reserveCapacity(n)
            for k in 0..<n { rows.append(base + ((top + k) % n) * ow) }
            for j in 0..<ow { dst[j] = g[5] * rows[5][j] }
            for k in 0..<5 {
                let gk = g[k], lo = rows[k], hi = rows[n - 1 - k]
                for j in 0..<ow { dst[j] += gk * (lo[j] + hi[j]) }
            }
        }
        let mx = sums, my = sums + ow, exx = sums + 2 * ow, eyy = sums + 3 * ow, exy = sums + 4 * ow
        for j in 0..<ow {
            let vx = exx[j] - mx[j] * mx[j], vy = eyy[j] - my[j] * my[j], cxy = exy[j] - mx[j] * my[j]
            let ux = mx[j] + 0.5, uy = my[j] + 0.5
            let num = (2 * ux * uy + c1) * (2 * cxy + c2)
            let den = (ux * ux + uy * uy + c1) * (vx + vy + c2)
            out[j] = num / den
        }
    }

    /// `output[j] = Σ_k g[k] · input[(j + k) · stride]` for an 11-tap symmetric `g`.
    @inline(__always)
    static func symmetric(_ g: [Float], input: UnsafePointer<Float>, stride: Int,
                          output: UnsafeMutablePointer<Float>, count: Int) {
        let g5 = g[5]
        for j in 0..<count { output[j] = g5 * input[j + 5] }
        for k in 0..<5 {
            let gk = g[k], lo = input + k, hi = input + (taps - 1 - k)
            for j in 0..<count { output[j] += gk * (lo[j] + hi[j]) }
        }
    }
}
