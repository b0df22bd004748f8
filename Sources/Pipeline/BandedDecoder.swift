import ImageCodecs
import ImageTensor
import Pooling

/// Decodes an image band by band and applies row-bandable passes to each band as it arrives,
/// so that no full-resolution Float32 image — and no intermediate image between the passes —
/// is ever held.
///
/// The result equals decoding the whole image and then applying the passes (with the same
/// colour handling), sample for sample: see `PoolingOperation.rowBandMultiple`.
enum BandedDecoder {
    /// Rows per band aimed at; rounded to a multiple of the op's `rowBandMultiple`.
    static let preferredBandRows = 32

    /// Reads every remaining row of `decoder`, applying `passes` band by band.
    ///
    /// Mixing ops see the working representation of `color` (premultiplied / linear); the
    /// result stays in that representation when `inWorkingForm` says so.
    /// - Parameters:
    ///   - passes: one op per pass; after the first, each must be row-bandable and, when
    ///     `color` needs a conversion, mix samples exactly when the first does.
    ///   - steps: the passes' plan steps, in order, the first starting at the decoder's size.
    /// - Precondition: `passes[0].rowBandMultiple != nil`; nothing has been read from
    ///   `decoder` yet.
    /// - Returns: the pooled tensor and the image's metadata.
    static func decode(_ decoder: ImageRowDecoder, passes: [any PoolingOperation], steps: [StageStep],
                       color: ColorOptions, context: PoolingContext)
        throws -> (tensor: Tensor, inWorkingForm: Bool, metadata: ImageMetadata) {
        let height = decoder.outputHeight, width = decoder.outputWidth, channels = decoder.channels
        let op = passes[0]
        let multiple = op.rowBandMultiple!
        let bandRows = max(multiple, preferredBandRows / multiple * multiple)
        let out = try op.outputSize(height: height, width: width)
        let transform = op.mixesSamples ? ColorTransform(options: color, channels: channels) : nil
        // Later passes take the first pass's output band by band.
        var cascade = passes.count > 1
            ? BandCascade(passes: Array(passes.dropFirst()), steps: Array(steps.dropFirst()),
                          channels: channels, context: context)
            : nil
        var pooled: [Float] = []
        // 8-bit rows into a plain avg(2): fuse the v/255 conversion (and premultiplication)
        // into the pooling, straight from the decoder's bytes.
        let premultiplyOnly = transform != nil && !color.linear && color.alpha == .premultiplied
        if decoder.deliversBytes && op.poolsBytes && (transform == nil || premultiplyOnly) {
            var bytes = [UInt8](repeating: 0, count: min(2 * bandRows - 1, height) * width * channels)
            // Without a cascade, straight into the (uninitialised) result; with one, into a
            // new array per band that the cascade takes over.
            let total = out.height * out.width * channels
            pooled = try [Float](unsafeUninitializedCapacity: cascade == nil ? total : 0) { result, written in
                var remaining = height
                while remaining > 0 {
                    let rows = remaining >= 2 * bandRows ? bandRows : remaining
                    remaining -= rows
                    try bytes.withUnsafeMutableBufferPointer { buffer in
                        try decoder.readByteRows(rows, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(rows * width * channels)]))
                        let src = UnsafeBufferPointer(buffer)
                        if cascade == nil {
                            written += op.applyToBytes(src, height: rows, width: width, channels: channels,
                                                       premultiply: premultiplyOnly,
                                                       into: UnsafeMutableBufferPointer(rebasing: result[written...]))
                        } else {
                            let size = try op.outputSize(height: rows, width: width)
                            let band = [Float](unsafeUninitializedCapacity: size.height * size.width * channels) { dst, n in
                                n = op.applyToBytes(src, height: rows, width: width, channels: channels,
                                                    premultiply: premultiplyOnly, into: dst)
                            }
                            try cascade!.push(band, final: remaining == 0)
                        }
                    }
                }
                if cascade == nil {
                    precondition(written == total, "banded pooling wrote \(written) of \(total) samples")
                }
            }
        } else {
            if cascade == nil { pooled.reserveCapacity(out.height * out.width * channels) }
            try decodeFloatBands(decoder, op: op, transform: transform, bandRows: bandRows, context: context) { (rows: [Float], final: Bool) in
                if cascade == nil {
                    pooled.append(contentsOf: rows)
                } else {
                    try cascade!.push(rows, final: final)
                }
            }
        }
        let tensor = cascade?.tensor ?? Tensor(height: out.height, width: out.width, channels: channels, data: pooled)
        return (tensor, transform != nil, try decoder.finish())
    }
}

