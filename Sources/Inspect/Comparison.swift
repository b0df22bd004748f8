import Dispatch
import ImageTensor

/// Everything the report measures of one image against the source, in one streaming pass
/// over rows at the source's resolution: PSNR, SSIM (per plane and mean), and the
/// difference heat maps (all planes, and alpha alone when there is alpha), block-averaged.
///
/// Work is split into bands of rows that run in parallel; each band reads its rows once
/// (plus the 10 rows below it that its SSIM windows reach), so memory stays a few rows per
/// band whatever the image size. Band sums are kept apart and added in a fixed order, so
/// results do not depend on the core count.
struct Comparison: Sendable {
    /// PSNR in dB, peak 1, over every sample of every plane (`+∞` when identical).
    public var psnr: Double
    /// Mean SSIM over the planes; `nil` when the image is smaller than 11×11.
    public var ssim: Double?
    /// Mean SSIM of each plane.
    public var ssimPerPlane: [Double]?
    /// Mean absolute difference over the planes, per block of `heatBlock × heatBlock`
    /// source pixels (1 channel, values in [0, 1]).
    public var heat: Tensor
    /// `|Δalpha|` per block, for images with alpha.
    public var alphaHeat: Tensor?
    /// Side of the square of source pixels one heat-map pixel averages.
    public var heatBlock: Int

    /// Rows per band (rounded up to a multiple of the heat block).
    static let bandRows = 64

    /// Compares `test` against `reference` (both as `MetricPlanes` of the same size and
    /// plane count). `heatMaxSide` bounds the heat map's longest side.
    /// - Precondition: equal sizes and plane counts.
    static func measure(_ test: MetricPlanes, against reference: MetricPlanes, heatMaxSide: Int = .max) -> Comparison {
        precondition(test.height == reference.height && test.width == reference.width
                     && test.planes == reference.planes, "compared images must match in size and planes")
        let h = reference.height, w = reference.width, p = reference.planes
        let longest = max(h, w)
        let block = longest <= heatMaxSide ? 1 : (longest + heatMaxSide - 1) / heatMaxSide
        let hh = (h + block - 1) / block, hw = (w + block - 1) / block
        let bandRows = max(1, (Self.bandRows + block - 1) / block) * block
        let bands = (h + bandRows - 1) / bandRows
        let hasSSIM = h >= SSIM.windowSize && w >= SSIM.windowSize
        let oh = hasSSIM ? h - SSIM.windowSize + 1 : 0
        let alpha = p == 2 || p == 4
        // Per band: squared-error sum, then one SSIM sum per plane.
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: bands * (1 + p))
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        var heat = Tensor(height: hh, width: hw, channels: 1)
        var alphaHeat = alpha ? Tensor(height: hh, width: hw, channels: 1) : nil
        heat.data.withUnsafeMutableBufferPointer { heatBuf in
            let heatPtr = SendablePointer(heatBuf.baseAddress!)
            var alphaStorage = alphaHeat?.data ?? [0]
            alphaStorage.withUnsafeMutableBufferPointer { alphaBuf in
                let alphaPtr = SendablePointer(alphaBuf.baseAddress!)
                let sumsPtr = SendablePointer(sums.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: bands) { band in
                    let rows = (band * bandRows)..<min(h, (band + 1) * bandRows)
                    let ssimRows = hasSSIM ? rows.clamped(to: 0..<oh) : 0..<0
                    BandPass(test: test, reference: reference, block: block, heatWidth: hw,
                             heat: heatPtr.pointer, alphaHeat: alpha ? alphaPtr.pointer : nil,
                             sums: sumsPtr.pointer + band * (1 + p))
                        .run(rows: rows, ssimRows: ssimRows)
                }
            }
            if alpha { alphaHeat!.data = alphaStorage }
        }
        var squared = 0.0
        var perPlane = [Double](repeating: 0, count: p)
        for b in 0..<bands {
            squared += sums[b * (1 + p)]
            for k in 0..<p { perPlane[k] += sums[b * (1 + p) + 1 + k] }
        }
        let mse = squared / Double(h * w * p)
        let ssimPerPlane = hasSSIM ? perPlane.map { $0 / Double(oh * (w - SSIM.windowSize + 1)) } : nil
        return Comparison(psnr: PSNR.fromMSE(mse), ssim: ssimPerPlane.map { $0.reduce(0, +) / Double(p) },
                          ssimPerPlane: ssimPerPlane, heat: heat, alphaHeat: alphaHeat, heatBlock: block)
    }
}

/// A pointer handed to concurrent tasks that write disjoint parts of its memory.
// @unchecked Sendable, proved by hand for its one use: `Comparison.measure` hands each
// concurrent band its own disjoint rows of the buffer and reads it only after all have finished.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// One band of `Comparison.measure`: reads its rows, sums squared errors, fills its heat
/// rows (whole blocks: bands start on block boundaries) and runs the SSIM filters.
struct BandPass {
    let test: MetricPlanes, reference: MetricPlanes
    let block: Int, heatWidth: Int
    let heat: UnsafeMutablePointer<Float>
    let alphaHeat: UnsafeMutablePointer<Float>?
    /// `[squared error, SSIM sum of plane 0, …]` of this band.
    let sums: UnsafeMutablePointer<Double>

