import ImageTensor
import ImageCodecs
import Pooling

/// JPEG shrink-on-load for packs: when a stage list starts with a single `resize` that
/// shrinks a JPEG to at most an eighth of its size on both axes, the JPEG is decoded at 1/2,
/// 1/4 or 1/8 (libjpeg's DCT scaling: the largest that still leaves the resize a factor of
/// at least `margin` on both axes), and the resize goes from there to the size it would have
/// had from the full decode, so every shape stays the same. With a margin of 4 the result
/// stays above 48 dB PSNR of the exact path on the bench photos (a margin of 2, the
/// thumbnails' rule for pooling, fell to 40 dB on fine sand ripples under Lanczos);
/// `--exact-resize` turns it off. A gray or YCbCr JPEG is then resized from its planes
/// (`runPlanar`, `PlanarResize`): above 47 dB PSNR of the exact path on the bench's 600
/// ImageNet-sized JPEGs and on the 16 bench photos. An unshrunk JPEG of up to `BandedDecoder.wholeImageLimit` pixels is
/// decoded whole, so a leading `resize | crop` runs fused (only the kept window computed:
/// about a quarter less work than the banded resize of the whole image for ImageNet-sized
/// photos and a 224 crop of short side 256); other inputs, larger JPEGs and lists take the
/// job's own path.
struct ShrinkOnLoad: Sendable {
    let job: StageListJob
    let resize: Resize
    /// Whether gray and YCbCr JPEGs are resized from their planes (`runPlanar`).
    var planar = true

    /// nil when `job`'s list does not start with a single `resize`.
    init?(job: any ImageJob) {
        guard let j = job as? StageListJob, let first = j.stages.stages.first,
              case .once = first.repetition, let r = first.op as? Resize else { return nil }
        self.job = j
        self.resize = r
    }

    /// The factor the resize must keep after DCT scaling, on both axes (see above).
    static let margin = 4

    /// The DCT denominator for a source of `height × width` whose resize output is `target`.
    static func denominator(height: Int, width: Int, target: (height: Int, width: Int)) -> Int {
        for d in [8, 4, 2] where (height + d - 1) / d >= Self.margin * target.height && (width + d - 1) / d >= Self.margin * target.width {
            return d
        }
        return 1
    }

    /// Decodes `bytes` (shrunk when it pays) and applies the list: the output, metadata and
    /// the input's shape as stored, like `ImageJob.run`.
    func run(bytes: [UInt8], options: DecodeOptions, autorotate: Bool, context: PoolingContext) throws -> StreamedOutput {
        let decoder = try ImageRowDecoder(bytes: bytes, options: options)
        let header = decoder.header
        guard header.format == .jpeg else {
            return try job.run(decoder: decoder, autorotate: autorotate, context: context)
        }
        let shape = [header.height, header.width, decoder.channels]
        let orientation = autorotate ? header.orientation : 1
        let swapped = orientation >= 5
        let (uh, uw) = swapped ? (header.width, header.height) : (header.height, header.width)
        let target = try resize.outputSize(height: uh, width: uw)
        let d = Self.denominator(height: uh, width: uw, target: target)
        if d == 1 && uh * uw > BandedDecoder.wholeImageLimit {
            // Large and not shrunk: the job's banded path keeps the full image out of memory.
            return try job.run(decoder: decoder, autorotate: autorotate, context: context)
        }
        if d > 1 { try decoder.setDCTScale(d) }
        if planar, let done = try runPlanar(decoder, target: target, orientation: orientation, shape: shape, context: context) {
            return done
        }
        let image = try Self.decodeWhole(decoder)
        let upright = orientation != 1 ? image.tensor.applyingOrientation(orientation) : image.tensor
        let exact = Stage(op: Resize(target: .exact(height: target.height, width: target.width), filter: resize.filter))
        let list = StageList(stages: [exact] + job.stages.stages.dropFirst())
        return StreamedOutput(tensor: try list.apply(upright, color: job.color, context: context),
                              metadata: image.metadata, inputShape: shape)
    }

    /// The whole image: 8-bit samples read as bytes and converted in one pass that
    /// vectorises (`Float(v) / 255`, the decoder's own table values), others as the decoder
    /// converts them.
    static func decodeWhole(_ decoder: ImageRowDecoder) throws -> DecodedImage {
        guard decoder.deliversBytes else { return try decoder.decodeAll() }
        let bytes = try decoder.readAllByteRows()
        let tensor = Tensor(height: decoder.outputHeight, width: decoder.outputWidth,
                            channels: decoder.channels) { (dst: UnsafeMutableBufferPointer<Float>) in
            bytes.withUnsafeBufferPointer { src in
                for i in 0..<src.count { dst[i] = Float(src[i]) / 255 }
            }
        }
        return DecodedImage(tensor: tensor, metadata: try decoder.finish())
    }
}
