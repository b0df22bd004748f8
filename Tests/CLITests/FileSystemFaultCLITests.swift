import Foundation
import Testing

/// `poolpipe run` against a hostile file system (PRODUCT.md §3): nothing is written outside
/// OUT, link loops end, unreadable inputs and unwritable outputs are reported with clear
/// errors, and a full disk leaves no partial file.
///
/// The tests run as root in CI, where `chmod 000` stops nothing; there the unreadable-file
/// test runs poolpipe as `nobody` through `setpriv`, and the full-disk and read-only tests
/// mount a tiny tmpfs inside a private mount namespace (`unshare --mount`), which vanishes
/// with the process, so no mount can leak onto the machine.
@Suite("poolpipe run against file-system faults")
struct FileSystemFaultCLITests {
    /// `.npy` inputs written with numpy (`python3`), no image library needed.
    static func writeArrays(_ dir: URL, _ shapes: [String: (Int, Int)]) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, (h, w)) in shapes {
            let r = try MeasuredRun.run(["python3", "-c", """
            import sys, numpy as np
            h, w = int(sys.argv[2]), int(sys.argv[3])
            np.save(sys.argv[1], (np.arange(h * w * 3, dtype=np.float32).reshape(h, w, 3) % 7) / 7)
            """, dir.appendingPathComponent(name).path, String(h), String(w)])
            guard r.status == 0 else { throw FaultError.setup("numpy: \(r.stderr)") }
        }
    }

    enum FaultError: Error, CustomStringConvertible {
        case setup(String)
        var description: String { if case .setup(let s) = self { return "test setup failed: \(s)" }; return "" }
    }

    /// Every file under `root`, relative, sorted (links not followed).
    static func files(_ root: URL) -> [String] { CorruptCorpusCLITests.files(root) }

    static func run(_ args: [String], timeout: Double = 120) throws -> MeasuredRun.Result {
        try MeasuredRun.run([PoolPipeBinary.url.path] + args, timeout: timeout)
    }

    static var isRoot: Bool { geteuid() == 0 }

    /// True when a tmpfs can be mounted in a private mount namespace (root with CAP_SYS_ADMIN).
    static let canMountPrivately: Bool = {
        guard isRoot, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = try? MeasuredRun.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                                          "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\"; s=$?; umount \"$d\" 2>/dev/null; rmdir \"$d\"; exit $s"],
                                         timeout: 30)
        return probe?.status == 0
    }()

    @Test func listEntriesCannotClimbOutAndAbsoluteOnesLandInsideOUT() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let work = tmp.appendingPathComponent("work"), out = tmp.appendingPathComponent("work/out")
        try Self.writeArrays(tmp.appendingPathComponent("outside"), ["x.npy": (6, 4)])
        try Self.writeArrays(work.appendingPathComponent("in"), ["y.npy": (6, 4)])
        let list = work.appendingPathComponent("list.txt")
        try "in/../../outside/x.npy\n".write(to: list, atomically: true, encoding: .utf8)
        let climbing = try Self.run(["run", "--files-from", list.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(climbing.status == 2, "\(climbing.stderr)")
        #expect(climbing.stderr.contains("climbs out of its folder with '..'"), "\(climbing.stderr)")
        #expect(Self.files(tmp.appendingPathComponent("outside")) == ["x.npy"])

        // Absolute entries count as files named directly: OUT/<stem>.npy, nothing beside the input.
        let absolute = tmp.appendingPathComponent("outside/x.npy").path
        try "\(absolute)\n# a comment\nin/y.npy\n".write(to: list, atomically: true, encoding: .utf8)
        let r = try MeasuredRun.run([PoolPipeBinary.url.path, "run", "--files-from", list.path, "-o", "out",
                                     "--stages", "avg(2)"], cwd: work)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.files(out) == ["in/y.npy", "manifest.jsonl", "x.npy"])
        #expect(Self.files(tmp.appendingPathComponent("outside")) == ["x.npy"])
    }

    @Test func aSymlinkedFolderInsideOUTIsNotWrittenThrough() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        let elsewhere = tmp.appendingPathComponent("elsewhere")
        try Self.writeArrays(input, ["top.npy": (4, 4)])
        try Self.writeArrays(input.appendingPathComponent("sub"), ["x.npy": (4, 4)])
        try Self.writeArrays(input.appendingPathComponent("sub/deeper"), ["z.npy": (4, 4)])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("sub"), withDestinationURL: elsewhere)
        let r = try Self.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("poolpipe: error: \(input.path)/sub/x.npy: "), "\(r.stderr)")
        #expect(r.stderr.contains("poolpipe: error: \(input.path)/sub/deeper/z.npy: "), "\(r.stderr)")
        #expect(r.stderr.contains("outside the output folder"))
        #expect(Self.files(elsewhere).isEmpty, "written through the link: \(Self.files(elsewhere))")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("top.npy").path))
    }

    @Test func linkLoopsEndAndBrokenLinksAndPipesAreReported() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try Self.writeArrays(input.appendingPathComponent("d"), ["good.npy": (4, 4)])
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("d/up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("d/again").path, withDestinationPath: input.path)
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("loop.png").path, withDestinationPath: "loop.png")
        try fm.createSymbolicLink(atPath: input.appendingPathComponent("gone.jpg").path, withDestinationPath: "nothing-here")
        let fifo = input.appendingPathComponent("pipe.npy").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let r = try Self.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"], timeout: 60)
        #expect(!r.timedOut && !r.signalled, "poolpipe hung or crashed on links and pipes")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(input.path)/loop.png: cannot read: symbolic link loop"), "\(r.stderr)")
        #expect(r.stderr.contains("\(input.path)/gone.jpg: cannot read: broken symbolic link"), "\(r.stderr)")
        #expect(r.stderr.contains("\(input.path)/pipe.npy: cannot read: a named pipe"), "\(r.stderr)")
        #expect(r.stdout.contains("processed 1, skipped 0, failed 3"), "\(r.stdout)")
        #expect(Self.files(out) == ["d/good.npy", "manifest.jsonl"])

        // A pipe named directly is opened without blocking: no writer reads as nothing.
        let direct = try Self.run(["run", fifo, "-o", tmp.appendingPathComponent("out2").path, "--stages", "avg(2)"], timeout: 60)
        #expect(!direct.timedOut, "poolpipe blocked opening a FIFO")
        #expect(direct.status == 1)
        #expect(direct.stderr.contains("\(fifo): cannot read the file (a named pipe with nothing written to it)"), "\(direct.stderr)")
        let device = try Self.run(["run", "/dev/zero", "-o", tmp.appendingPathComponent("out3").path, "--stages", "avg(2)"], timeout: 60)
        #expect(!device.timedOut && device.status == 1)
        #expect(device.stderr.contains("/dev/zero: cannot read the file (a device, not a file)"), "\(device.stderr)")
    }

    /// A 100 GB sparse file under an image name aborted the run when the allocation for its
    /// bytes failed; now it is refused from its size.
    @Test func aHugeFileIsRefusedFromItsSize() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let huge = tmp.appendingPathComponent("huge.npy")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let fh = try FileHandle(forWritingTo: huge)
        try fh.truncate(atOffset: 100 << 30)  // sparse: takes no disk
        try fh.close()
        let out = tmp.appendingPathComponent("out")
        let r = try Self.run(["run", huge.path, "-o", out.path, "--stages", "avg(2)"], timeout: 60)
        #expect(!r.signalled && !r.timedOut)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(huge.path): file too large: 107374182400 bytes, more than an image within --max-pixels can take"),
                "\(r.stderr)")
        #expect(r.maxRSSKiB < 1_048_576)
        let unlimited = try Self.run(["run", huge.path, "-o", out.path, "--stages", "avg(2)", "--max-pixels", "0"], timeout: 60)
        #expect(!unlimited.signalled && !unlimited.timedOut)
        #expect(unlimited.status == 1)
        #expect(unlimited.stderr.contains("\(huge.path): file too large to read into memory"), "\(unlimited.stderr)")
        #expect(Self.files(out) == ["manifest.jsonl"])
    }

    @Test func unreadableFilesAndFoldersAreReported() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer {
            _ = chmod(tmp.appendingPathComponent("in/locked").path, 0o755)
            try? FileManager.default.removeItem(at: tmp)
        }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try Self.writeArrays(input, ["ok.npy": (4, 4), "secret.npy": (4, 4)])
        try Self.writeArrays(input.appendingPathComponent("locked"), ["hidden.npy": (4, 4)])
        #expect(chmod(input.appendingPathComponent("secret.npy").path, 0o000) == 0)
        #expect(chmod(input.appendingPathComponent("locked").path, 0o000) == 0)
        var command = [PoolPipeBinary.url.path, "run", input.path, "-o", out.path, "--stages", "avg(2)"]
        if Self.isRoot {
            // Root reads through chmod 000: run poolpipe as nobody, who must reach the folders.
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            for dir in [tmp, input] { _ = chmod(dir.path, 0o777) }
            _ = chmod(input.appendingPathComponent("ok.npy").path, 0o644)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        let r = try MeasuredRun.run(command, timeout: 120)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(input.path)/secret.npy: cannot read the file (Permission denied)"), "\(r.stderr)")
        #expect(r.stderr.contains("\(input.path)/locked: cannot list folder"), "\(r.stderr)")
        #expect(Self.files(out) == ["manifest.jsonl", "ok.npy"])
    }

    @Test func anOutputFolderThatIsAFileOrHasAFileInTheWayFailsClearly() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try Self.writeArrays(input, ["a.npy": (4, 4)])
        try Self.writeArrays(input.appendingPathComponent("sub"), ["b.npy": (4, 4)])
        let notAFolder = tmp.appendingPathComponent("out-file")
        try "keep me".write(to: notAFolder, atomically: true, encoding: .utf8)
        let r = try Self.run(["run", input.path, "-o", notAFolder.path, "--stages", "avg(2)"])
        #expect(r.status == 2 || r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("poolpipe: error: "), "\(r.stderr)")
        #expect(r.stderr.contains(notAFolder.path), "\(r.stderr)")
        #expect(try String(contentsOf: notAFolder, encoding: .utf8) == "keep me")

        // OUT/sub is a file where a folder must go: that input fails, the other is written.
        let out = tmp.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "in the way".write(to: out.appendingPathComponent("sub"), atomically: true, encoding: .utf8)
        let partial = try Self.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(partial.status == 1, "\(partial.stderr)")
        #expect(partial.stderr.contains("poolpipe: error: \(input.path)/sub/b.npy: cannot create folder"), "\(partial.stderr)")
        #expect(Self.files(out) == ["a.npy", "manifest.jsonl", "sub"])
    }

    /// Runs `script` as root in a private mount namespace with `$IN`, `$OUT` and `$POOLPIPE`
    /// set; OUT is a mount point there. Returns the run and the script's stdout.
    static func inNamespace(_ script: String, input: URL, out: URL) throws -> MeasuredRun.Result {
        let full = """
        set -u
        IN='\(input.path)'; OUT='\(out.path)'; POOLPIPE='\(PoolPipeBinary.url.path)'
        \(script)
        """
        return try MeasuredRun.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", full], timeout: 120)
    }

    @Test(.enabled(if: FileSystemFaultCLITests.canMountPrivately, "needs root and unshare/mount"))
    func aFullDiskGivesAClearErrorAndLeavesNoPartialFile() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        // big: a 150×150×3 float32 output (270 KB) cannot fit a 64 KiB disk; small (2×2×3) can.
        try Self.writeArrays(input, ["big.npy": (300, 300), "small.npy": (4, 4)])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try Self.inNamespace("""
        mount -t tmpfs -o size=64k tmpfs "$OUT" || exit 99
        "$POOLPIPE" run "$IN" -o "$OUT" --stages 'avg(2)' --jobs 1 > /dev/null
        echo "status=$?"
        cd "$OUT" && find . -type f | sort
        for f in $(find . -name '*.npy'); do
            python3 -c 'import sys, numpy as np; np.load(sys.argv[1]); print("loads", sys.argv[1])' "$f" || echo "BROKEN $f"
        done
        """, input: input, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("status=1"), "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("poolpipe: error: \(input.path)/big.npy: "), "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(!r.stdout.contains("./big.npy"), "a partial big.npy was left: \(r.stdout)")
        #expect(!r.stdout.contains(".tmp-"), "a temporary was left: \(r.stdout)")
        #expect(!r.stdout.contains("BROKEN"), "\(r.stdout)")
        #expect(r.stdout.contains("loads ./small.npy"), "\(r.stdout)")
        // Outside the namespace OUT is the empty folder it was: nothing leaked past the mount.
        #expect(Self.files(out).isEmpty)
    }

    @Test(.enabled(if: FileSystemFaultCLITests.canMountPrivately, "needs root and unshare/mount"))
    func aReadOnlyOutputFolderGivesAClearError() throws {
        let tmp = try makeTemporaryDirectory("poolpipe-fs")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try Self.writeArrays(input, ["a.npy": (4, 4)])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try Self.inNamespace("""
        mount -t tmpfs -o ro,size=64k tmpfs "$OUT" || exit 99
        "$POOLPIPE" run "$IN" -o "$OUT" --stages 'avg(2)' > /dev/null
        echo "status=$?"
        find "$OUT" -type f | sort
        """, input: input, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("status=0"), "\(r.stdout)")
        #expect(r.stderr.contains("Read-only file system"), "\(r.stderr)")
        #expect(!r.stdout.contains(out.path + "/"), "files appeared on a read-only folder: \(r.stdout)")
    }
}
