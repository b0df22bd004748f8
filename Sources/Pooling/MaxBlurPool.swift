import ImageTensor

/// `maxblur(kernel=2, filter=3, stride=2)`: MaxBlurPool (Zhang 2019) — `max(kernel, stride=1)`
/// (no padding: each axis shrinks by `kernel-1`), then `blur(filter, stride)`.
public struct MaxBlurPool: PoolingOperation {
    public var name: String { "maxblur" }
    let kernelH: Int, kernelW: Int
    let filter: Int
    let strideH: Int, strideW: Int

    init(_ args: BoundArguments) throws {
        let kernel = args.size("kernel") ?? (2, 2)
        kernelH = kernel.height; kernelW = kernel.width
        filter = args.int("filter") ?? 3
        let stride = args.size("stride") ?? (2, 2)
        strideH = stride.height; strideW = stride.width
    }

    public var canonical: String {
        "maxblur(kernel=\(formatSize(kernelH, kernelW)), filter=\(filter), stride=\(formatSize(strideH, strideW)))"
    }
    public var mixesSamples: Bool { true }

    private var maxSpec: SlidingWindowSpec { SlidingWindowSpec(kernelH: kernelH, kernelW: kernelW, strideH: 1, strideW: 1) }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        let (mh, mw) = try maxSpec.outputSize(op: name, height: height, width: width)
        return (BlurKernel.outputLength(mh, stride: strideH), BlurKernel.outputLength(mw, stride: strideW))
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        let (mh, mw) = try maxSpec.outputSize(op: name, height: height, width: width)
        var rows = BlurKernel.plan(input: mh, filter: filter, stride: strideH)
        var cols = BlurKernel.plan(input: mw, filter: filter, stride: strideW)
        rows.input = height; cols.input = width
        return StagePlan(rows: rows, cols: cols,
                         notes: ["max(\(formatSize(kernelH, kernelW)), stride=1) gives \(mh)×\(mw), then blur with reflect padding"])
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let (rows, cols) = try maxSpec.windows(op: name, height: input.height, width: input.width, countPad: false)
        let maxed = WindowKernels.apply(MaxReducer(), input, rows: rows, cols: cols, kernelH: kernelH,
                                        kernelW: kernelW, strideH: 1, strideW: 1, separable: true,
                                        threads: context.threads)
        return BlurKernel.apply(maxed, filter: filter, strideH: strideH, strideW: strideW, threads: context.threads)
    }
}
