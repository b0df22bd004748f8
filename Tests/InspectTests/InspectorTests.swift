import Foundation
import Testing
@testable import ImageCodecs
import ImageTensor
@testable import Inspect

/// End-to-end library runs on small synthetic PNGs written with the project's encoder.
@Suite struct InspectorTests {
    static func withImage(_ t: Tensor, _ body: (String, String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("in.png").path
        let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: .png, bitDepth: 8))
        try Data(bytes).write(to: URL(fileURLWithPath: png))
        try body(png, dir.appendingPathComponent("report").path)
    }

    /// 0/1 checkerboard (exact in 8 bits), 12×16.
    static let checkerboard: Tensor = {
        var t = Tensor(height: 12, width: 16, channels: 1)
        for y in 0..<12 { for x in 0..<16 { t[y, x, 0] = Float((x + y) % 2) } }
        return t
    }()

    /// avg(2) of a checkerboard is 0.5 everywhere: enlarged, every sample is off by 0.5,
    /// MSE 0.25, PSNR 10·log10(4) = 6.0206 dB; the channel mean is 0.5.
    /// max(2) of it is 1 everywhere: MSE 0.5, PSNR 10·log10(2) = 3.0103 dB.
    @Test func checkerboardNumbersByHand() throws {
        try Self.withImage(Self.checkerboard) { png, out in
            let report = try Inspector.run(imagePath: png, stageSpecs: ["avg(2) | max(2)", "max(2)"],
                                           outputDirectory: out)
            #expect(report.rows.count == 2)
            let avg = report.rows[0].stages[0], max1 = report.rows[0].stages[1], max2 = report.rows[1].stages[0]
            #expect(avg.shape == [6, 8, 1])
            #expect(abs(avg.psnr - 6.020599913279624) < 1e-9)
            #expect(avg.channelMeans == [0.5])
            #expect(max1.shape == [3, 4, 1])
            #expect(max1.channelMeans == [0.5]) // max of a constant 0.5 image
            #expect(abs(max2.psnr - 3.010299956639812) < 1e-9)
            #expect(max2.channelMeans == [1])
            // SSIM of a constant 1 image against the checkerboard: μy = 1, σy = σxy = 0, so
            // SSIM = (2μx + C1) / (μx² + 1 + C1) · C2 / (σx² + C2) — below 0.01 here.
            #expect(try #require(max2.ssim) < 0.01)
            #expect(report.succeeded)
            for file in report.imageFiles + ["index.html", "sheet.png"] {
                #expect(FileManager.default.fileExists(atPath: out + "/" + file), "missing \(file)")
            }
            let own = try ImageDecoder.decode(path: out + "/" + avg.imageFile).tensor
            #expect(own.shape == [6, 8, 1])
            #expect(own.data.allSatisfy { $0 == 128.0 / 255 })
            // Heat map: |0.5 − 0/1| = 0.5 everywhere, at the ramp's position √0.5.
            let heat = try ImageDecoder.decode(path: out + "/" + avg.heatMapFile).tensor
            #expect(heat.shape == [12, 16, 3])
            let (r, _, _) = HeatMap.colour(at: HeatMap.position(0.5))
            #expect(abs(heat[5, 5, 0] - (r * 255).rounded() / 255) < 1e-6)
            // Sheet: 3 columns of at least 190 px, 10 px padding.
            let sheet = try ImageDecoder.decode(path: out + "/sheet.png").tensor
            #expect(sheet.width == 10 + 3 * (190 + 10) && sheet.channels == 3)
            #expect(report.region == Region(y: 0, x: 0, height: 12, width: 12))
        }
    }

    /// Constant 2×2 blocks survive avg(2) and enlarging unchanged: PSNR ∞, SSIM 1.
    @Test func blockImageIsReproducedExactly() throws {
        var t = Tensor(height: 16, width: 14, channels: 3)
        for y in 0..<16 { for x in 0..<14 { for c in 0..<3 { t[y, x, c] = Float((y / 2 * 3 + x / 2 * 5 + c) % 7) / 6 } } }
        try Self.withImage(t) { png, out in
            let report = try Inspector.run(imagePath: png, stageSpecs: ["avg(2)"], outputDirectory: out)
            let s = report.rows[0].stages[0]
            #expect(s.psnr == .infinity)
            #expect(abs(try #require(s.ssim) - 1) < 1e-6)
            #expect(HTMLReport.render(report).contains("∞"))
        }
    }

    /// A list that cannot run on this size keeps the stages before the failing one.
    @Test func listThatCannotRunKeepsItsPrefix() throws {
        try Self.withImage(Self.checkerboard) { png, out in
            let report = try Inspector.run(imagePath: png, stageSpecs: ["avg(2) | avg(50)", "max(2)"],
                                           outputDirectory: out)
            #expect(report.rows[0].stages.count == 1)
            let error = try #require(report.rows[0].error)
            #expect(error.contains("stage 2"))
            #expect(report.rows[1].error == nil)
            #expect(!report.succeeded)
            let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
            #expect(html.contains("Stopped:"))
        }
    }

    @Test func invalidListWritesNothing() throws {
        try Self.withImage(Self.checkerboard) { png, out in
            #expect(throws: InspectError.self) {
                try Inspector.run(imagePath: png, stageSpecs: ["avg(2)", "avg(2) | nope(3)"], outputDirectory: out)
            }
            do {
                _ = try Inspector.run(imagePath: png, stageSpecs: ["avg(2)", "avg(2) | nope(3)"], outputDirectory: out)
            } catch let InspectError.invalidStageList(index, spec, reason) {
                #expect(index == 2 && spec == "avg(2) | nope(3)")
                #expect(reason.contains("nope"))
            }
            #expect(!FileManager.default.fileExists(atPath: out))
            #expect(throws: InspectError.noStageLists) {
                try Inspector.run(imagePath: png, stageSpecs: [], outputDirectory: out)
            }
        }
    }

    @Test func unreadableImageIsADecodeError() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)").path
        do {
            _ = try Inspector.run(imagePath: "/nonexistent/x.png", stageSpecs: ["avg(2)"], outputDirectory: out)
            Issue.record("decoding a missing file succeeded")
        } catch let InspectError.decodeFailed(path, reason) {
            #expect(path == "/nonexistent/x.png")
            #expect(!reason.isEmpty)
        }
    }
}

