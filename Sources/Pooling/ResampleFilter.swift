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

    /// - Precondition: `input >= 1`, `output >= 1`.
    init(input: Int, output: Int, filter: ResampleFilter) {
        let scale = Double(input) / Double(output)
        let filterScale = max(1, scale)
        let support = filter.support * filterScale
        let slots = Int(support.rounded(.up)) * 2 + 1
        var start = [Int](repeating: 0, count: output)
        var count = [Int](repeating: 0, count: output)
        var weights = [Float](repeating: 0, count: output * slots)
        var k = [Double](repeating: 0, count: slots)
        let inverseScale = 1 / filterScale
        for i in 0..<output {
            let center = (Double(i) + 0.5) * scale
            // C's (int) cast truncates toward zero; a negative start is clipped to 0 anyway.
            let lo = max(0, Int(center - support + 0.5))
            let hi = min(input, Int(center + support + 0.5))
            let n = max(0, hi - lo)
            var sum = 0.0
            for x in 0..<n {
                let w = filter.weight((Double(x + lo) - center + 0.5) * inverseScale)
                k[x] = w
                sum += w
            }
            for x in 0..<n {
                weights[i * slots + x] = Float(sum != 0 ? k[x] / sum : k[x])
            }
            start[i] = lo
            count[i] = n
        }
        self.inputLength = input
        self.outputLength = output
        self.stride = slots
        self.start = start
        self.count = count
        self.weights = weights
        self.maximumTaps = count.max() ?? 0
    }

    /// The largest number of taps of any output index.
    let maximumTaps: Int

    /// The coefficients for `input → output` with `filter`, from a cache shared by every
    /// thread: a batch of same-sized photos computes them once, not once per image, and a
    /// dataset of many shapes (600 ImageNet-like JPEGs have ~360 distinct axis pairs) once
    /// per axis pair. At most `cacheEntries` tables and `cacheWeights` weights (emptied when
    /// either is reached), so a run of huge images cannot grow it without bound.
    static func cached(input: Int, output: Int, filter: ResampleFilter) -> ResampleCoefficients {
        let key = CacheKey(input: input, output: output, filter: filter)
        if let hit = cache.withLock({ $0.tables[key] }) { return hit }
        let made = ResampleCoefficients(input: input, output: output, filter: filter)
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
        let input: Int, output: Int, filter: ResampleFilter
    }
    private static let cache = Locked<(tables: [CacheKey: ResampleCoefficients], weights: Int)>(([:], 0))
}
