import ImageTensor

/// `median(kernel, stride=kernel, padding=0, ceil=false)`: the lower median (element
/// `(n-1)/2` in ascending order) of each window's `n` in-image samples, per channel.
/// Padding only moves windows; padded cells are never samples. NaN samples order unspecified.
///
/// Stride-1 3×3 and 5×5 kernels run on `MedianFilter` (sorted columns and selection
/// networks); every other shape gathers each window's samples (`MedianKernel`).
public struct MedianPool: PoolingOperation {
    public var name: String { "median" }
    let spec: SlidingWindowSpec

    init(_ args: BoundArguments) throws { spec = try SlidingWindowSpec(args) }

    public var canonical: String { "median(\(spec.canonicalArguments()))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try spec.checkedOutputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try spec.checkedPlan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let (rows, cols) = try spec.windows(op: name, height: input.height, width: input.width, countPad: false)
        if MedianFilter.handles(kernelH: spec.kernelH, kernelW: spec.kernelW, strideH: spec.strideH, strideW: spec.strideW) {
            return MedianFilter.apply(input, rows: rows, cols: cols, kernel: spec.kernelH, threads: context.threads)
        }
        let square3 = spec.kernelH == 3 && spec.kernelW == 3
        return MedianKernel.apply(input, rows: rows, cols: cols, kernel3x3: square3, threads: context.threads)
    }
}
