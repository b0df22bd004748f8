import ImageCodecs
import Pooling

/// One application of a stage's op in a planned run (`repeat`/`until` expanded).
public struct StageStep: Sendable, Equatable {
    /// Index into `StageList.stages` (0-based).
    public var stage: Int
    /// Which application of that stage this is, from 1.
    public var pass: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var outputHeight: Int
    public var outputWidth: Int

    public init(stage: Int, pass: Int, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int) {
        self.stage = stage; self.pass = pass
        self.inputHeight = inputHeight; self.inputWidth = inputWidth
        self.outputHeight = outputHeight; self.outputWidth = outputWidth
    }
}

/// An ordered list of pooling stages, parsed from the stage language or a config file.
public struct StageList: Sendable {
    public var stages: [Stage]

    public init(stages: [Stage]) { self.stages = stages }

    /// Parses a stage list such as `avg(2) | max(3, stride=2, padding=1) | avg(2, until=256)`.
    ///
    /// Grammar: see `StageSyntax`. Sizes are `N`, `HxW`, `HXW` or `H×W`.
    /// - Throws: `StageListError` naming the stage (1-based) and what is wrong with it.
    public static func parse(_ spec: String, registry: OpRegistry = .standard) throws -> StageList {
        let syntax = try StageSyntax.parseList(spec)
        return try build(syntax, registry: registry)
    }

    /// Binds parsed stages to ops; stage `i` of `syntax` is reported as stage `i + 1`.
    static func build(_ syntax: [StageSyntax], registry: OpRegistry) throws -> StageList {
        if syntax.isEmpty { throw StageListError.emptyList }
        let stages = try syntax.enumerated().map {
            try Stage.build($0.element, index: $0.offset + 1, registry: registry)
        }
        return StageList(stages: stages)
    }

    /// The stages' canonical forms joined by `" | "`; parsing it gives the same list.
    /// Used in manifests to decide whether an output was made by the same stages.
    public var canonical: String {
        stages.map(\.canonical).joined(separator: " | ")
    }

    /// The most pixels a stage may produce from a smaller input: `--max-pixels`' default.
    public static let enlargedPixelLimit = DecodeOptions.defaultMaxPixels

    /// Every op application for an input of `height`×`width`, in order, with the sizes
    /// going in and out. `apply` runs exactly these.
    /// - Throws: `StageListError.cannotRun` when an op cannot run on the size that reaches
    ///   it (output below 1×1, more pixels than the input and `enlargedPixelLimit`, …),
    ///   `.notShrinking` when an `until` stage stops shrinking.
    public func steps(height: Int, width: Int) throws -> [StageStep] {
        var steps: [StageStep] = []
        var h = height, w = width
        for (i, stage) in stages.enumerated() {
            func next(pass: Int) throws {
                let out: (height: Int, width: Int)
                do {
                    out = try stage.op.outputSize(height: h, width: w)
                } catch {
                    throw StageListError.cannotRun(index: i + 1, stage: stage.source,
                                                   reason: String(describing: error))
                }
                guard out.height >= 1, out.width >= 1 else {
                    throw StageListError.cannotRun(
                        index: i + 1, stage: stage.source,
                        reason: "\(stage.op.name) on \(h)×\(w) gives \(out.height)×\(out.width), less than 1×1")
                }
                // Ops that can enlarge (adaptive sizes up to 2^24 a side) must not ask for
                // more memory than any input may take: no output beyond the input's pixels
                // or --max-pixels' default, whichever is more.
                let (pixels, overflow) = out.height.multipliedReportingOverflow(by: out.width)
                guard !overflow, pixels <= Swift.max(height * width, Self.enlargedPixelLimit) else {
                    throw StageListError.cannotRun(
                        index: i + 1, stage: stage.source,
                        reason: "\(stage.op.name) on \(h)×\(w) gives \(out.height)×\(out.width), over the "
                            + "\(Swift.max(height * width, Self.enlargedPixelLimit))-pixel limit of a stage "
                            + "(the input's size, or --max-pixels' default if larger)")
                }
                steps.append(StageStep(stage: i, pass: pass, inputHeight: h, inputWidth: w,
                                       outputHeight: out.height, outputWidth: out.width))
                h = out.height
                w = out.width
            }
            switch stage.repetition {
            case let .times(n) where n < 1, let .until(n) where n < 1:
                throw StageListError.invalidStage(
                    index: i + 1, stage: stage.source,
                    reason: "\(stage.repetition.argument ?? "") is out of range: it must be at least 1")
            case .once:
                try next(pass: 1)
            case let .times(n):
                for pass in 1...n { try next(pass: pass) }
            case let .until(limit):
                var pass = 1
                while max(h, w) > limit {
                    let before = max(h, w), (inH, inW) = (h, w)
                    try next(pass: pass)
                    if max(h, w) >= before {
                        throw StageListError.notShrinking(index: i + 1, stage: stage.source,
                                                          height: inH, width: inW)
                    }
                    pass += 1
                }
            }
        }
        return steps
    }

    /// The size after every stage for an input of `height`×`width`; predicts `apply` exactly.
    /// - Throws: as `steps(height:width:)`.
    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        guard let last = try steps(height: height, width: width).last else { return (height, width) }
        return (last.outputHeight, last.outputWidth)
    }
}
