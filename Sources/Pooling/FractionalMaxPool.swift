import ImageTensor

/// `fractional_max(kernel, ratio=0.5 | size=HxW, seed=0)`: PyTorch `fractional_max_pool2d`.
///
/// Output length `floor(n * ratio)` (or `size`). Window starts per axis follow PyTorch's
/// `generate_intervals` in Float32: `alpha = (n-k)/(out-1)`,
/// `start_i = trunc((i+u)*alpha) - trunc(u*alpha)`, the last start `n-k`. The samples `u`
/// in [0, 1) come from `FractionalSampler(seed:)` — first the width sample, then the height
/// sample, as PyTorch orders them — and are shared by all channels, so the same seed always
/// gives the same windows.
public struct FractionalMaxPool: PoolingOperation {
    public var name: String { "fractional_max" }
    let kernelH: Int, kernelW: Int
    let ratio: Double
    let size: (height: Int, width: Int)?
    let seed: Int

    init(_ args: BoundArguments) throws {
        guard let kernel = args.size("kernel") else {
            throw PoolingError.missingArgument(op: args.op, argument: "kernel")
        }
        kernelH = kernel.height; kernelW = kernel.width
        ratio = args.real("ratio") ?? 0.5
        size = args.size("size")
        seed = args.int("seed") ?? 0
        if size != nil && args.given.contains("ratio") {
            throw PoolingError.invalidArgument(op: args.op, argument: "ratio",
                                               reason: "give either ratio or size, not both")
        }
    }

    public var canonical: String {
        let target = size.map { "size=\(formatSize($0.height, $0.width))" } ?? "ratio=\(formatReal(ratio))"
        return "fractional_max(\(formatSize(kernelH, kernelW)), \(target), seed=\(seed))"
    }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        let oh = size?.height ?? Int(Double(height) * ratio)
        let ow = size?.width ?? Int(Double(width) * ratio)
        if oh < 1 || ow < 1 {
            throw PoolingError.outputTooSmall(op: name, input: (height, width), output: (oh, ow))
        }
        for (axis, n, out, k) in [("rows", height, oh, kernelH), ("columns", width, ow, kernelW)] where out + k - 1 > n {
            throw PoolingError.invalidInput(
                op: name,
                reason: "\(out) output \(axis) with kernel \(k) need at least \(out + k - 1) input \(axis), got \(n)")
        }
        return (oh, ow)
    }

    /// Window starts on one axis, exactly PyTorch's `generate_intervals` in Float32.
    static func intervals(sample u: Float, input n: Int, output out: Int, kernel k: Int) -> [Int] {
        var starts = [Int](repeating: 0, count: out)
        if out > 1 {
            let alpha = Float(n - k) / Float(out - 1)
            for i in 0..<(out - 1) {
                starts[i] = Int((Float(i) + u) * alpha) - Int(u * alpha)
            }
        }
        starts[out - 1] = n - k
        return starts
    }

    func windows(height: Int, width: Int) throws -> (rows: AxisWindows, cols: AxisWindows) {
        let (oh, ow) = try outputSize(height: height, width: width)
        var sampler = FractionalSampler(seed: UInt64(seed))
        let uWidth = sampler.next(), uHeight = sampler.next()
        return (.fixedStarts(input: height, starts: Self.intervals(sample: uHeight, input: height, output: oh, kernel: kernelH), kernel: kernelH),
                .fixedStarts(input: width, starts: Self.intervals(sample: uWidth, input: width, output: ow, kernel: kernelW), kernel: kernelW))
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        let (rows, cols) = try windows(height: height, width: width)
        return StagePlan(rows: rows.plan, cols: cols.plan, notes: ["windows drawn from seed \(seed)"])
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (rows, cols) = try windows(height: input.height, width: input.width)
        return reduceWindows(MaxReducer(), input, rows: rows, cols: cols, threads: context.threads)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014) turned into Float32 samples in [0, 1): the top 24
/// bits of each output times 2⁻²⁴. Deterministic for a seed on every platform.
public struct FractionalSampler: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    /// The next raw 64-bit output.
    public mutating func nextBits() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next sample in [0, 1).
    public mutating func next() -> Float { Float(nextBits() >> 40) * 0x1p-24 }
}
