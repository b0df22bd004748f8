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
            Self.horizontal(g, input: products + m * w, output: ring + m * Self.taps * ow + slot, count: ow)
        }
    }

    /// One valid output row whose window starts at input row `top` (rows `top...top+10`
    /// already pushed): its SSIM values go to `out` (`outWidth` samples).
    func ssimRow(top: Int, into out: UnsafeMutablePointer<Float>) {
        let ow = outWidth, n = Self.taps
        let c1 = Float((SSIM.k1 * SSIM.dynamicRange) * (SSIM.k1 * SSIM.dynamicRange))
        let c2 = Float((SSIM.k2 * SSIM.dynamicRange) * (SSIM.k2 * SSIM.dynamicRange))
        for m in 0..<5 {
            let base = ring + m * n * ow
            // Window row k is input row top+k, in ring slot (top+k) % n.
            func row(_ k: Int) -> UnsafePointer<Float> { UnsafePointer(base + ((top + k) % n) * ow) }
            Self.vertical(g, rows: (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7), row(8),
                                    row(9), row(10)), output: sums + m * ow, count: ow)
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

    /// `output[j] = Σ_k g[k] · input[j + k]` for the symmetric 11-tap `g`, one fused loop.
    @inline(__always)
    static func horizontal(_ g: [Float], input p: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                           count: Int) {
        let g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5]
        for j in 0..<count {
            var s = g5 * p[j + 5]
            s += g0 * (p[j] + p[j + 10]); s += g1 * (p[j + 1] + p[j + 9]); s += g2 * (p[j + 2] + p[j + 8])
            s += g3 * (p[j + 3] + p[j + 7]); s += g4 * (p[j + 4] + p[j + 6])
            output[j] = s
        }
    }

    typealias Rows = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
                      UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
                      UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>)

    /// `output[j] = Σ_k g[k] · rows.k[j]`, one fused loop.
    @inline(__always)
    static func vertical(_ g: [Float], rows r: Rows, output: UnsafeMutablePointer<Float>, count: Int) {
        let g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5]
        let (r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10) = r
        for j in 0..<count {
            var s = g5 * r5[j]
            s += g0 * (r0[j] + r10[j]); s += g1 * (r1[j] + r9[j]); s += g2 * (r2[j] + r8[j])
            s += g3 * (r3[j] + r7[j]); s += g4 * (r4[j] + r6[j])
            output[j] = s
        }
    }
}
