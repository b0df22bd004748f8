import ImageTensor

/// Padding of a sliding-window op.
public enum PaddingSpec: Sendable, Equatable, CustomStringConvertible {
    /// PyTorch padding: `height` rows above and below, `width` columns left and right.
    case explicit(height: Int, width: Int)
    /// TensorFlow `SAME`: output `ceil(n/stride)`, the odd padded cell at the bottom/right,
    /// padded cells never counted by averages.
    case same
    /// TensorFlow `VALID`: no padding (same as `explicit(0, 0)`).
    case valid

    public var description: String {
        switch self {
        case .explicit(let h, let w): return formatSize(h, w)
        case .same: return "same"
        case .valid: return "valid"
        }
    }
}

/// The PyTorch pooling output length on one axis (PRODUCT.md §2):
/// `floor((n + 2p - k_eff + (ceil ? stride-1 : 0)) / stride) + 1` with
/// `k_eff = dilation*(kernel-1)+1`; in ceil mode one less when the last window would start
/// at or after `n + padding` (it must start inside the input or the left padding).
/// May return 0 or less: callers turn that into `PoolingError.outputTooSmall`.
/// - Precondition: `kernel`, `stride`, `dilation` ≥ 1, `padding` ≥ 0.
public func outputLength(input n: Int, kernel: Int, stride: Int, padding: Int = 0,
                         dilation: Int = 1, ceil: Bool = false) -> Int {
    let kEff = dilation * (kernel - 1) + 1
    let numerator = n + 2 * padding - kEff + (ceil ? stride - 1 : 0)
    // Floor division (numerator may be negative).
    var out = (numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)) + 1
    if ceil && out > 0 && (out - 1) * stride >= n + padding { out -= 1 }
    return out
}

/// The TensorFlow `SAME` output length, `ceil(n/stride)`, and its padding before/after:
/// total `max((out-1)*stride + k_eff - n, 0)`, the odd cell after.
/// - Precondition: `kernel`, `stride`, `dilation` ≥ 1.
public func sameOutputLength(input n: Int, kernel: Int, stride: Int,
                             dilation: Int = 1) -> (output: Int, padBefore: Int, padAfter: Int) {
    let kEff = dilation * (kernel - 1) + 1
    let out = (n + stride - 1) / stride
    let total = max((out - 1) * stride + kEff - n, 0)
    return (out, total / 2, total - total / 2)
}

/// `N` when square, else `HxW`.
func formatSize(_ h: Int, _ w: Int) -> String { h == w ? "\(h)" : "\(h)x\(w)" }

/// Shortest round-tripping decimal spelling of a real argument (`2`, `2.5`).
func formatReal(_ x: Double) -> String { ArgValue.real(x).description }

/// The windows of one axis: for output index `i`, the in-image taps are
/// `first[i], first[i]+step, …` (`count[i]` of them, in increasing order).
struct AxisWindows: Sendable {
    var inputLength: Int
    var first: [Int]
    var count: [Int]
    var step: Int
    /// The averaging extent of window `i` (count_pad divisor share); equals `count` when
    /// padded cells are not counted.
    var extent: [Int]
    /// Declared window length in taps (for partial-window counting); 0 for variable windows.
    var kernel: Int
    var padBefore: Int
    var padAfter: Int

    var output: Int { first.count }

    /// PyTorch/TensorFlow sliding windows. `padBefore` is the padding before the input;
    /// `countPadLimit` the padded input length that bounds count_pad extents
    /// (`n + padding` in PyTorch); `nil` makes extents equal the in-image counts.
    static func sliding(input n: Int, output: Int, kernel k: Int, stride s: Int, dilation d: Int,
                        padBefore: Int, countPadLimit: Int?) -> AxisWindows {
        var first = [Int](repeating: 0, count: output)
        var count = [Int](repeating: 0, count: output)
        var extent = [Int](repeating: 0, count: output)
        for i in 0..<output {
            let start = i * s - padBefore
            // First tap index j with start + j*d >= 0, last with start + j*d <= n-1.
            let j0 = start >= 0 ? 0 : (-start + d - 1) / d
            let j1 = min(k - 1, start > n - 1 ? -1 : (n - 1 - start) / d)
            first[i] = start + j0 * d
            count[i] = max(0, j1 - j0 + 1)
            if let limit = countPadLimit {
                extent[i] = min(start + k, limit) - start
            } else {
                extent[i] = count[i]
            }
        }
        let lastEnd = output > 0 ? (output - 1) * s - padBefore + d * (k - 1) + 1 : 0
        return AxisWindows(inputLength: n, first: first, count: count, step: d, extent: extent,
                           kernel: k, padBefore: padBefore, padAfter: max(0, lastEnd - n))
    }

    /// PyTorch adaptive windows: `[floor(i*n/out), ceil((i+1)*n/out))`.
    static func adaptive(input n: Int, output: Int) -> AxisWindows {
        var first = [Int](repeating: 0, count: output)
        var count = [Int](repeating: 0, count: output)
        for i in 0..<output {
            let start = (i * n) / output
            let end = ((i + 1) * n + output - 1) / output
            first[i] = start
            count[i] = end - start
        }
        return AxisWindows(inputLength: n, first: first, count: count, step: 1, extent: count,
                           kernel: 0, padBefore: 0, padAfter: 0)
    }

    /// Windows of `kernel` cells starting at the given positions (fractional max pooling).
    static func fixedStarts(input n: Int, starts: [Int], kernel: Int) -> AxisWindows {
        let count = [Int](repeating: kernel, count: starts.count)
        return AxisWindows(inputLength: n, first: starts, count: count, step: 1, extent: count,
                           kernel: kernel, padBefore: 0, padAfter: 0)
    }

    /// Summary for `poolpipe plan`.
    var plan: AxisPlan {
        var partial = 0
        var lastCovered = -1
        for i in 0..<output {
            if kernel > 0 && count[i] < kernel { partial += 1 }
            if count[i] > 0 { lastCovered = max(lastCovered, first[i] + (count[i] - 1) * step) }
        }
        return AxisPlan(input: inputLength, output: output, padBefore: padBefore,
                        padAfter: padAfter, partialWindows: partial,
                        droppedCells: max(0, inputLength - 1 - lastCovered))
    }
}

/// The size rule and plan shared by the adaptive ops: any non-empty input goes to `size`.
struct AdaptiveGrid: Sendable, Equatable {
    let height: Int, width: Int

    func outputSize(op: String, height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(op, height: h, width: w)
        return (height, width)
    }

    func plan(op: String, height h: Int, width w: Int) throws -> StagePlan {
        try requireNonEmpty(op, height: h, width: w)
        return StagePlan(rows: AxisWindows.adaptive(input: h, output: height).plan,
                         cols: AxisWindows.adaptive(input: w, output: width).plan)
    }

    /// PyTorch's adaptive windows for a non-empty `input`.
    func windows(op: String, for input: Tensor) throws -> (rows: AxisWindows, cols: AxisWindows) {
        try requireNonEmpty(op, height: input.height, width: input.width)
        return (.adaptive(input: input.height, output: height), .adaptive(input: input.width, output: width))
    }
}
