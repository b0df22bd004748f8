import Foundation
import Testing

/// `--pack tar|npy`, `--dtype`, `--layout`, `--normalize`, `--labels folder`: read back with the
/// `webdataset` package and `numpy.load(mmap_mode="r")`, values checked against numpy.
@Suite("poolpipe run: datasets for training")
struct DatasetPackCLITests {
    /// A labelled image folder: three class folders (one with a dot in its name), names with
    /// dots, PNG and JPEG, 20×28 RGB.
    static let names = ["cat/a.png", "cat/b.1.png", "cat/c.jpg", "dog/d.png", "dog/e.png", "dog/f.jpg",
                        "dog/g.png", "fish.x/h.png", "fish.x/i.png", "fish.x/sub/j.png", "fish.x/k.png"]

    static let stages = ["--stages", "resize(short=16) | crop(12)"]

    /// Python: `matches(source, got, want)` in levels of 255: equal for PNG sources; for
    /// JPEGs, which packs resize from their planes, a mean within one level and 30 dB
    /// (random-noise colours out of gamut are clipped after the resize, not before).
    static let matchesRule = """
    def matches(source, got, want):
        if not source.endswith('.jpg'):
            return np.array_equal(got, want)
        d = np.abs(np.asarray(got, np.float64) - np.asarray(want, np.float64))
        return d.mean() <= 1 and 10 * np.log10(255 ** 2 / (d ** 2).mean()) >= 30
    """

    /// Checks every tar shard in `out` against per-file float32 outputs of the same stages in
    /// `ref`: tar metadata, member order, keys, labels, counts per shard, uint8 values
    /// (`matchesRule`).
    static let checkShards = """
    import sys, os, glob, json, tarfile, numpy as np, webdataset as wds
    \(matchesRule)
    inp, out, ref, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    rels = sorted(os.path.relpath(os.path.join(d, f), inp) for d, _, fs in os.walk(inp) for f in fs)
    def key(r):
        d, b = os.path.split(os.path.splitext(r)[0])
        return os.path.join(d, b.replace('.', '_'))
    classes = json.load(open(os.path.join(out, 'classes.json')))['classes']
    assert classes == sorted({r.split('/')[0] for r in rels}), classes
    shards = sorted(glob.glob(os.path.join(out, 'shard-*.tar')))
    assert len(shards) == (len(rels) + size - 1) // size, shards
    names = []
    for i, s in enumerate(shards):
        with tarfile.open(s) as t:
            ms = t.getmembers()
        for m in ms:
            assert m.isfile() and m.uid == 0 and m.gid == 0 and m.mtime == 0 and m.mode == 0o644, m
        assert len(ms) == 3 * (size if i < len(shards) - 1 else len(rels) - size * i), (s, len(ms))
        names += [m.name for m in ms]
    expected = [key(r) + e for r in rels for e in ('.cls', '.json', '.npy')]
    assert names == expected, (names, expected)
    seen = []
    for s in wds.WebDataset(shards, shardshuffle=False).decode():
        k = s['__key__']
        seen.append(k)
        meta, a = s['json'], s['npy']
        cls = meta['source'].split('/')[0]
        assert s['cls'] == classes.index(cls) == meta['label'] and meta['class'] == cls, meta
        assert a.dtype == np.uint8 and a.shape == (12, 12, 3) and meta['shape'] == [12, 12, 3], (a.dtype, a.shape)
        r = np.load(os.path.join(ref, os.path.splitext(meta['source'])[0] + '.npy'))
        t = np.clip(r, 0, 1).astype(np.float32) * np.float32(255)
        want = (np.floor(t) + ((t - np.floor(t)) >= 0.5)).astype(np.uint8)
        assert matches(meta['source'], a, want), k
    assert seen == [key(r) for r in rels], seen
    print(len(seen))
    """

    /// Writes `names` as 20×28 images (Python) under `tmp/train`, the input of every test here.
    static func writeTrainingFolder(_ tmp: URL) throws -> URL {
        let input = tmp.appendingPathComponent("train")
        try RunFixtures.writeImages(input, names: names, height: 20, width: 28)
        return input
    }

