import Foundation
import ImageTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The filters of `resize`, with Pillow's kernels and supports (`src/libImaging/Resample.c`).
public enum ResampleFilter: String, CaseIterable, Sendable {
    /// Each output pixel the exact area mean of its footprint (support 0.5).
    case box
    /// Triangle (support 1).
    case bilinear
    /// Keys cubic with a = −0.5 (support 2).
    case bicubic
    /// Sinc windowed by sinc, three lobes (support 3).
    case lanczos

    /// Half-width of the kernel at scale 1, in input pixels.
    public var support: Double {
        switch self {
        case .box: return 0.5
        case .bilinear: return 1
        case .bicubic: return 2
        case .lanczos: return 3
        }
    }

    /// The kernel's value at `x` (in pixels at scale 1), exactly as Pillow computes it.
    public func weight(_ x: Double) -> Double {
        switch self {
        case .box:
            return x > -0.5 && x <= 0.5 ? 1 : 0
        case .bilinear:
            let a = abs(x)
            return a < 1 ? 1 - a : 0
        case .bicubic:
            let a = -0.5, t = abs(x)
            if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
            if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
            return 0
        case .lanczos:
            guard -3 <= x && x < 3 else { return 0 }
            return Self.sinc(x) * Self.sinc(x / 3)
        }
    }

    /// `weight` of `.lanczos` at `x0`, `x0 + step`, … (`count` values) into `out`: the
    /// sines of `πx` and `πx/3` advance by angle addition (a rotation per tap, error near
    /// 1e-13) instead of two `sin` calls per tap; taps within 1e-6 of zero take `sinc` itself.
    /// `third` is `(sin, cos)` of `πx0/3` (`LanczosPhase`).
    static func lanczosRun(from x0: Double, step: Double, third: (sin: Double, cos: Double),
                           into out: UnsafeMutableBufferPointer<Double>, count: Int) {
        let da = Double.pi * step
        // Those of πx0 follow by the triple-angle formulas.
        var sb = third.sin, cb = third.cos
        var sa = sb * (3 - 4 * sb * sb), ca = cb * (4 * cb * cb - 3)
        let sda = sin(da), cda = cos(da), sdb = sin(da / 3), cdb = cos(da / 3)
        for i in 0..<count {
            let x = x0 + Double(i) * step
            if !(-3 <= x && x < 3) {
                out[i] = 0
            } else if abs(x) < 1e-6 {
                out[i] = sinc(x) * sinc(x / 3)
            } else {
                let px = Double.pi * x
                out[i] = sa * sb * 3 / (px * px)
            }
            (sa, ca) = (sa * cda + ca * sda, ca * cda - sa * sda)
            (sb, cb) = (sb * cdb + cb * sdb, cb * cdb - sb * sdb)
        }
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let px = x * Double.pi
        return sin(px) / px
    }
}

/// The taps of one axis of a resize: for output index `i`, input samples
/// `start[i] ..< start[i] + count[i]` weighted by `weights[i * stride ..< i * stride + count[i]]`.
///
/// Computed as Pillow's `precompute_coeffs`: the support grows with the reduction factor
/// (antialiasing), the window is `[Int(center − support + 0.5), Int(center + support + 0.5))`
/// clipped to the input, and the weights are normalised to sum to one — in Float64, then
/// stored as Float32 for the kernels.
struct ResampleCoefficients: Sendable {
    let inputLength: Int
    let outputLength: Int
    /// Slots per output index in `weights` (Pillow's `ksize`).
    let stride: Int
    let start: [Int]
    let count: [Int]
    let weights: [Float]

