import Foundation
import Testing
import ImageCodecs

/// The programs in Examples/ are built with the package; these tests run them on images/.
@Suite struct ExamplesCLITests {
    private func example(_ name: String) -> URL {
        PoolPipeBinary.url.deletingLastPathComponent().appendingPathComponent(name)
    }

    private func run(_ name: String, _ arguments: [String]) throws -> ProcessResult {
        let binary = example(name)
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "\(name) was not built")
        return try runProcess(binary, arguments)
    }

    @Test func thumbnailGalleryWritesThumbnailsAndAPage() throws {
        let dir = try makeTemporaryDirectory("example-gallery")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run("ThumbnailGallery", [repositoryRoot.appendingPathComponent("images").path, dir.path, "64"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("rocket.png") && page.contains("decoded at 1/2"))   // 640 → 320 leaves 3 × 64 for lanczos
        let header = try ImageDecoder.header(path: dir.appendingPathComponent("rocket-exif6.png").path)
        #expect(header.width == 64 && header.height == 43, "upright and 64 px on the long side")
    }

    @Test func prepareDatasetWritesNpyTensorsAndAManifest() throws {
        let dir = try makeTemporaryDirectory("example-dataset")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run("PrepareDataset", [repositoryRoot.appendingPathComponent("images").path, dir.path,
                                           "avg(2, until=128) | adaptive_avg(32x32)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("processed 8, skipped 0, failed 0"))
        let tensor = try ImageDecoder.decode(path: dir.appendingPathComponent("coffee.npy").path).tensor
        #expect(tensor.shape == [32, 32, 3])
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("manifest.jsonl").path))
    }

    @Test func packDatasetWritesLabelledShardsThatWebDatasetReads() throws {
        let dir = try makeTemporaryDirectory("example-pack")
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = repositoryRoot.appendingPathComponent("images")
        let labelled = dir.appendingPathComponent("labelled"), out = dir.appendingPathComponent("shards")
        for (name, cls) in [("coffee.png", "png"), ("chelsea.png", "png"), ("camera.png", "png"),
                            ("rocket.jpg", "jpeg"), ("rocket-exif6.jpg", "jpeg")] {
            let folder = labelled.appendingPathComponent(cls)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: images.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let r = try run("PackDataset", [labelled.path, out.path, "2", "resize(short=48) | crop(40)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("5 images in 2 classes") && r.stdout.contains("processed 5, skipped 0, failed 0"))
        let read = try RunFixtures.python("""
        import sys, glob, webdataset as wds
        for s in wds.WebDataset(sorted(glob.glob(sys.argv[1] + '/shard-*.tar')), shardshuffle=False).decode():
            print(s['__key__'], s['cls'], s['npy'].shape, s['npy'].dtype)
        """, [out.path])
        #expect(read.split(separator: "\n") == [
            "jpeg/rocket-exif6 0 (40, 40, 3) uint8", "jpeg/rocket 0 (40, 40, 3) uint8",
            "png/camera 1 (40, 40, 1) uint8", "png/chelsea 1 (40, 40, 3) uint8", "png/coffee 1 (40, 40, 3) uint8",
        ])
    }

    @Test func customStageRunsAnOpRegisteredFromOutside() throws {
        let dir = try makeTemporaryDirectory("example-custom")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("coffee.png")
        let r = try run("CustomStage", [repositoryRoot.appendingPathComponent("images/coffee.png").path, out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try ImageDecoder.header(path: out.path).width > 0)
        // The outside op streams, and its banded result equals the whole-image one.
        #expect(r.stdout.contains("midrange streams: true"), "\(r.stdout)")
        #expect(r.stdout.contains("streamed equals whole image: true"), "\(r.stdout)")
    }
}
