import Foundation
import ImageTensor
import Pipeline
import Pooling

/// The inspection of one source: every list run, every stage measured and drawn.
struct ImageJob {
    let input: InspectInput
    /// 1-based position among the inputs, and the file-name prefix of its pictures.
    let number: Int
    let prefix: String
    let source: Tensor
    let lists: [(spec: String, list: StageList)]
    let options: InspectOptions
    let files: ReportFiles

    /// Runs every list; returns the report and the rendered, labelled contact sheet.
    /// - Throws: `InspectError.writeFailed`, `.encodeFailed`, `.spectrumFailed`, `.fontUnavailable`.
    func run(_ loaded: Inspector.LoadedSource, fonts: SheetFonts) throws -> (InspectionReport, Tensor) {
        let writer = BackgroundWriter(files: files)
        let sourceFile: String
        if case let .file(path) = input, let ext = loaded.copyableExtension {
            sourceFile = "img/\(prefix)source.\(ext)"
            try files.copy(path, to: sourceFile)
        } else {
            sourceFile = "img/\(prefix)source.png"
            writer.writePNG(source, to: sourceFile, what: "the source image", level: Inspector.pngLevel)
        }
        let sourceSpectrum = options.spectrum ? "img/\(prefix)source-spectrum.png" : nil
        if let sourceSpectrum {
            writer.writePNG(try Spectrum.picture(source), to: sourceSpectrum, what: "the source's spectrum",
                            level: Inspector.pngLevel)
        }
        let shape = HTMLReport.shapeText(source.shape)
        var sheet = ContactSheet(sourceHeight: source.height, sourceWidth: source.width,
                                 title: "\(number). \(input.label) — \(shape)",
                                 rowLabels: lists.enumerated().map { "\($0 + 1). \($1.spec.trimmingCharacters(in: .whitespaces))" },
                                 columns: 1 + lists.map(\.list.stages.count).max()!)
        let prelude = SourcePrelude(source, region: options.region, sheet: sheet)
        let sourceCell = prelude.cellPicture
        sheet.zoom = (prelude.region, ContactSheet.zoomScale(prelude.region))
        sheet.title += " · zoom \(prelude.region) (Y,X,H,W) ×\(ContactSheet.zoomScale(prelude.region))"
        let sourceZoom = sheet.zoomPicture(source, sourceHeight: source.height, sourceWidth: source.width)
        var rows: [InspectionReport.Row] = []
        var heatBlock = 1
        for (r, entry) in lists.enumerated() {
            sheet.place(picture: sourceCell, zoom: sourceZoom, caption: ["source", shape], row: r, column: 0)
            rows.append(try runRow(entry.list, spec: entry.spec, number: r + 1, sheet: &sheet,
                                   heatBlock: &heatBlock, writer: writer))
        }
        try writer.finish()
        let report = InspectionReport(
            source: .init(path: input.label, shape: source.shape, format: loaded.format, bitDepth: loaded.bitDepth,
                          channelMeans: prelude.channelMeans, imageFile: sourceFile,
                          spectrumFile: sourceSpectrum),
            rows: rows, region: prelude.region, heatBlock: heatBlock,
            colourHandling: Inspector.colourHandling(options.color, channels: source.channels),
            outputDirectory: files.root.path, generator: options.generator)
        return (report, try sheet.render(fonts: fonts))
    }

    /// Runs one list, writing each stage's pictures and placing it on the sheet.
    func runRow(_ list: StageList, spec: String, number: Int, sheet: inout ContactSheet,
                heatBlock: inout Int, writer: BackgroundWriter) throws -> InspectionReport.Row {
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
        var block = heatBlock
        defer { sheet = rowSheet; heatBlock = block }
        if !runnable.stages.isEmpty {
            do {
                _ = try runnable.apply(source, color: options.color, context: options.context) { i, output, seconds in
                    guard writeError == nil else { return }
                    do {
                        let (stage, comparison) = try measure(output, index: i + 1, row: number, seconds: seconds,
                                                              canonical: runnable.stages[i].canonical,
                                                              writer: writer)
                        stages.append(stage)
                        block = comparison.heatBlock
                        rowSheet.place(picture: rowSheet.cellPicture(output),
                                       zoom: rowSheet.zoomPicture(output, sourceHeight: source.height,
                                                                  sourceWidth: source.width),
                                       caption: ["\(i + 1). \(HTMLReport.shapeText(output.shape))",
                                                 "\(PSNR.format(stage.psnr)) · SSIM \(SSIM.format(stage.ssim))"],
                                       row: number - 1, column: i + 1)
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

    /// Writes one stage's pictures and computes its numbers.
    func measure(_ output: Tensor, index: Int, row: Int, seconds: Double, canonical: String,
                 writer: BackgroundWriter) throws -> (InspectionReport.Stage, Comparison) {
        let base = "img/\(prefix)row\(row)-stage\(index)"
        let what = "stage \(index) of list \(row)"
        let level = Inspector.pngLevel
        writer.writePNG(output, to: base + ".png", what: what, level: level)
        let comparison = Comparison.compare(output, scaledTo: source, heatMaxSide: Inspector.heatMapMaxSide)
        writer.writePNG(HeatMap.colourize(comparison.heat), to: base + "-heat.png",
                           what: "the heat map of \(what)", level: level)
        var alphaFile: String?
        if let alphaHeat = comparison.alphaHeat {
            alphaFile = base + "-alpha-heat.png"
            writer.writePNG(HeatMap.colourize(alphaHeat), to: alphaFile!, what: "the alpha heat map of \(what)",
                               level: level)
        }
        var spectrumFile: String?
        if options.spectrum {
            spectrumFile = base + "-spectrum.png"
            writer.writePNG(try Spectrum.picture(output), to: spectrumFile!, what: "the spectrum of \(what)",
                               level: level)
        }
        let stage = InspectionReport.Stage(
            index: index, canonical: canonical, shape: output.shape, psnr: comparison.psnr, ssim: comparison.ssim,
            channelMeans: ChannelStatistics.means(output), seconds: seconds, imageFile: base + ".png",
            heatMapFile: base + "-heat.png", alphaHeatMapFile: alphaFile, spectrumFile: spectrumFile)
        return (stage, comparison)
    }
}