@Suite struct InspectorInputsTests {
    /// A pattern and a missing file in one run: the pattern is inspected, the file reported.
    @Test func patternAndMissingFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let outcome = try Inspector.run(inputs: [.file("/nonexistent/x.png"), .pattern(.zoneplate, size: 64)],
                                        stageSpecs: ["max(4)", "avg(4)"], outputDirectory: out,
                                        options: InspectOptions(region: Region(y: 0, x: 0, height: 16, width: 16),
                                                                spectrum: true))
        #expect(outcome.failures.count == 1 && outcome.failures[0].description.hasPrefix("/nonexistent/x.png"))
        #expect(!outcome.succeeded)
        let report = try #require(outcome.reports.first)
        #expect(report.source.path == "zoneplate 64×64 (built-in)" && report.source.shape == [64, 64, 1])
        #expect(report.source.imageFile == "img/2-source.png")
        #expect(report.source.spectrumFile == "img/2-source-spectrum.png")
        for file in report.imageFiles + ["index.html", "sheet.png"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "missing \(file)")
        }
        // max pooling brightens the zone plate, avg pooling keeps its mean.
        #expect(report.rows[0].stages[0].channelMeans[0] > 0.8)
        #expect(abs(report.rows[1].stages[0].channelMeans[0] - report.source.channelMeans[0]) < 1e-4)
    }

    @Test func regionOutsideTheImageIsReported() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let outcome = try Inspector.run(inputs: [.pattern(.checker, size: 32)], stageSpecs: ["avg(2)"],
                                        outputDirectory: out,
                                        options: InspectOptions(region: Region(y: 20, x: 0, height: 16, width: 16)))
        #expect(outcome.reports.isEmpty)
        #expect(outcome.failures.map(\.description) == [
            "checker 32×32 (built-in): --region 20,0,16,16 (Y,X,H,W) is not inside the 32×32 image"])
    }
}
