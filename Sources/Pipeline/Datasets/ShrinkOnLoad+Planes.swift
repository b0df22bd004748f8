import ImageCodecs
import ImageTensor
import Pooling

extension ShrinkOnLoad {
    /// The leading resize (and a crop right after it) run on the JPEG's planes as stored
    /// (`PlanarResize`): the decoder neither upsamples the chroma nor converts colours at full
    /// size, the resize reads each plane at its own resolution, and with a crop only the kept
    /// window is computed. nil, with nothing read, when the planes do not apply: not a gray or
    /// YCbCr JPEG (see `ImageRowDecoder.readPlanes`), or linear-light mixing (which needs RGB).
    /// - Parameters:
    ///   - target: the resize's output size in upright axes.
    ///   - orientation: the EXIF orientation applied after the resize (1 = none).
    func runPlanar(_ decoder: ImageRowDecoder, target: (height: Int, width: Int), orientation: Int,
                   shape: [Int], context: PoolingContext) throws -> StreamedOutput? {
        guard !job.color.linear, let planes = try decoder.readPlanes() else { return nil }
        let metadata = try decoder.finish()
        var rest = Array(job.stages.stages.dropFirst())
        let swapped = orientation >= 5
        let (h, w) = swapped ? (target.width, target.height) : (target.height, target.width)
        var rows = 0..<h, cols = 0..<w
        // A crop right after the resize picks the window to compute, when the image needs no
        // turning (a turned window would be cut from other axes) and the crop fits.
        if orientation == 1, let crop = rest.first?.op as? Crop, case .once = rest[0].repetition,
           crop.height <= h, crop.width <= w, let origin = try? crop.origin(height: h, width: w) {
            rows = origin.y..<(origin.y + crop.height)
            cols = origin.x..<(origin.x + crop.width)
            rest.removeFirst()
        }
        var tensor = PlanarResize.resize(planes, height: h, width: w, rows: rows, cols: cols,
                                         filter: resize.filter, threads: context.threads)
        if orientation != 1 { tensor = tensor.applyingOrientation(orientation) }
        if !rest.isEmpty { tensor = try StageList(stages: rest).apply(tensor, color: job.color, context: context) }
        return StreamedOutput(tensor: tensor, metadata: metadata, inputShape: shape)
    }
}
