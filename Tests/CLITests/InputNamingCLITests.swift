import Foundation
import Testing

@Suite("poolpipe run: names from the path as given, one tree per input folder")
struct InputNamingCLITests {
    /// Links to many `screenshot.jpg` files keep their own names (no collision).
    @Test func aSymbolicLinkIsNamedByItsOwnName() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("photos"), names: ["x/screenshot.jpg", "y/screenshot.jpg"])
        let links = tmp.appendingPathComponent("links")
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        for (name, target) in [("a.jpg", "x"), ("b.jpg", "y")] {
            try FileManager.default.createSymbolicLink(atPath: links.appendingPathComponent(name).path,
                                                       withDestinationPath: "../photos/\(target)/screenshot.jpg")
        }
        let before = InputSnapshot([tmp.appendingPathComponent("photos")])
        let direct = try PoolPipeBinary.run(["run", "links/a.jpg", "links/b.jpg", "-o", "o1", "--stages", "avg(2)"], cwd: tmp)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(RunFixtures.files(tmp.appendingPathComponent("o1")) == ["a.jpg", "b.jpg", "manifest.jsonl"])
        // A link in the current folder, named directly (the case that came out as screenshot.jpg).
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("c.jpg").path,
                                                   withDestinationPath: "photos/x/screenshot.jpg")
        let here = try PoolPipeBinary.run(["run", "c.jpg", "-o", "o3", "--stages", "avg(2)"], cwd: tmp)
        #expect(here.status == 0, "\(here.stderr)")
        #expect(RunFixtures.files(tmp.appendingPathComponent("o3")) == ["c.jpg", "manifest.jsonl"])
        // A linked folder among several keeps the link's name under OUT.
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("shots").path,
                                                   withDestinationPath: "photos/y")
        let folders = try PoolPipeBinary.run(["run", "shots", "links", "-o", "o4", "--stages", "avg(2)"], cwd: tmp)
        #expect(folders.status == 0, "\(folders.stderr)")
        #expect(RunFixtures.files(tmp.appendingPathComponent("o4")) == ["links/a.jpg", "links/b.jpg", "manifest.jsonl", "shots/screenshot.jpg"])
        let walked = try PoolPipeBinary.run(["run", "links", "-o", "o2", "--stages", "avg(2)", "--format", "npy"], cwd: tmp)
        #expect(walked.status == 0, "\(walked.stderr)")
        #expect(RunFixtures.files(tmp.appendingPathComponent("o2")) == ["a.npy", "b.npy", "manifest.jsonl"])
        #expect(InputSnapshot([tmp.appendingPathComponent("photos")]) == before)
    }

    /// `run data/train data/val -o out` keeps the split: `out/train/…` and `out/val/…`.
    @Test func severalFoldersEachGoUnderTheirName() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let data = tmp.appendingPathComponent("data")
        try RunFixtures.writeImages(data, names: ["train/cat/1.png", "train/dog/2.png", "val/cat/1.png"])
        let r = try PoolPipeBinary.run(["run", "data/train", "data/val/", "-o", "out", "--stages", "avg(2)"], cwd: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("processed 3, skipped 0, failed 0 in "))
        #expect(RunFixtures.files(tmp.appendingPathComponent("out"))
                == ["manifest.jsonl", "train/cat/1.png", "train/dog/2.png", "val/cat/1.png"])
        let dry = try PoolPipeBinary.run(["run", "data/train", "data/val", "-o", "out", "--stages", "avg(2)", "--dry-run", "--force"], cwd: tmp)
        #expect(dry.stdout == """
            data/train/cat/1.png -> out/train/cat/1.png
            data/train/dog/2.png -> out/train/dog/2.png
            data/val/cat/1.png -> out/val/cat/1.png

            """)
        // One folder keeps the plain layout.
        let one = try PoolPipeBinary.run(["run", "data/train", "-o", "single", "--stages", "avg(2)", "--dry-run"], cwd: tmp)
        #expect(one.stdout == "data/train/cat/1.png -> single/cat/1.png\ndata/train/dog/2.png -> single/dog/2.png\n")
    }

    @Test func twoFoldersWithTheSameNameAreAUsageError() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp, names: ["a/train/1.png", "b/train/1.png"])
        let r = try PoolPipeBinary.run(["run", "a/train", "b/train", "-o", "out", "--stages", "avg(2)"], cwd: tmp)
        #expect(r.status == 2)
        #expect(r.stderr == "poolpipe: error: input folders a/train and b/train are both named \"train\"; with several input folders each goes to OUT/<folder name>/, so give folders with different names (or run them one at a time)\n")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out").path))
    }
}
