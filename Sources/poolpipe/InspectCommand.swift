import ArgumentParser
import Foundation
import ImageCodecs
import Inspect
import Pipeline
import Pooling

/// `poolpipe inspect IMAGE -o DIR --stages A [--stages B ...]`: an HTML report comparing
/// stage lists on one image, stage by stage, with PSNR, SSIM, per-channel means and times,
/// plus `DIR/sheet.png`.
///
/// Exit status: 0 every list ran; 1 the image could not be read, a file could not be
/// written, or a list could not run on this image (the page still shows the others and
/// the stages before the failing one); 2 a usage error (no or invalid stage list, bad
/// option), nothing written.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Compare stage lists on one image: an HTML report with metrics, and a contact sheet.",
        discussion: """
        Writes DIR/index.html (open it in any browser, offline), DIR/sheet.png and DIR/img/. \
        Each --stages list is one row; each stage one column, shown at its own size and \
        enlarged back to the source size (nearest neighbour), with a difference heat map, \
        PSNR and SSIM against the source, per-channel means and time.

        Example: poolpipe inspect cat.png -o out --stages 'avg(4)' --stages blur
        """
    )

    @Argument(help: "The image (PNG, JPEG or .npy).")
    var image: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "The folder to write the report into.")
    var output: String

    @Option(name: .customLong("stages"), help: "A stage list; repeat for several rows.")
    var stages: [String] = []

    @Flag(help: "Pool mixing ops in linear light (sRGB decoded before, encoded after).")
    var linear = false

    @Option(help: "premultiplied or straight: whether alpha weights colour in mixing ops.")
    var alpha: String = ColorOptions.Alpha.premultiplied.rawValue

    @Flag(help: "Keep the stored pixel order instead of applying the EXIF orientation.")
    var noAutorotate = false

    @Option(help: "Threads for the pooling kernels (default: all cores).")
    var jobs: Int?

    @Option(help: "Reject images with more pixels than this, from the header (0 = no limit).")
    var maxPixels: Int = 178_956_970

    func run() throws {
        guard let alphaMode = ColorOptions.Alpha(rawValue: alpha) else {
            throw CLIError.fail("--alpha must be premultiplied or straight, not \"\(alpha)\"", status: 2)
        }
        if let jobs, jobs < 1 { throw CLIError.fail("--jobs must be at least 1, not \(jobs)", status: 2) }
        if maxPixels < 0 { throw CLIError.fail("--max-pixels must be 0 or more, not \(maxPixels)", status: 2) }
        let report: InspectionReport
        do {
            report = try Inspector.run(
                imagePath: image, stageSpecs: stages, outputDirectory: output,
                color: ColorOptions(alpha: alphaMode, linear: linear),
                decodeOptions: DecodeOptions(maxPixels: maxPixels), autorotate: !noAutorotate,
                context: PoolingContext(threads: jobs ?? ProcessInfo.processInfo.activeProcessorCount),
                generator: "poolpipe \(PoolPipeVersion.string)")
        } catch let error as InspectError {
            switch error {
            case .noStageLists, .invalidStageList: throw CLIError.fail(error.description, status: 2)
            default: throw CLIError.fail(error.description, status: 1)
            }
        }
        let stageCount = report.rows.reduce(0) { $0 + $1.stages.count }
        print("wrote \(output)/\(report.htmlFile) and \(output)/\(report.sheetFile) "
              + "(\(report.rows.count) list\(report.rows.count == 1 ? "" : "s"), \(stageCount) stage outputs)")
        var failed = false
        for (i, row) in report.rows.enumerated() {
            guard let reason = row.error else { continue }
            CLIError.print("\(image): list \(i + 1): \(reason)")
            failed = true
        }
        if failed { throw ExitCode(1) }
    }
}
