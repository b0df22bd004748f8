/// Ops that can run on horizontal bands of an image as its rows arrive from a decoder.
///
/// An op is row-bandable when its windows tile the rows without overlap or row padding
/// (`kernel == stride` vertically, dilation 1, no vertical padding). Then applying it to
/// consecutive bands whose row counts are multiples of `rowBandMultiple` — the last band
/// taking whatever rows remain — and stacking the results equals applying it to the whole
/// image, sample for sample: every window lies inside one band and is reduced by the same
/// kernel in the same order.
protocol RowBandable {
    var rowBandMultiple: Int? { get }
}

extension PoolingOperation {
    /// The row count that bands must be a multiple of for band-by-band application to equal
    /// whole-image application, or `nil` when the op's windows overlap rows or pad them.
    public var rowBandMultiple: Int? { (self as? RowBandable)?.rowBandMultiple }
}

extension SlidingWindowSpec {
    var rowBandMultiple: Int? {
        guard kernelH == strideH, dilationH == 1 else { return nil }
        switch padding {
        case .valid: return kernelH
        case .explicit(let rows, _): return rows == 0 ? kernelH : nil
        case .same: return nil
        }
    }
}

extension AvgPool: RowBandable { var rowBandMultiple: Int? { spec.rowBandMultiple } }
extension MaxPool: RowBandable { var rowBandMultiple: Int? { spec.rowBandMultiple } }
extension MinPool: RowBandable { var rowBandMultiple: Int? { spec.rowBandMultiple } }
extension MedianPool: RowBandable { var rowBandMultiple: Int? { spec.rowBandMultiple } }
extension PowerMeanPool: RowBandable { var rowBandMultiple: Int? { spec.rowBandMultiple } }
extension LpPool: RowBandable { var rowBandMultiple: Int? { spec.rowBandMultiple } }
