import Foundation
import ImageCodecs
import ImageTensor
import Pipeline
import Pooling

/// Runs an inspection: one image through several stage lists, every stage measured
/// against the source and drawn, written as `index.html`, `sheet.png` and `img/*.png`.
public enum Inspector {
    /// Heat maps of larger sources are stored scaled down to this longest side.
    public static let heatMapMaxSide = 1024
    /// The page's copy of a larger source is scaled down to this longest side (the views
    /// are 256 CSS pixels; encoding a full-size photo as PNG would dominate the run).
    public static let sourcePreviewMaxSide = 2048

    /// The source as the page shows it: itself, or area-scaled to `sourcePreviewMaxSide`.
    static func preview(_ source: Tensor) -> Tensor {
        let longest = max(source.height, source.width)
        guard longest > sourcePreviewMaxSide else { return source }
        let s = Double(sourcePreviewMaxSide) / Double(longest)
        return AreaDownscale.resize(source, height: max(1, Int((Double(source.height) * s).rounded())),
                                    width: max(1, Int((Double(source.width) * s).rounded())))
    }

    /// Decodes `imagePath`, applies each stage list, and writes into `outputDirectory`:
    /// `img/source.png` (scaled down to `sourcePreviewMaxSide` when larger); per list `r` (1-based) and stage `s` (1-based)
    /// `img/row<r>-stage<s>.png` (output at its own size), `…-enlarged.png` (nearest
    /// neighbour back to the source size) and `…-heat.png` (difference heat map, at the
    /// source size up to `heatMapMaxSide`, area-scaled down beyond);
    /// `sheet.png` (the grid as one picture) and `index.html`.
    ///
    /// Every list is parsed before anything is decoded or written. A list that cannot run
    /// on this image (e.g. an output below 1×1 at stage 3) keeps the stages before the
    /// failing one and records the reason in `Row.error`; the others still run.
    ///
    /// - Parameters:
    ///   - color: colour handling while pooling (premultiplied alpha, linear light).
    ///   - decodeOptions: limits for the decoder.
    ///   - autorotate: apply the EXIF orientation first, so the source is upright (default).
    ///   - context: threads for the pooling kernels.
    ///   - generator: the name and version written into the page.
    /// - Throws: `InspectError.noStageLists`, `.invalidStageList` (nothing written),
    ///   `.decodeFailed`, `.unsupportedChannels`, `.writeFailed`, `.encodeFailed`.
    public static func run(imagePath: String, stageSpecs: [String], outputDirectory: String,
                           color: ColorOptions = ColorOptions(), decodeOptions: DecodeOptions = DecodeOptions(),
                           autorotate: Bool = true,
                           context: PoolingContext = PoolingContext(threads: ProcessInfo.processInfo.activeProcessorCount),
                           generator: String = "poolpipe") throws -> InspectionReport {
        let lists = try parse(stageSpecs)
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(path: imagePath, options: decodeOptions)
        } catch {
            throw InspectError.decodeFailed(path: imagePath, reason: String(describing: error))
        }
        let orientation = decoded.metadata.orientation
        let source = autorotate && orientation != 1 ? decoded.tensor.applyingOrientation(orientation) : decoded.tensor
        guard (1...4).contains(source.channels) else { throw InspectError.unsupportedChannels(source.channels) }

        let files = try ReportFiles(root: outputDirectory)
        try files.writePNG(preview(source), to: "img/source.png", what: "the source image")
        let reference = ComparableImage.make(source)
        var sheet = ContactSheet(sourceHeight: source.height, sourceWidth: source.width, rows: lists.count,
                                 columns: 1 + lists.map(\.list.stages.count).max()!)
        var rows: [InspectionReport.Row] = []
        for (r, entry) in lists.enumerated() {
            sheet.place(source, row: r, column: 0)
            rows.append(try runRow(entry.list, spec: entry.spec, number: r + 1, source: source,
                                   reference: reference, color: color, context: context,
                                   files: files, sheet: &sheet))
        }
        try files.writePNG(sheet.tensor, to: "sheet.png", what: "the contact sheet")

