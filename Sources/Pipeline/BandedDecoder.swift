import ImageCodecs
import ImageTensor
import Pooling

/// Decodes an image band by band and applies a row-bandable op to each band as it arrives,
/// so that no full-resolution Float32 image is ever held.
///
/// The result equals decoding the whole image and then applying the op (with the same colour
/// handling), sample for sample: see `PoolingOperation.rowBandMultiple`.
enum BandedDecoder {
    /// Rows per band aimed at; rounded to a multiple of the op's `rowBandMultiple`.
    static let preferredBandRows = 32

    /// Reads every remaining row of `decoder`, applying `op` band by band.
    ///
    /// Mixing ops see the working representation of `color` (premultiplied / linear); the
    /// result stays in that representation when `inWorkingForm` says so.
    /// - Precondition: `op.rowBandMultiple != nil` and `op.outputSize` succeeds for the
    ///   decoder's output size; nothing has been read from `decoder` yet.
    /// - Returns: the pooled tensor and the image's metadata.
    static func decode(_ decoder: ImageRowDecoder, applying op: any PoolingOperation,
                       color: ColorOptions, context: PoolingContext)
        throws -> (tensor: Tensor, inWorkingForm: Bool, metadata: ImageMetadata) {
        let height = decoder.outputHeight, width = decoder.outputWidth, channels = decoder.channels
        let multiple = op.rowBandMultiple!
        let bandRows = max(multiple, preferredBandRows / multiple * multiple)
        let out = try op.outputSize(height: height, width: width)
        let transform = op.mixesSamples ? ColorTransform(options: color, channels: channels) : nil
        var pooled: [Float] = []
        // 8-bit rows into a plain avg(2): fuse the v/255 conversion (and premultiplication)
        // into the pooling, straight from the decoder's bytes into the (uninitialised) result.
        let premultiplyOnly = transform != nil && !color.linear && color.alpha == .premultiplied
        if decoder.deliversBytes && op.poolsBytes && (transform == nil || premultiplyOnly) {
            var bytes = [UInt8](repeating: 0, count: min(2 * bandRows - 1, height) * width * channels)
            let total = out.height * out.width * channels
            pooled = try [Float](unsafeUninitializedCapacity: total) { result, written in
                var remaining = height
                while remaining > 0 {
                    let rows = remaining >= 2 * bandRows ? bandRows : remaining
                    try bytes.withUnsafeMutableBufferPointer { buffer in
                        try decoder.readByteRows(rows, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(rows * width * channels)]))
                        written += op.applyToBytes(UnsafeBufferPointer(buffer), height: rows, width: width,
                                                   channels: channels, premultiply: premultiplyOnly,
                                                   into: UnsafeMutableBufferPointer(rebasing: result[written...]))
                    }
                    remaining -= rows
                }
                precondition(written == total, "banded pooling wrote \(written) of \(total) samples")
            }
        } else {
            pooled.reserveCapacity(out.height * out.width * channels)
            try decodeFloatBands(decoder, op: op, transform: transform, bandRows: bandRows,
                                 context: context, appendingTo: &pooled)
        }
        let tensor = Tensor(height: out.height, width: out.width, channels: channels, data: pooled)
        return (tensor, transform != nil, try decoder.finish())
    }
}

extension BandedDecoder {
    /// The general path: Float rows from the decoder, converted to the working form, pooled.
    static func decodeFloatBands(_ decoder: ImageRowDecoder, op: any PoolingOperation,
                                 transform: ColorTransform?, bandRows: Int, context: PoolingContext,
                                 appendingTo pooled: inout [Float]) throws {
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
            pooled.append(contentsOf: result.data)
            remaining -= rows
        }
    }
}

extension StageList {
    /// Decodes `decoder` and applies the list, fusing the first pass of the first stage into
    /// the decode when its op is row-bandable (so the full-resolution image is never held
    /// as Float32). The result equals `apply` on the fully decoded image.
    /// - Returns: the output and the image's metadata.
    /// - Throws: `StageListError` for sizes the list cannot take (before any row is read),
    ///   and the decoder's errors.
    public func applyDecoding(_ decoder: ImageRowDecoder, color: ColorOptions = .init(),
                              context: PoolingContext = .init()) throws -> (Tensor, ImageMetadata) {
        let steps = try self.steps(height: decoder.outputHeight, width: decoder.outputWidth)
        guard let first = steps.first, first.stage == 0, first.pass == 1,
              let multiple = stages[0].op.rowBandMultiple, decoder.outputHeight >= multiple else {
            let image = try decoder.decodeAll()
            return (try apply(image.tensor, color: color, context: context), image.metadata)
        }
        let banded = try BandedDecoder.decode(decoder, applying: stages[0].op, color: color, context: context)
        // The rest continues from the working representation, exactly as `apply` would.
        let output = try afterFirstPass().apply(banded.tensor, inWorkingForm: banded.inWorkingForm,
                                                color: color, context: context)
        return (output, banded.metadata)
    }

    /// The list that remains once the first stage has run one pass.
    func afterFirstPass() -> StageList {
        var remaining = stages
        let first = remaining.removeFirst()
        switch first.repetition {
        case .once, .times(1): break
        case .times(let n):
            remaining.insert(Stage(op: first.op, repetition: .times(n - 1), source: first.source), at: 0)
        case .until:
            remaining.insert(first, at: 0)
        }
        return StageList(stages: remaining)
    }
}
