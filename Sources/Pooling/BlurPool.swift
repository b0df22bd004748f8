import ImageTensor

/// `blur(filter=3, stride=2)`: BlurPool (Zhang 2019, antialiased-cnns) — reflect padding of
/// `(f-1)/2` before and `ceil((f-1)/2)` after, a normalised binomial `f×f` filter applied per
/// channel, every `stride`-th output kept; output `ceil(n/stride)`. `filter=1` subsamples.
public struct BlurPool: PoolingOperation {
    public var name: String { "blur" }
    let filter: Int
    let strideH: Int, strideW: Int

    init(_ args: BoundArguments) throws {
        filter = args.int("filter") ?? 3
        let stride = args.size("stride") ?? (2, 2)
        strideH = stride.height; strideW = stride.width
    }

    public var canonical: String { "blur(filter=\(filter), stride=\(formatSize(strideH, strideW)))" }
    public var mixesSamples: Bool { true }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        return (BlurKernel.outputLength(height, stride: strideH), BlurKernel.outputLength(width, stride: strideW))
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try requireNonEmpty(name, height: height, width: width)
        return StagePlan(rows: BlurKernel.plan(input: height, filter: filter, stride: strideH),
                         cols: BlurKernel.plan(input: width, filter: filter, stride: strideW),
                         notes: filter > 1 ? ["reflect padding"] : [])
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        return BlurKernel.apply(input, filter: filter, strideH: strideH, strideW: strideW, threads: context.threads)
    }
}
