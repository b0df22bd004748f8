import ImageTensor
import Pooling

/// Row-bandable passes run one after another on bands of rows, so that none of their
/// intermediate images is ever held whole: `BandedDecoder` pushes the first pass's output
/// band by band, and each pass here pools its rows as soon as it has a whole multiple of its
/// `rowBandMultiple`, handing the result on to the next.
///
/// Equal to running the passes on whole images, sample for sample: a pass's windows tile its
/// rows (kernel = stride vertically, no row padding), so every window it pools before the
/// end lies inside the rows it was given; the rows left at the end (where a ceil-mode window
/// may be partial) are pooled last, or dropped when the whole-image output has no row for
/// them (floor mode). See `RowBandable`.
struct BandCascade {
    private let passes: [any PoolingOperation]
    private let multiples: [Int]
    private let steps: [StageStep]
    private let channels: Int
    private let context: PoolingContext
    /// Per pass, rows received but not yet pooled (row-major, `steps[i].inputWidth` wide).
    private var pending: [[Float]]
    /// Per pass, output rows produced so far.
    private var produced: [Int]
    /// The last pass's rows, in order.
    private(set) var output: [Float] = []

    /// - Parameters:
    ///   - passes: the ops, one per pass (`rowBandMultiple != nil` for each).
    ///   - steps: the same passes' plan steps (input and output sizes), in order.
    /// - Precondition: `passes.count == steps.count > 0`.
    init(passes: [any PoolingOperation], steps: [StageStep], channels: Int, context: PoolingContext) {
        precondition(!passes.isEmpty && passes.count == steps.count)
        self.passes = passes
        self.multiples = passes.map { $0.rowBandMultiple! }
        self.steps = steps
        self.channels = channels
        self.context = context
        self.pending = Array(repeating: [], count: passes.count)
        self.produced = Array(repeating: 0, count: passes.count)
        let last = steps[steps.count - 1]
        output.reserveCapacity(last.outputHeight * last.outputWidth * channels)
    }

    /// The cascade's result once `push(_:final: true)` has been called.
    var tensor: Tensor {
        let last = steps[steps.count - 1]
        return Tensor(height: last.outputHeight, width: last.outputWidth, channels: channels, data: output)
    }

    /// Gives the first pass whole rows (`steps[0].inputWidth` wide); `final` for the last call.
    /// The array is taken over, not copied, when no rows are pending.
    mutating func push(_ rows: [Float], final: Bool) throws {
        try feed(0, rows, final: final)
    }

    private mutating func feed(_ level: Int, _ rows: [Float], final: Bool) throws {
        if pending[level].isEmpty {
            pending[level] = rows
        } else {
            pending[level].append(contentsOf: rows)
        }
        let step = steps[level]
        let rowLength = step.inputWidth * channels
        let have = pending[level].count / rowLength
        let take = final ? have : have / multiples[level] * multiples[level]
        // The whole-image output has no row for what is left at the end (floor mode).
        let wanted = step.outputHeight - produced[level]
        let result: Tensor?
        if take > 0 && wanted > 0 {
            // Usually every pending row is taken: hand the buffer over instead of copying it.
            let data: [Float]
            if pending[level].count == take * rowLength {
                data = pending[level]
                pending[level] = []
            } else {
                data = Array(pending[level].prefix(take * rowLength))
            }
            let op = passes[level]
            if op.poolsBytes {
                // A plain avg(2): straight from the rows, no Tensor or window tables per band.
                let size = try op.outputSize(height: take, width: step.inputWidth)
                let pooled = [Float](unsafeUninitializedCapacity: size.height * size.width * channels) { out, n in
                    n = data.withUnsafeBufferPointer {
                        op.applyToFloatRows($0, height: take, width: step.inputWidth, channels: channels, into: out)
                    }
                }
                result = Tensor(height: size.height, width: size.width, channels: channels, data: pooled)
            } else {
                result = try op.apply(Tensor(height: take, width: step.inputWidth, channels: channels, data: data),
                                      context: context)
            }
            guard let result, result.width == step.outputWidth, result.height <= wanted else {
                throw StageListError.cannotRun(index: step.stage + 1, stage: passes[level].canonical,
                                               reason: "banded pooling of \(take) rows went wrong")
            }
            produced[level] += result.height
        } else {
            result = nil
        }
        if final {
            pending[level].removeAll()
        } else if result != nil && !pending[level].isEmpty {
            pending[level].removeFirst(take * rowLength)
        }
        if final && produced[level] != step.outputHeight {
            throw StageListError.cannotRun(index: step.stage + 1, stage: passes[level].canonical,
                                           reason: "banded pooling gave \(produced[level]) of \(step.outputHeight) rows")
        }
        let data = result?.data ?? []
        if level + 1 < passes.count {
            guard !data.isEmpty || final else { return }
            try feed(level + 1, data, final: final)
        } else {
            output.append(contentsOf: data)
        }
    }
}
