import ImageTensor

/// The size a `resize` asks for.
public enum ResizeTarget: Sendable, Equatable {
    /// Exactly `height × width`.
    case exact(height: Int, width: Int)
    /// The longest side becomes N, the aspect ratio is kept (other side rounded, at least 1).
    case long(Int)
    /// The shortest side becomes N, the aspect ratio is kept (other side rounded, at least 1).
    case short(Int)

    /// The output size for an input of `height × width` (both ≥ 1).
    public func outputSize(height h: Int, width w: Int) -> (height: Int, width: Int) {
        func scaled(_ side: Int, by n: Int, of reference: Int) -> Int {
            max(1, Int((Double(side) * Double(n) / Double(reference)).rounded()))
        }
        switch self {
        case let .exact(height, width):
            return (height, width)
        case let .long(n):
            return h >= w ? (n, scaled(w, by: n, of: h)) : (scaled(h, by: n, of: w), n)
        case let .short(n):
            return h <= w ? (n, scaled(w, by: n, of: h)) : (scaled(h, by: n, of: w), n)
        }
    }

    /// As written in a canonical stage: `256`, `256x192`, `long=256`, `short=224`.
    var canonical: String {
        switch self {
        case let .exact(h, w): return formatSize(h, w)
        case let .long(n): return "long=\(n)"
        case let .short(n): return "short=\(n)"
        }
    }
}

/// `resize(size, filter=lanczos)`: antialiased resampling, equal to Pillow's `Image.resize`
/// of each channel as a mode-`F` image (to about 1e-6; weights and sums are Float32 here,
/// Float64 in Pillow). `size` is `HxW` or `N`; `long=N` / `short=N` instead keep the aspect
/// ratio. `filter=box` is area averaging at any ratio.
public struct Resize: PoolingOperation {
    public var name: String { "resize" }
    public let target: ResizeTarget
    public let filter: ResampleFilter

    /// The parameter table: `size` (optional when `long` or `short` is given), `filter`,
    /// `long`, `short`.
    static let parameters: [Parameter] = [
        Parameter("size", .size(min: 1), optional: true),
        Parameter("filter", .choice(ResampleFilter.allCases.map(\.rawValue)), default: .word("lanczos")),
        Parameter("long", .int(1...ArgumentBinder.maximumSize), optional: true),
        Parameter("short", .int(1...ArgumentBinder.maximumSize), optional: true),
    ]

    /// - Throws: `PoolingError.missingArgument` when none of `size`, `long`, `short` is given,
    ///   `invalidArgument` when more than one is.
    init(_ args: BoundArguments) throws {
        var targets: [ResizeTarget] = []
        if let size = args.size("size") { targets.append(.exact(height: size.height, width: size.width)) }
        if let n = args.int("long") { targets.append(.long(n)) }
        if let n = args.int("short") { targets.append(.short(n)) }
        guard let first = targets.first else {
            throw PoolingError.missingArgument(op: args.op, argument: "size (or long=N, short=N)")
        }
        guard targets.count == 1 else {
            throw PoolingError.invalidArgument(op: args.op, argument: "size",
                                               reason: "resize takes one of size, long and short, got \(targets.count)")
        }
        target = first
        filter = ResampleFilter(rawValue: args.word("filter") ?? "lanczos") ?? .lanczos
    }

    /// A resize to `target` with `filter`.
    public init(target: ResizeTarget, filter: ResampleFilter = .lanczos) {
        self.target = target
        self.filter = filter
    }

    public var canonical: String { "resize(\(target.canonical), filter=\(filter.rawValue))" }
    public var mixesSamples: Bool { true }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        return target.outputSize(height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        let out = try outputSize(height: height, width: width)
        func axis(_ n: Int, _ o: Int) -> AxisPlan {
            let taps = o == n ? 1 : ResampleCoefficients(input: n, output: o, filter: filter).maximumTaps
            return AxisPlan(input: n, output: o, partialWindows: taps > 1 ? min(o, 2) : 0)
        }
        let support = filter.support * max(1, Double(height) / Double(out.height))
        var notes = ["\(filter.rawValue) filter, support ±\(formatReal((support * 100).rounded() / 100)) input rows"]
        if out.height > height || out.width > width { notes.append("enlarges the image") }
        return StagePlan(rows: axis(height, out.height), cols: axis(width, out.width), notes: notes)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let out = try outputSize(height: input.height, width: input.width)
        let rows = ResampleCoefficients.cached(input: input.height, output: out.height, filter: filter)
        let cols = ResampleCoefficients.cached(input: input.width, output: out.width, filter: filter)
        return ResampleKernel.resize(input, rows: rows, cols: cols, threads: context.threads)
    }
}