    func run(rows: Range<Int>, ssimRows: Range<Int>) {
        let w = reference.width, p = reference.planes, n = SSIM.windowSize
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: 2 * p * w + 3 * w)
        defer { buffer.deallocate() }
        let xs = (0..<p).map { buffer + $0 * w }, ys = (0..<p).map { buffer + (p + $0) * w }
        let ssimOut = buffer + 2 * p * w, sqRow = ssimOut + w, absRow = sqRow + w
        let filters = ssimRows.isEmpty ? [] : (0..<p).map { _ in SSIMFilter(width: w) }
        defer { filters.forEach { $0.deallocate() } }
        let readFrom = ssimRows.isEmpty ? rows.lowerBound : min(rows.lowerBound, ssimRows.lowerBound)
        let readTo = ssimRows.isEmpty ? rows.upperBound : max(rows.upperBound, ssimRows.upperBound + n - 1)
        var squared = 0.0
        var ssimSums = [Double](repeating: 0, count: p)
        let heatScale = 1 / Float(p)
        for r in readFrom..<readTo {
            reference.row(r, into: xs)
            test.row(r, into: ys)
            if rows.contains(r) {
                // Per plane: squared and absolute differences into row buffers (vectorised).
                for x in 0..<w { sqRow[x] = 0; absRow[x] = 0 }
                for k in 0..<p {
                    let a = xs[k], b = ys[k]
                    for x in 0..<w {
                        let d = a[x] - b[x]
                        sqRow[x] += d * d; absRow[x] += abs(d)
                    }
                }
                squared += Self.sum(sqRow, count: w)
                let heatRow = heat + (r / block) * heatWidth
                if block == 1 {
                    for x in 0..<w { heatRow[x] += absRow[x] * heatScale }
                } else {
                    for x in 0..<w { heatRow[x / block] += absRow[x] * heatScale }
                }
                if let alphaHeat {
                    let alphaRow = alphaHeat + (r / block) * heatWidth, a = xs[p - 1], b = ys[p - 1]
                    for x in 0..<w { alphaRow[x / block] += abs(a[x] - b[x]) }
                }
            }
            if !ssimRows.isEmpty {
                for k in 0..<p { filters[k].push(row: r, x: xs[k], y: ys[k]) }
                let top = r - (n - 1)
                if ssimRows.contains(top) {
                    for k in 0..<p {
                        filters[k].ssimRow(top: top, into: ssimOut)
                        ssimSums[k] += Self.sum(ssimOut, count: filters[k].outWidth)
                    }
                }
            }
        }
        // Blocks average their pixels (edge blocks may be smaller).
        let h = reference.height
        let firstBlock = rows.lowerBound / block, lastBlock = (rows.upperBound - 1) / block
        for by in firstBlock...lastBlock {
            let bh = min(block, h - by * block)
            for bx in 0..<heatWidth {
                let count = Float(bh * min(block, w - bx * block))
                heat[by * heatWidth + bx] /= count
                if let alphaHeat { alphaHeat[by * heatWidth + bx] /= count }
            }
        }
        sums[0] = squared
        for k in 0..<p { sums[1 + k] = ssimSums[k] }
    }

    /// Sum of `count` floats in `Double`, four independent partial sums (no long add chain).
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, count n: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += Double(p[i]); s1 += Double(p[i + 1]); s2 += Double(p[i + 2]); s3 += Double(p[i + 3])
            i += 4
        }
        while i < n { s0 += Double(p[i]); i += 1 }
        return (s0 + s1) + (s2 + s3)
    }
}

extension Comparison {
    /// Compares two tensors of one shape, at their size (see `MetricPlanes` for the planes).
    /// - Throws: `InspectError.shapeMismatch` when the shapes differ.
    /// - Precondition: 1–4 channels.
    public static func compare(_ test: Tensor, _ reference: Tensor, heatMaxSide: Int = .max) throws -> Comparison {
        guard test.shape == reference.shape else {
            throw InspectError.shapeMismatch(expected: test.shape, got: reference.shape)
        }
        return compare(test, scaledTo: reference, heatMaxSide: heatMaxSide)
    }

    /// Compares `test` enlarged with nearest neighbour to `reference`'s size (never
    /// materialised) against `reference`.
    /// - Precondition: equal channel counts, 1–4; both at least 1×1.
    public static func compare(_ test: Tensor, scaledTo reference: Tensor, heatMaxSide: Int = .max) -> Comparison {
        precondition(test.channels == reference.channels, "compared images must have the same channels")
        return test.data.withUnsafeBufferPointer { t in
            reference.data.withUnsafeBufferPointer { r in
                let tp = MetricPlanes(t, tensorHeight: test.height, tensorWidth: test.width,
                                      channels: test.channels, height: reference.height, width: reference.width)
                let rp = MetricPlanes(r, tensorHeight: reference.height, tensorWidth: reference.width,
                                      channels: reference.channels, height: reference.height,
                                      width: reference.width)
                return measure(tp, against: rp, heatMaxSide: heatMaxSide)
            }
        }
    }
}
