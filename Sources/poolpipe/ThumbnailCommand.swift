import ArgumentParser
import Pipeline

/// `poolpipe thumbnail INPUT... -o OUT --size N [options]`.
struct ThumbnailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thumbnail",
        abstract: "Make thumbnails that fit in --size (or fill it with --crop), fast and faithful.",
        discussion: """
        --size N: the longest side becomes exactly N; --size HxW: the image fits inside that \
        box. The aspect ratio is kept (the other side is rounded, at least 1) and smaller \
        images are never enlarged. --crop fills the box exactly instead: resize to cover it, \
        then cut its centre.

        The default (--op lanczos) is made to look like vipsthumbnail's: a JPEG is shrunk \
        while decoding (libjpeg DCT scaling by 1/2, 1/4 or 1/8) when that leaves a factor of \
        at least three, avg(2, ceil=true) passes run while they leave that factor, and \
        resize(filter=lanczos) gives the exact size. Rows are pooled as they leave the \
        decoder, so no full-size Float32 image is held. The thumbnail is turned upright \
        (EXIF orientation) after resizing.

        --op avg is pure average pooling (avg(2) passes, then resize(filter=box): each pixel \
        the exact mean of its footprint); --op max|min|median pool with that op and finish \
        with its adaptive form, never using DCT scaling (which averages). --exact turns DCT \
        scaling off. Every option of 'run' applies.
          poolpipe thumbnail photos/ -o thumbs/ --size 256
          poolpipe thumbnail photos/ -o squares/ --size 200 --crop
          poolpipe thumbnail scans/ -o thumbs/ --size 512x384 --format png --exact
        """
    )

    @OptionGroup var batch: BatchCLIOptions

    @Option(help: "The box: N (longest side exactly N) or HxW (fit inside H×W).")
    var size: String

    @Option(help: "Reduction: \(ThumbnailOp.allCases.map(\.rawValue).joined(separator: ", ")).")
    var op: String = ThumbnailOp.lanczos.rawValue

    @Flag(help: "No JPEG DCT scaling: reduce every decoded sample.")
    var exact = false

    @Flag(help: "Fill the box exactly: resize to cover it, then cut its centre.")
    var crop = false

    /// `--size` as height × width: `N` or `HxW` (`x`, `X` or `×`), each at least 1.
    var box: (height: Int, width: Int)? {
        let parts = size.split(whereSeparator: { $0 == "x" || $0 == "X" || $0 == "×" })
        if parts.count == 1, let n = Int(parts[0]), n >= 1 { return (n, n) }
        if parts.count == 2, let h = Int(parts[0]), let w = Int(parts[1]), h >= 1, w >= 1 { return (h, w) }
        return nil
    }

    func validate() throws {
        guard box != nil else {
            throw ValidationError("--size must be N or HxW with sides at least 1, got \"\(size)\"")
        }
        guard ThumbnailOp(rawValue: op) != nil else {
            throw ValidationError("--op must be one of \(ThumbnailOp.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(op)\"")
        }
    }

    func run() throws {
        let (height, width) = box ?? (1, 1)
        let spec = ThumbnailSpec(height: height, width: width, op: ThumbnailOp(rawValue: op) ?? .lanczos,
                                 exact: exact, crop: crop)
        try BatchCLI.execute(batch, job: ThumbnailJob(spec: spec, color: batch.colorOptions))
    }
}
