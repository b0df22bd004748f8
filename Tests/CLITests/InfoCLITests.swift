import Foundation
import Testing

/// `poolpipe info`: one line per good file, an error line per bad one, exit status 1 if any failed.
@Suite struct InfoCLITests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/ImageCodecsTests/Fixtures")

    @Test func describesGoodFilesAndReportsBadOnes() throws {
        let dir = try makeTemporaryDirectory("info-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let notImage = dir.appendingPathComponent("notes.png")
        try Data("GIF89a, really".utf8).write(to: notImage)
        let jpeg = Self.fixtures.appendingPathComponent("jpeg/video-001.progressive.jpeg").path
        let png = Self.fixtures.appendingPathComponent("pngsuite/basi3p08-trns.png").path
        let missing = dir.appendingPathComponent("missing.jpg").path

        let r = try PoolPipeBinary.run(["info", jpeg, notImage.path, png, missing])
        #expect(r.status == 1)
        #expect(!r.signalled)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(jpeg): JPEG 103×150 (H×W), 3 channels (ycbcr), 8-bit, progressive, no ICC, orientation 1",
            "\(png): PNG 32×32 (H×W), 4 channels (palette), 8-bit, interlaced (Adam7), no ICC, orientation 1",
        ])
        let errors = r.stderr.split(separator: "\n").map(String.init)
        #expect(errors == [
            "poolpipe: error: \(notImage.path): not a PNG, JPEG or NPY file (starts with 47 49 46 38)",
            "poolpipe: error: \(missing): no such file",
        ])
    }

    @Test func allGoodExitsZeroAndShowsICC() throws {
        let dir = try makeTemporaryDirectory("info-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A JPEG carrying an ICC profile and EXIF orientation 6, built from a fixture.
        var jpeg = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("jpeg/video-005.gray.jpeg")))
        let icc = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("srgb.icc")))
        let app2 = Array("ICC_PROFILE".utf8) + [0, 1, 1] + icc
        let tiff: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
            [0xFF, marker, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body
        }
        jpeg = [0xFF, 0xD8] + segment(0xE1, app1) + segment(0xE2, app2) + Array(jpeg[2...])
        let path = dir.appendingPathComponent("tagged.jpg").path
        try Data(jpeg).write(to: URL(fileURLWithPath: path))

        let r = try PoolPipeBinary.run(["info", path])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == "\(path): JPEG 103×150 (H×W), 1 channel (gray), 8-bit, baseline, ICC \(icc.count) bytes \"sRGB built-in\", orientation 6\n")
    }
}