extension BandedDecoder {
    /// The general path: Float rows from the decoder, converted to the working form, pooled;
    /// each band's output goes to `emit`, with `final` for the last.
    static func decodeFloatBands(_ decoder: ImageRowDecoder, op: any PoolingOperation,
                                 transform: ColorTransform?, bandRows: Int, context: PoolingContext,
                                 emit: ([Float], _ final: Bool) throws -> Void) throws {
        let height = decoder.outputHeight, width = decoder.outputWidth, channels = decoder.channels
        // One buffer serves every full band; only the last, longer band gets its own.
        var fullBand = Tensor(height: min(bandRows, height), width: width, channels: channels)
        var remaining = height
        while remaining > 0 {
            // The last band takes every remaining row, so that only it can end in a partial window.
            let rows = remaining >= 2 * bandRows ? bandRows : remaining
            let result: Tensor
            if rows == fullBand.height {
                try fullBand.data.withUnsafeMutableBufferPointer { try decoder.readRows(rows, into: $0) }
                transform?.toWorking(&fullBand, threads: context.threads)
                result = try op.apply(fullBand, context: context)
            } else {
                var band = try Tensor(height: rows, width: width, channels: channels) { buffer in
                    try decoder.readRows(rows, into: buffer)
                }
                transform?.toWorking(&band, threads: context.threads)
                result = try op.apply(band, context: context)
            }
            remaining -= rows
            try emit(result.data, remaining == 0)
        }
    }
}

extension StageList {
    /// Decodes `decoder` and applies the list, fusing the leading row-bandable passes into
    /// the decode (so neither the full-resolution image nor the images between those passes
    /// are held as Float32). The result equals `apply` on the fully decoded image.
    /// - Returns: the output and the image's metadata.
    /// - Throws: `StageListError` for sizes the list cannot take (before any row is read),
    ///   and the decoder's errors.
    public func applyDecoding(_ decoder: ImageRowDecoder, color: ColorOptions = .init(),
                              context: PoolingContext = .init()) throws -> (Tensor, ImageMetadata) {
        let steps = try self.steps(height: decoder.outputHeight, width: decoder.outputWidth)
        guard let first = steps.first, first.stage == 0, first.pass == 1,
              let multiple = stages[0].op.rowBandMultiple, decoder.outputHeight >= multiple else {
            if let streamed = try applyDecodingResize(decoder, steps: steps, color: color, context: context) {
                return streamed
            }
            let image = try decoder.decodeAll()
            return (try apply(image.tensor, color: color, context: context), image.metadata)
        }
        // The passes that can follow band by band: row-bandable, and in the same colour
        // representation as the first when the image needs a conversion.
        let converts = ColorTransform(options: color, channels: decoder.channels) != nil
        var passes = [stages[0].op]
        for step in steps.dropFirst() {
            let op = stages[step.stage].op
            guard op.rowBandMultiple != nil, !converts || op.mixesSamples == passes[0].mixesSamples else { break }
            passes.append(op)
        }
        let banded = try BandedDecoder.decode(decoder, passes: passes, steps: Array(steps.prefix(passes.count)),
                                              color: color, context: context)
        // The rest continues from the working representation, exactly as `apply` would.
        let output = try afterPasses(steps.prefix(passes.count)).apply(
            banded.tensor, inWorkingForm: banded.inWorkingForm, color: color, context: context)
        return (output, banded.metadata)
    }

    /// The list that remains once the leading `done` steps of its plan have run: stages
    /// before the last done step's are finished; that stage loses the passes it ran (an
    /// `until` stage stays, and plans no more passes than it still needs).
    func afterPasses(_ done: ArraySlice<StageStep>) -> StageList {
        guard let last = done.last else { return self }
        var remaining = Array(stages[(last.stage + 1)...])
        let stage = stages[last.stage]
        let ran = done.filter { $0.stage == last.stage }.count
        switch stage.repetition {
        case .once: break
        case .times(let n):
            if n > ran { remaining.insert(Stage(op: stage.op, repetition: .times(n - ran), source: stage.source), at: 0) }
        case .until:
            remaining.insert(stage, at: 0)
        }
        return StageList(stages: remaining)
    }
}