        let report = InspectionReport(
            source: .init(path: imagePath, shape: source.shape, format: decoded.metadata.format.rawValue,
                          bitDepth: decoded.metadata.bitDepth, channelMeans: ChannelStatistics.means(source),
                          imageFile: "img/source.png"),
            rows: rows, colourHandling: colourHandling(color, channels: source.channels),
            outputDirectory: outputDirectory, generator: generator)
        try files.writeText(HTMLReport.render(report), to: report.htmlFile)
        return report
    }

    /// Parses every list, numbering them from 1 in errors.
    static func parse(_ specs: [String]) throws -> [(spec: String, list: StageList)] {
        guard !specs.isEmpty else { throw InspectError.noStageLists }
        return try specs.enumerated().map { i, spec in
            do {
                return (spec, try StageList.parse(spec))
            } catch {
                throw InspectError.invalidStageList(index: i + 1, spec: spec, reason: String(describing: error))
            }
        }
    }

    /// Runs one list, writing each stage's pictures and placing it on the sheet.
    static func runRow(_ list: StageList, spec: String, number: Int, source: Tensor, reference: Tensor,
                       color: ColorOptions, context: PoolingContext, files: ReportFiles,
                       sheet: inout ContactSheet) throws -> InspectionReport.Row {
        // Find how far the list can run on this size; keep the stages before a failing one.
        var runnable = list
        var rowError: String?
        do {
            _ = try list.steps(height: source.height, width: source.width)
        } catch {
            rowError = String(describing: error)
            let failing = (error as? StageListError)?.stageIndex ?? 1
            runnable = StageList(stages: Array(list.stages.prefix(max(0, failing - 1))))
        }
        var stages: [InspectionReport.Stage] = []
        var writeError: Error?
        var rowSheet = sheet
        defer { sheet = rowSheet }
        if !runnable.stages.isEmpty {
            do {
                _ = try runnable.apply(source, color: color, context: context) { i, output, seconds in
                    guard writeError == nil else { return }
                    do {
                        let (stage, enlarged) = try measure(output, index: i + 1, row: number, seconds: seconds,
                                                            canonical: runnable.stages[i].canonical,
                                                            source: source, reference: reference, files: files)
                        stages.append(stage)
                        rowSheet.place(enlarged, row: number - 1, column: i + 1)
                    } catch {
                        writeError = error
                    }
                }
            } catch {
                rowError = String(describing: error)
            }
        }
        if let writeError { throw writeError }
        return InspectionReport.Row(spec: spec, canonical: list.canonical, stages: stages, error: rowError)
    }

    /// Writes one stage's pictures and computes its numbers; returns them with the enlarged output.
    static func measure(_ output: Tensor, index: Int, row: Int, seconds: Double, canonical: String,
                        source: Tensor, reference: Tensor,
                        files: ReportFiles) throws -> (InspectionReport.Stage, Tensor) {
        let base = "img/row\(row)-stage\(index)"
        let enlarged = NearestNeighbour.resize(output, height: source.height, width: source.width)
        let comparable = ComparableImage.make(enlarged)
        let heat = try HeatMap.render(comparable: comparable, against: reference, maxSide: heatMapMaxSide)
        try files.writePNG(output, to: base + ".png", what: "stage \(index) of list \(row)")
        try files.writePNG(enlarged, to: base + "-enlarged.png", what: "stage \(index) of list \(row), enlarged")
        try files.writePNG(heat, to: base + "-heat.png", what: "the heat map of stage \(index) of list \(row)")
        let stage = InspectionReport.Stage(
            index: index, canonical: canonical, shape: output.shape,
            psnr: try PSNR.compute(comparable, reference), ssim: try SSIM.compute(comparable, reference),
            channelMeans: ChannelStatistics.means(output), seconds: seconds,
            imageFile: base + ".png", enlargedFile: base + "-enlarged.png", heatMapFile: base + "-heat.png")
        return (stage, enlarged)
    }

    /// How colour was pooled, in words, for the page.
    public static func colourHandling(_ color: ColorOptions, channels: Int) -> String {
        var parts = [color.linear ? "averages in linear light (sRGB decoded before, encoded after)"
                                  : "averages on the stored sRGB values"]
        if channels == 2 || channels == 4 {
            parts.append(color.alpha == .premultiplied ? "colour weighted by alpha (premultiplied)"
                                                       : "colour and alpha pooled independently (straight)")
        }
        return parts.joined(separator: ", ")
    }
}
