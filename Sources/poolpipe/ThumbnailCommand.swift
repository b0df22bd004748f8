import ArgumentParser
import Pipeline

/// `poolpipe thumbnail INPUT... -o OUT --size N [options]`.
struct ThumbnailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thumbnail",
        abstract: "Make thumbnails whose longest side is exactly --size, fast.",
        discussion: """
        The aspect ratio is kept (the short side is rounded, at least 1) and smaller images are \
        never enlarged. A JPEG is shrunk while decoding (libjpeg DCT scaling by 1/2, 1/4 or 1/8) \
        when that leaves at least a factor of two for the pooling after it; then avg(2, ceil=true) \
        runs while the longest side is at least 2×size, then adaptive_avg gives the exact size. \
        Rows are pooled as they leave the decoder, so no full-size Float32 image is held. \
        The thumbnail is turned upright (EXIF orientation) after pooling.

        --op max|min|median pools with that op instead (and never uses DCT scaling, which \
        averages); --exact turns DCT scaling off. Every option of 'run' applies.
          poolpipe thumbnail photos/ -o thumbs/ --size 256
          poolpipe thumbnail scans/ -o thumbs/ --size 512 --format png --exact
        """
    )

    @OptionGroup var batch: BatchCLIOptions

    @Option(help: "The longest side of every thumbnail, in pixels.")
    var size: Int

    @Option(help: "Pooling op: \(ThumbnailOp.allCases.map(\.rawValue).joined(separator: ", ")).")
    var op: String = ThumbnailOp.avg.rawValue

    @Flag(help: "No JPEG DCT scaling: pool every decoded sample.")
    var exact = false

    @Option(help: "A YAML or JSON file whose keys set long options (e.g. 'size: 256', 'format: png'); the command line wins.")
    var config: String?

    func validate() throws {
        guard size >= 1 else { throw ValidationError("--size must be at least 1, got \(size)") }
        guard ThumbnailOp(rawValue: op) != nil else {
            throw ValidationError("--op must be one of \(ThumbnailOp.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(op)\"")
        }
    }

    func run() throws {
        let spec = ThumbnailSpec(size: size, op: ThumbnailOp(rawValue: op) ?? .avg, exact: exact)
        try BatchCLI.execute(batch, job: ThumbnailJob(spec: spec, color: batch.colorOptions))
    }
}
