import ImageTensor

/// Fixed blocks of rows for the global reductions: partial results are combined in block
/// order, so the result does not depend on the thread count.
enum GlobalReduction {
    static let blockRows = 64

    /// Per-channel sums (Float64) and maxima over the whole tensor.
    static func reduce(_ input: Tensor, threads: Int, maximum: Bool) -> [Double] {
        let c = input.channels, rowLength = input.width * c
        let blocks = (input.height + blockRows - 1) / blockRows
        var partials = [Double](repeating: maximum ? -.infinity : 0, count: blocks * c)
        input.data.withUnsafeBufferPointer { inBuf in
            partials.withUnsafeMutableBufferPointer { partBuf in
                let src = inBuf.baseAddress!, part = partBuf.baseAddress!
                forEachRowBand(rows: blocks, workPerRow: blockRows * rowLength, threads: threads) { band in
                    for b in band {
                        let acc = part + b * c
                        for y in (b * blockRows)..<min(input.height, (b + 1) * blockRows) {
                            let row = src + y * rowLength
                            for x in 0..<input.width {
                                for ch in 0..<c {
                                    let v = Double(row[x * c + ch])
                                    if maximum {
                                        if v > acc[ch] || v.isNaN { acc[ch] = v }
                                    } else {
                                        acc[ch] += v
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var total = [Double](repeating: maximum ? -.infinity : 0, count: c)
        for b in 0..<blocks {
            for ch in 0..<c {
                let v = partials[b * c + ch]
                if maximum {
                    if v > total[ch] || v.isNaN { total[ch] = v }
                } else {
                    total[ch] += v
                }
            }
        }
        return total
    }

    static func plan(height: Int, width: Int) -> StagePlan {
        StagePlan(rows: AxisPlan(input: height, output: 1), cols: AxisPlan(input: width, output: 1))
    }
}

/// `global_avg`: the mean of every channel over the whole image (1×1 output), like
/// `adaptive_avg_pool2d(x, 1)`. Summed in Float64 and rounded once, so the result is the
/// float32 rounding of the exact mean (to within one ulp) for images of any size.
public struct GlobalAvgPool: PoolingOperation {
    public var name: String { "global_avg" }
    init() {}
    public var canonical: String { "global_avg" }
    public var mixesSamples: Bool { true }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        return (1, 1)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try requireNonEmpty(name, height: height, width: width)
        return GlobalReduction.plan(height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let sums = GlobalReduction.reduce(input, threads: context.threads, maximum: false)
        let n = Double(input.height * input.width)
        return Tensor(height: 1, width: 1, channels: input.channels, data: sums.map { Float($0 / n) })
    }
}

/// `global_max`: the maximum of every channel over the whole image (1×1 output); NaN propagates.
public struct GlobalMaxPool: PoolingOperation {
    public var name: String { "global_max" }
    init() {}
    public var canonical: String { "global_max" }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        return (1, 1)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try requireNonEmpty(name, height: height, width: width)
        return GlobalReduction.plan(height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let maxima = GlobalReduction.reduce(input, threads: context.threads, maximum: true)
        return Tensor(height: 1, width: 1, channels: input.channels, data: maxima.map { Float($0) })
    }
}
