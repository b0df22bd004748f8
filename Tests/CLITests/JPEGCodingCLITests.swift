import Foundation
import Testing

/// `--optimize-coding`: optimised Huffman tables make a JPEG no larger and change no pixel
/// (read back by Pillow and libjpeg-turbo's `djpeg`); the default writes libjpeg's standard
/// tables, as cjpeg, Pillow and vipsthumbnail do. The manifest records the choice.
@Suite struct JPEGCodingCLITests {
    func image(_ name: String) -> String { repositoryRoot.appendingPathComponent("images/\(name)").path }

    /// Runs `poolpipe run` on `input` to JPEG with `flags`; returns the output file and the
    /// manifest's `settings`.
    func encode(_ input: String, into out: URL, _ flags: [String]) throws -> (URL, String) {
        let r = try PoolPipeBinary.run(["run", input, "-o", out.path, "--stages", "avg(2)", "--format", "jpeg"] + flags)
        #expect(r.status == 0, "\(r.stderr)")
        let record = try #require(try RunFixtures.manifest(out.appendingPathComponent("manifest.jsonl")).last)
        let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        return (out.appendingPathComponent(stem + ".jpg"), record["settings"] as? String ?? "")
    }

    @Test(arguments: [("coffee.png", [String]()), ("camera.png", []), ("chelsea.png", ["--subsample", "444"]),
                      ("coffee.png", ["--quality", "75"])])
    func optimisedTablesShrinkTheFileAndKeepEveryPixel(input: String, extra: [String]) throws {
        let dir = try makeTemporaryDirectory("jpeg-coding")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (plain, plainSettings) = try encode(image(input), into: dir.appendingPathComponent("plain"), extra)
        let (optimised, optimisedSettings) = try encode(image(input), into: dir.appendingPathComponent("opt"),
                                                        extra + ["--optimize-coding"])
        #expect(!plainSettings.contains("optimize_coding"))
        #expect(optimisedSettings.contains(" optimize_coding=true "), "\(optimisedSettings)")
        let plainSize = try #require(RunFixtures.bytes(plain)).count
        let optimisedSize = try #require(RunFixtures.bytes(optimised)).count
        #expect(optimisedSize <= plainSize)
        #expect(optimisedSize > plainSize * 8 / 10)
        // Huffman coding is lossless: both decode to the same pixels (Pillow), and libjpeg-turbo
        // reads both without a warning.
        let same = try RunFixtures.python("""
        import sys, numpy as np
        from PIL import Image
        a, b = (np.asarray(Image.open(p)) for p in sys.argv[1:3])
        print(a.shape == b.shape and bool((a == b).all()))
        """, [plain.path, optimised.path])
        #expect(same.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
        for file in [plain, optimised] {
            let djpeg = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["djpeg", "-outfile", "/dev/null", file.path])
            #expect(djpeg.status == 0 && djpeg.stderr.isEmpty, "\(djpeg.stderr)")
        }
    }

    /// Progressive JPEG always has optimised tables, with or without the flag.
    @Test func progressiveIsTheSameWithOrWithoutTheFlag() throws {
        let dir = try makeTemporaryDirectory("jpeg-coding")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, _) = try encode(image("coffee.png"), into: dir.appendingPathComponent("a"), ["--progressive"])
        let (b, _) = try encode(image("coffee.png"), into: dir.appendingPathComponent("b"), ["--progressive", "--optimize-coding"])
        #expect(RunFixtures.bytes(a) != nil && RunFixtures.bytes(a) == RunFixtures.bytes(b))
    }
}

/// Once-only options given twice are caught before parsing also through their short names,
/// for every command that has them, and the check that runs only when parsing fails still
/// names an unknown option with the closest valid one.
@Suite struct CommandLineCheckCLITests {
    @Test(arguments: [["run", "a.png", "--stages", "avg(2)"], ["thumbnail", "a.png"], ["inspect", "a.png"]])
    func outputGivenTwiceIsAUsageError(command: [String]) throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        for twice in [["-o", "x", "-o", "y"], ["--output", "x", "-o", "y"], ["-o", "x", "--output=y"]] {
            let r = try PoolPipeBinary.run(command + twice, cwd: tmp)
            #expect(r.status == 2)
            #expect(r.stderr == "poolpipe: error: --output is given twice; give it once\n", "\(r.stderr)")
        }
    }

    @Test func unknownOptionOfThumbnailGetsASuggestion() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try PoolPipeBinary.run(["thumbnail", "a.png", "-o", "out", "--sise", "64"], cwd: tmp)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("poolpipe: error: unknown option --sise; did you mean --size? (options of 'poolpipe thumbnail': --output "), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out").path))
    }
}
