import ArgumentParser
import Foundation
import ImageTensor
#if os(Linux) && canImport(Glibc)
/// glibc's `int mallopt(int param, int value)` (not in the Glibc module); parameters from
/// <malloc.h>: `M_MMAP_THRESHOLD` −3, `M_ARENA_MAX` −8.
@_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
import ImageCodecs
import Inspect
import Pipeline
import Pooling

/// `poolpipe inspect IMAGE... -o DIR --stages A [--stages B ...]`: an HTML report comparing
/// stage lists on each image (or a built-in `--pattern`), stage by stage, with a zoom,
/// PSNR, SSIM, per-channel means, times and optional spectra, plus `DIR/sheet.png`.
///
/// Exit status: 0 every input was read and every list ran; 1 an input could not be read, a
/// file could not be written, or a list could not run on an image (the page still shows
/// the others and the stages before the failing one); 2 a usage error (no or invalid stage
/// list, bad option), nothing written.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Compare stage lists on images: an HTML report with zoom, metrics and spectra, and a contact sheet.",
        discussion: """
        Writes DIR/index.html (open it in any browser, offline), DIR/sheet.png and DIR/img/. \
        Each image gets a section; each --stages list is one row; each stage one column, \
        shown scaled to the page and enlarged pixel-exact in a zoom region (click a picture \
        to move it), with a difference heat map, PSNR and SSIM against the source (over \
        premultiplied RGBA when there is alpha), per-channel means and time.

        Examples:
          poolpipe inspect cat.png -o out --stages 'avg(4)' --stages blur
          poolpipe inspect --pattern zoneplate -o zp --stages 'avg(4)' --spectrum
        """
    )

    @Argument(help: "The images (PNG, JPEG or .npy); none with --pattern.")
    var images: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: "The folder to write the report into.")
    var output: String

    @Option(name: .customLong("stages"), help: "A stage list; repeat for several rows.")
    var stages: [String] = []

    @Option(help: "A built-in test image instead of (or besides) files: zoneplate, checker or stripes.")
    var pattern: String?

    @Option(help: "Side of the --pattern image in pixels.")
    var patternSize: Int = 512

    @Option(help: "The zoom region Y,X,H,W in source pixels (default: the most detailed 64×64 square).")
    var region: String?

    @Flag(help: "Show each picture's log-magnitude Fourier spectrum beside it.")
    var spectrum = false

    @Flag(help: "Pool mixing ops in linear light (sRGB decoded before, encoded after).")
    var linear = false

    @Option(help: "premultiplied or straight: whether alpha weights colour in mixing ops.")
    var alpha: String = ColorOptions.Alpha.premultiplied.rawValue

    @Flag(help: "Keep the stored pixel order instead of applying the EXIF orientation.")
    var noAutorotate = false

    @Option(help: "Threads for the pooling kernels (default: all cores).")
    var jobs: Int?

    @Option(help: "Reject images with more pixels than this, from the header (0 = no limit).")
    var maxPixels: Int = DecodeOptions.defaultMaxPixels

    func run() throws {
        #if os(Linux) && canImport(Glibc)
        // Large, short-lived buffers (stage outputs, PNG bytes) go straight to mmap and back
        // to the system when freed, and few malloc arenas are kept: on a 15-megapixel photo
        // this keeps the peak near the live size instead of growing by what arenas retain.
        _ = glibcMallopt(-3, 256 * 1024)
        _ = glibcMallopt(-8, 2)
        #endif
        guard let alphaMode = ColorOptions.Alpha(rawValue: alpha) else {
            throw CLIError.fail("--alpha must be premultiplied or straight, not \"\(alpha)\"", status: 2)
        }
        if let jobs, jobs < 1 { throw CLIError.fail("--jobs must be at least 1, not \(jobs)", status: 2) }
        if maxPixels < 0 { throw CLIError.fail("--max-pixels must be 0 or more, not \(maxPixels)", status: 2) }
        var inputs = images.map(InspectInput.file)
        if let pattern {
            guard let kind = TestPattern(rawValue: pattern) else {
                throw CLIError.fail("--pattern must be zoneplate, checker or stripes, not \"\(pattern)\"", status: 2)
            }
            guard (1...16384).contains(patternSize) else {
                throw CLIError.fail("--pattern-size must be 1 to 16384, not \(patternSize)", status: 2)
            }
            inputs.append(.pattern(kind, size: patternSize))
        }
        if inputs.isEmpty { throw CLIError.fail("inspect needs an image or --pattern", status: 2) }
        var zoom: Region?
        if let region {
            let parts = region.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, let y = parts[0], let x = parts[1], let h = parts[2], let w = parts[3],
                  y >= 0, x >= 0, h >= 1, w >= 1 else {
                throw CLIError.fail("--region must be Y,X,H,W (top, left, height, width; H and W at least 1), "
                                + "not \"\(region)\"", status: 2)
            }
            zoom = Region(y: y, x: x, height: h, width: w)
        }
        let options = InspectOptions(
            color: ColorOptions(alpha: alphaMode, linear: linear), decodeOptions: DecodeOptions(maxPixels: maxPixels),
            autorotate: !noAutorotate,
            context: PoolingContext(threads: jobs ?? ProcessorCount.active),
            generator: "poolpipe \(PoolPipeVersion.string)", region: zoom, spectrum: spectrum)
        let outcome: InspectionOutcome
        do {
            outcome = try Inspector.run(inputs: inputs, stageSpecs: stages, outputDirectory: output, options: options)
        } catch let error as InspectError {
            switch error {
            case .noStageLists, .invalidStageList: throw CLIError.fail(error.description, status: 2)
            default: throw CLIError.fail(error.description, status: 1)
            }
        }
        let stageCount = outcome.reports.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.stages.count } }
        let lists = stages.count
        print("wrote \(output)/\(outcome.htmlFile) and \(output)/\(outcome.sheetFile) "
              + "(\(outcome.reports.count) image\(outcome.reports.count == 1 ? "" : "s"), "
              + "\(lists) list\(lists == 1 ? "" : "s"), \(stageCount) stage outputs)")
        for failure in outcome.failures {
            CLIError.print("\(failure)")
        }
        for report in outcome.reports {
            for (i, row) in report.rows.enumerated() {
                guard let reason = row.error else { continue }
                CLIError.print("\(report.source.path): list \(i + 1): \(reason)")
            }
        }
        if !outcome.succeeded { throw ExitCode(1) }
    }
}