    @Test func tarShardsReadWithWebDatasetMatchNumpy() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.writeTrainingFolder(tmp)
        let out = tmp.appendingPathComponent("shards"), ref = tmp.appendingPathComponent("ref")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "tar", "--shard-size", "4",
                                        "--dtype", "uint8", "--labels", "folder", "--jobs", "2"] + Self.stages)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("processed 11, skipped 0, failed 0"))
        let dry = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "tar", "--shard-size", "4",
                                          "--labels", "folder", "--dry-run"] + Self.stages)
        #expect(dry.stdout.contains("cat/b.1.png -> \(out.path)/shard-000000.tar#cat/b_1\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("fish.x/sub/j.png -> \(out.path)/shard-000002.tar#fish.x/sub/j\n"), "\(dry.stdout)")
        let f = try PoolPipeBinary.run(["run", input.path, "-o", ref.path, "--format", "npy"] + Self.stages)
        #expect(f.status == 0, "\(f.stderr)")
        let checked = try RunFixtures.python(Self.checkShards, [input.path, out.path, ref.path, "4"])
        #expect(checked.trimmingCharacters(in: .whitespacesAndNewlines) == "11")
        // Every record names its shard; a rerun skips every shard.
        let records = try RunFixtures.lastRecords(out.appendingPathComponent("manifest.jsonl"))
        #expect(records.count == 11)
        #expect(records.values.allSatisfy { ($0["output"] as? String)?.hasPrefix(out.path + "/shard-00000") == true })
        let again = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "tar", "--shard-size", "4",
                                            "--dtype", "uint8", "--labels", "folder"] + Self.stages)
        #expect(again.stdout.contains("processed 0, skipped 11, failed 0"))
    }

    @Test func clusterShardsNameTheirFilesAndShareClasses() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.writeTrainingFolder(tmp)
        let out = tmp.appendingPathComponent("shards")
        var total = 0
        for k in 0..<2 {
            let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "tar", "--shard-size", "3",
                                            "--labels", "folder", "--shard", "\(k)/2"] + Self.stages)
            #expect(r.status == 0, "\(r.stderr)")
            let files = RunFixtures.files(out).filter { $0.hasPrefix("shard-\(k)-of-2-") && $0.hasSuffix(".tar") }
            #expect(!files.isEmpty && files.first == "shard-\(k)-of-2-000000.tar")
            total += try RunFixtures.manifest(out.appendingPathComponent("manifest-\(k)-of-2.jsonl")).filter { $0["input"] != nil }.count
        }
        #expect(total == Self.names.count)
        let counted = try RunFixtures.python("""
        import sys, glob, json, webdataset as wds
        classes = json.load(open(sys.argv[1] + '/classes.json'))['classes']
        n = 0
        for s in wds.WebDataset(sorted(glob.glob(sys.argv[1] + '/shard-*-of-2-*.tar')), shardshuffle=False).decode():
            assert classes[s['cls']] == s['__key__'].split('/')[0]
            assert s['npy'].dtype.name == 'float32' and s['npy'].shape == (12, 12, 3)
            n += 1
        print(n, len(classes))
        """, [out.path])
        #expect(counted.trimmingCharacters(in: .whitespacesAndNewlines) == "11 3")
    }

    @Test func npyPackIsOneMemoryMappableArrayWithIndex() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = try Self.writeTrainingFolder(tmp)
        let out = tmp.appendingPathComponent("packed"), ref = tmp.appendingPathComponent("ref")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "npy", "--dtype", "float16",
                                        "--layout", "chw", "--normalize", "imagenet", "--labels", "folder"] + Self.stages)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", ref.path, "--format", "npy"] + Self.stages).status == 0)
        let checked = try RunFixtures.python("""
        import sys, os, json, numpy as np
        \(Self.matchesRule)
        out, ref = sys.argv[1], sys.argv[2]
        a = np.load(os.path.join(out, 'data.npy'), mmap_mode='r')
        assert isinstance(a, np.memmap) and a.dtype == np.float16 and a.shape == (11, 3, 12, 12), (a.dtype, a.shape)
        classes = json.load(open(os.path.join(out, 'classes.json')))['classes']
        rows = [json.loads(l) for l in open(os.path.join(out, 'index.jsonl'))]
        assert [r['row'] for r in rows] == list(range(11))
        mean = np.array([0.485, 0.456, 0.406], np.float32); std = np.array([0.229, 0.224, 0.225], np.float32)
        for r in rows:
            assert classes[r['label']] == r['class'] == r['source'].split('/')[0]
            x = np.load(os.path.join(ref, os.path.splitext(r['source'])[0] + '.npy'))
            want = ((x - mean) / std).astype(np.float16).transpose(2, 0, 1)
            # Compared in levels of 255: the normalisation undone.
            assert matches(r['source'], a[r['row']].astype(np.float32) * std[:, None, None] * 255,
                           want.astype(np.float32) * std[:, None, None] * 255), r
        print(len(rows))
        """, [out.path, ref.path])
        #expect(checked.trimmingCharacters(in: .whitespacesAndNewlines) == "11")
    }

    @Test func npyPackFailsAnInputWhoseShapeDiffers() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["a.png", "c.png"], height: 8, width: 8)
        try RunFixtures.writeImages(input, names: ["b.png"], height: 8, width: 12)
        let out = tmp.appendingPathComponent("out")
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "npy", "--stages", "avg(2)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("b.png: output shape [4, 6, 3] differs from the first row's [4, 4, 3]"), "\(r.stderr)")
        let shape = try RunFixtures.python("""
        import sys, numpy as np
        a = np.load(sys.argv[1], mmap_mode='r'); print(a.shape, a.dtype)
        """, [out.appendingPathComponent("data.npy").path])
        #expect(shape.trimmingCharacters(in: .whitespacesAndNewlines) == "(2, 4, 4, 3) float32")
        // A cluster shard writes an array of its own.
        let k = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--pack", "npy", "--stages", "avg(2)",
                                        "--shard", "0/2"])
        #expect(k.status <= 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("data-0-of-2.npy").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index-0-of-2.jsonl").path))
    }

    @Test func perFileNpyTakesDtypeLayoutAndNormalize() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in")
        try RunFixtures.writeImages(input, names: ["a.png", "s/b.jpg"], height: 10, width: 14)
        let plain = tmp.appendingPathComponent("plain"), half = tmp.appendingPathComponent("half")
        let bytes = tmp.appendingPathComponent("bytes")
        let base = ["--format", "npy", "--stages", "avg(2)"]
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", plain.path] + base).status == 0)
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", half.path, "--dtype", "float16", "--layout", "chw",
                                        "--normalize", "0.5/0.25"] + base).status == 0)
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", bytes.path, "--dtype", "uint8"] + base).status == 0)
        let ok = try RunFixtures.python("""
        import sys, numpy as np
        plain, half, byts = sys.argv[1:4]
        for name in ('a.npy', 's/b.npy'):
            x = np.load(plain + '/' + name)
            h = np.load(half + '/' + name)
            assert h.dtype == np.float16 and np.array_equal(h, ((x - np.float32(0.5)) / np.float32(0.25)).astype(np.float16).transpose(2, 0, 1))
            b = np.load(byts + '/' + name)
            t = np.clip(x, 0, 1) * np.float32(255)
            assert b.dtype == np.uint8 and np.array_equal(b, (np.floor(t) + ((t - np.floor(t)) >= 0.5)).astype(np.uint8))
        print('ok')
        """, [plain.path, half.path, bytes.path])
        #expect(ok.contains("ok"))
    }

    @Test(arguments: [
        (["--pack", "tar", "--dtype", "uint8", "--normalize", "imagenet"], "--normalize gives values outside 0...1"),
        (["--format", "png", "--dtype", "float16"], "--dtype, --layout and --normalize apply to .npy outputs"),
        (["--labels", "folder"], "--labels needs --pack tar or --pack npy"),
        (["--pack", "zip"], "--pack \"zip\" is not tar, npy"),
        (["--pack", "npy", "--format", "png"], "--pack npy writes one .npy array"),
        (["--normalize", "1,2/3,4,5"], "2 means but 3 standard deviations"),
        (["--pack", "tar", "--shard-size", "0"], "--shard-size 0 must be at least 1"),
    ])
    func usageMistakesExit2(extra: [String], message: String) throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp.appendingPathComponent("in"), names: ["c/a.png"])
        let r = try PoolPipeBinary.run(["run", tmp.appendingPathComponent("in").path, "-o",
                                        tmp.appendingPathComponent("out").path, "--stages", "avg(2)"] + extra)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func numpyFloat64AndFloat16InputsAreTakenAsIs() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in"), out = tmp.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try RunFixtures.python("""
        import sys, numpy as np
        rng = np.random.default_rng(3)
        np.save(sys.argv[1] + '/d.npy', rng.random((6, 8, 3)) * 2 - 0.5)
        np.save(sys.argv[1] + '/h.npy', (rng.random((6, 8)) * 3).astype(np.float16))
        """, [input.path])
        let r = try PoolPipeBinary.run(["run", input.path, "-o", out.path, "--stages", "avg(2)"])
        #expect(r.status == 0, "\(r.stderr)")
        let ok = try RunFixtures.python("""
        import sys, numpy as np
        inp, out = sys.argv[1:3]
        for n in ('d', 'h'):
            x = np.load(inp + '/' + n + '.npy').astype(np.float32)
            x = x if x.ndim == 3 else x[:, :, None]
            want = x.reshape(3, 2, 4, 2, x.shape[2]).mean(axis=(1, 3), dtype=np.float64)
            got = np.load(out + '/' + n + '.npy')
            assert got.dtype == np.float32 and got.shape == want.shape and np.allclose(got, want, atol=1e-6), n
        print('ok')
        """, [input.path, out.path])
        #expect(ok.contains("ok"))
    }

    @Test func jpegsShrinkOnLoadBeforeALargeResizeWithin40dB() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in/photos")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["rocket.jpg", "rocket-exif6.jpg"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("images/" + name),
                                             to: input.appendingPathComponent(name))
        }
        let fast = tmp.appendingPathComponent("fast"), exact = tmp.appendingPathComponent("exact")
        let args = ["--stages", "resize(long=64) | crop(40)", "--pack", "npy"]
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", fast.path] + args).status == 0)
        #expect(try PoolPipeBinary.run(["run", input.path, "-o", exact.path, "--exact-resize"] + args).status == 0)
        // 640×427 → 64×43: decoded at 1/2 (a resize factor of 5 left), not 1/4 (2.5).
        let scales = try RunFixtures.lastRecords(fast.appendingPathComponent("manifest.jsonl")).values
            .map { ($0["decode"] as? [String: Any])?["dct_scale"] as? Int }
        #expect(scales == [2, 2])
        let exactScales = try RunFixtures.lastRecords(exact.appendingPathComponent("manifest.jsonl")).values
            .map { ($0["decode"] as? [String: Any])?["dct_scale"] as? Int }
        #expect(exactScales == [1, 1])
        let psnr = try RunFixtures.python("""
        import sys, numpy as np
        a = np.load(sys.argv[1] + '/data.npy', mmap_mode='r'); b = np.load(sys.argv[2] + '/data.npy', mmap_mode='r')
        assert a.shape == b.shape == (2, 40, 40, 3), (a.shape, b.shape)
        print(min(10 * np.log10(1 / np.mean((np.clip(x, 0, 1) - np.clip(y, 0, 1)) ** 2)) for x, y in zip(a, b)))
        """, [fast.path, exact.path])
        #expect((Double(psnr.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) >= 40, "\(psnr)")
    }
}