    /// `extent` is the length of the input, in input samples, that maps onto the output
    /// (Pillow's resize `box`): the input's own length by default; a chroma plane's real span
    /// (187.5 samples for 188 rows of 4:2:0 chroma under 375 image rows) otherwise.
    /// - Precondition: `input >= 1`, `output >= 1`, `extent > 0`.
    init(input: Int, output: Int, filter: ResampleFilter, extent: Double? = nil) {
        let scale = (extent ?? Double(input)) / Double(output)
        let filterScale = max(1, scale)
        let support = filter.support * filterScale
        let slots = Int(support.rounded(.up)) * 2 + 1
        var start = [Int](repeating: 0, count: output)
        var count = [Int](repeating: 0, count: output)
        var weights = [Float](repeating: 0, count: output * slots)
        var k = [Double](repeating: 0, count: slots)
        let inverseScale = 1 / filterScale
        var phase = LanczosPhase(scale: scale, inverseScale: inverseScale)
        for i in 0..<output {
            let center = (Double(i) + 0.5) * scale
            // C's (int) cast truncates toward zero; a negative start is clipped to 0 anyway.
            let lo = max(0, Int(center - support + 0.5))
            let hi = min(input, Int(center + support + 0.5))
            let n = max(0, hi - lo)
            var sum = 0.0
            let x0 = (Double(lo) - center + 0.5) * inverseScale
            if filter == .lanczos {
                let third = phase.third(lo: lo)
                k.withUnsafeMutableBufferPointer {
                    ResampleFilter.lanczosRun(from: x0, step: inverseScale, third: third, into: $0, count: n)
                }
                for x in 0..<n { sum += k[x] }
            } else {
                for x in 0..<n {
                    let w = filter.weight((Double(x + lo) - center + 0.5) * inverseScale)
                    k[x] = w
                    sum += w
                }
            }
            for x in 0..<n {
                weights[i * slots + x] = Float(sum != 0 ? k[x] / sum : k[x])
            }
            start[i] = lo
            count[i] = n
            phase.nextOutput()
        }
        self.init(inputLength: input, stride: slots, start: start, count: count, weights: weights)
    }

    /// The largest number of taps of any output index.
    let maximumTaps: Int

    /// A table from its parts (`stride` slots per output in `weights`).
    init(inputLength: Int, stride: Int, start: [Int], count: [Int], weights: [Float]) {
        self.inputLength = inputLength
        self.outputLength = start.count
        self.stride = stride
        self.start = start
        self.count = count
        self.weights = weights
        self.maximumTaps = count.max() ?? 0
    }

    /// The coefficients for `input → output` with `filter`, from a cache shared by every
    /// thread: a batch of same-sized photos computes them once, not once per image, and a
    /// dataset of many shapes (600 ImageNet-like JPEGs have ~360 distinct axis pairs) once
    /// per axis pair. At most `cacheEntries` tables and `cacheWeights` weights (emptied when
    /// either is reached), so a run of huge images cannot grow it without bound.
    static func cached(input: Int, output: Int, filter: ResampleFilter, extent: Double? = nil) -> ResampleCoefficients {
        cached(CacheKey(input: input, output: output, filter: filter, extent: extent ?? Double(input), chroma: 0)) {
            ResampleCoefficients(input: input, output: output, filter: filter, extent: extent)
        }
    }

    /// The taps for `full → output` moved onto a chroma axis `ratio` times shorter, as
    /// libjpeg upsamples it: `init(upsamplingByTwo:length:)` (`triangle`, ratio 2) or
    /// `init(replicating:ratio:length:)`; from the same cache.
    static func cachedChroma(full: Int, output: Int, filter: ResampleFilter, ratio: Int, triangle: Bool) -> ResampleCoefficients {
        let length = (full + ratio - 1) / ratio
        let smooth = triangle && ratio == 2
        let key = CacheKey(input: length, output: output, filter: filter, extent: Double(full) / Double(ratio),
                           chroma: smooth ? 2 : 1)
        return cached(key) {
            let taps = cached(input: full, output: output, filter: filter)
            return smooth ? ResampleCoefficients(upsamplingByTwo: taps, length: length)
                : ResampleCoefficients(replicating: taps, ratio: ratio, length: length)
        }
    }

    private static func cached(_ key: CacheKey, make: () -> ResampleCoefficients) -> ResampleCoefficients {
        if let hit = cache.withLock({ $0.tables[key] }) { return hit }
        let made = make()  // outside the lock: a sine per output
        cache.withLock { cache in
            if cache.tables.count >= cacheEntries || cache.weights + made.weights.count > cacheWeights {
                cache.tables.removeAll(keepingCapacity: true)
                cache.weights = 0
            }
            if cache.tables.updateValue(made, forKey: key) == nil { cache.weights += made.weights.count }
        }
        return made
    }

    /// Bounds of the coefficient cache: tables, and weights over all tables (4 M floats, 16 MB).
    static let cacheEntries = 1024
    static let cacheWeights = 1 << 22

    private struct CacheKey: Hashable, Sendable {
        let input: Int, output: Int, filter: ResampleFilter, extent: Double
        /// Taps moved onto a chroma axis (`cachedChroma`): 0 no, 1 replicated, 2 triangle.
        let chroma: Int
    }
    private static let cache = Locked<(tables: [CacheKey: ResampleCoefficients], weights: Int)>(([:], 0))
}
