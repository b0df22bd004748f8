import ImageTensor

extension ResampleCoefficients {
    /// The coefficients of output indices `range` only (same weights, same taps).
    /// - Precondition: `range` lies within `0..<outputLength`.
    init(_ full: ResampleCoefficients, outputs range: Range<Int>) {
        inputLength = full.inputLength
        outputLength = range.count
        stride = full.stride
        start = Array(full.start[range])
        count = Array(full.count[range])
        weights = Array(full.weights[(range.lowerBound * full.stride)..<(range.upperBound * full.stride)])
    }
}

extension Resize {
    /// `crop.apply(resize.apply(input))` without computing the resized samples the crop drops:
    /// the same coefficients, restricted to the window's rows and columns, so the result has
    /// the same bits. nil when the fused path does not apply (an axis the resize leaves
    /// unchanged), and the caller runs the two stages one after the other.
    /// - Throws: what `outputSize` and `crop.origin` throw.
    public func applyCropped(_ input: Tensor, crop: Crop, context: PoolingContext) throws -> Tensor? {
        let out = try outputSize(height: input.height, width: input.width)
        guard out.height != input.height, out.width != input.width else { return nil }
        let (y0, x0) = try crop.origin(height: out.height, width: out.width)
        let rows = ResampleCoefficients(ResampleCoefficients(input: input.height, output: out.height, filter: filter),
                                        outputs: y0..<(y0 + crop.height))
        let cols = ResampleCoefficients(ResampleCoefficients(input: input.width, output: out.width, filter: filter),
                                        outputs: x0..<(x0 + crop.width))
        let first = rows.start[0]
        let last = rows.start[rows.outputLength - 1] + rows.count[rows.outputLength - 1]
        let wide = ResampleKernel.horizontal(input, rowRange: first..<last, cols: cols, threads: context.threads)
        return ResampleKernel.vertical(wide, rowOffset: first, rows: rows, threads: context.threads)
    }
}
