import ImageCodecs
import ImageTensor
import Pooling

extension StageList {
    /// Decodes `decoder` into a leading `resize` stage band by band (`ResizeStream`), so that
    /// the full-resolution image is never held as Float32, then applies the rest of the list.
    /// Equal to `apply` on the fully decoded image.
    /// - Returns: nil (nothing read) when the list does not start with a single `resize` pass.
    func applyDecodingResize(_ decoder: ImageRowDecoder, steps: [StageStep], color: ColorOptions,
                             context: PoolingContext) throws -> (Tensor, ImageMetadata)? {
        guard let first = steps.first, first.stage == 0, first.pass == 1,
              steps.dropFirst().first?.stage != 0, let resize = stages[0].op as? Resize else { return nil }
        let height = decoder.outputHeight, width = decoder.outputWidth, channels = decoder.channels
        let transform = ColorTransform(options: color, channels: channels)
        var stream = try ResizeStream(resize, height: height, width: width, channels: channels,
                                      threads: context.threads)
        let bandRows = BandedDecoder.preferredBandRows
        var band = Tensor(height: min(bandRows, height), width: width, channels: channels)
        var remaining = height
        while remaining > 0 {
            let rows = min(bandRows, remaining)
            if rows != band.height { band = Tensor(height: rows, width: width, channels: channels) }
            try band.data.withUnsafeMutableBufferPointer { try decoder.readRows(rows, into: $0) }
            transform?.toWorking(&band, threads: 1)
            stream.push(band)
            remaining -= rows
        }
        let metadata = try decoder.finish()
        let output = try afterPasses(steps.prefix(1)).apply(stream.finish(), inWorkingForm: transform != nil,
                                                             color: color, context: context)
        return (output, metadata)
    }
}
