import Foundation
import Testing
import ImageTensor
import Pooling
@testable import Pipeline

/// The pieces of dataset outputs: tar headers, keys, labels, normalisation, sample encoding,
/// and the fused `resize | crop`.
@Suite struct DatasetFormatTests {
    static func tensor(_ h: Int, _ w: Int, _ c: Int, seed: UInt64 = 7) -> Tensor {
        var state = seed
        return Tensor(height: h, width: w, channels: c, data: (0..<(h * w * c)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        })
    }

    @Test(arguments: ["resize(short=20) | crop(16)", "resize(13x31, filter=bicubic) | crop(9x20, at=bottom-right)",
                      "resize(long=40, filter=box) | crop(7, at=top-left)", "avg(2) | resize(short=11) | crop(11x5, at=left) | max(2)",
                      "resize(40x50, filter=bilinear) | crop(33x17, at=top)"])
    func fusedResizeCropHasTheSameBitsAsTheTwoStages(spec: String) throws {
        let list = try StageList.parse(spec)
        for (h, w, c) in [(37, 53, 3), (60, 29, 4), (25, 25, 1)] {
            let input = Self.tensor(h, w, c)
            for color in [ColorOptions(), ColorOptions(alpha: .straight, linear: true)] {
                // Watching every stage's output turns the fusion off.
                let oneByOne = try list.apply(input, color: color, onStage: { _, _, _ in })
                let fused = try list.apply(input, color: color)
                #expect(fused == oneByOne, "\(spec) on \(h)×\(w)×\(c)")
            }
        }
    }

    @Test func tarHeadersAreUstarWithFixedMetadata() throws {
        let h = try TarWriter.header(name: "cat/a.npy", size: 1000)
        #expect(h.count == 512)
        #expect(String(decoding: h[0..<9], as: UTF8.self) == "cat/a.npy")
        #expect(String(decoding: h[100..<107], as: UTF8.self) == "0000644")
        #expect(String(decoding: h[124..<135], as: UTF8.self) == "00000001750")   // 1000 in octal
        #expect(String(decoding: h[136..<147], as: UTF8.self) == "00000000000")
        #expect(String(decoding: h[257..<263], as: UTF8.self) == "ustar\0")
        var blanked = h
        for i in 148..<156 { blanked[i] = 32 }
        let sum = blanked.reduce(0) { $0 + Int($1) }
        #expect(String(decoding: h[148..<154], as: UTF8.self) == String(repeating: "0", count: 6 - String(sum, radix: 8).count) + String(sum, radix: 8))

        let long = String(repeating: "d", count: 120) + "/" + String(repeating: "f", count: 90) + ".json"
        let split = try TarWriter.header(name: long, size: 1)
        #expect(String(decoding: split[345..<465], as: UTF8.self) == String(repeating: "d", count: 120))
        #expect(String(decoding: split[0..<95], as: UTF8.self) == String(repeating: "f", count: 90) + ".json")
        #expect(throws: DatasetSampleError.self) { try TarWriter.header(name: String(repeating: "x", count: 101), size: 1) }

        var archive: [UInt8] = []
        try TarWriter.appendMember(name: "k.cls", content: Array("3".utf8), to: &archive)
        #expect(archive.count == 1024 && archive[512] == UInt8(ascii: "3") && archive[513...].allSatisfy { $0 == 0 })
    }

    @Test(arguments: [("cat/IMG_0001.v2.jpg", "cat/IMG_0001_v2"), ("a.png", "a"), ("x.y/b.c.d.npy", "x.y/b_c_d"),
                      ("noext", "noext")])
    func keysHaveNoDotInTheFileName(path: String, key: String) {
        #expect(SampleKey.key(relativeOutput: path) == key)
    }

    @Test func plainKeysEqualFoundationKeys() {
        // Paths the fast rule takes must give Foundation's key; the others are left to
        // Foundation (which is not called on them here: it traps on some).
        let odd = [".hidden.npy", ".npy", "a.", "dir/.npy", "a/./b.npy", "a/../b.npy", "a//b.npy", "/abs/b.npy", "a/b/",
                   "a/b.n-y", "a/b.n y", "ü/é.npy", "noext", "..", ".", ""]
        for p in odd { #expect(SampleKey.plainKey(p) == nil, "\(p)") }
        var paths = ["a.npy", "cat/IMG_0001.v2.npy", "x.y/b.c.d.npy", "a..npy", "a b/c d.e f.npy", "a/b.NPY", "a/b.tar.gz",
                     "a/..b.npy", "a/b..npy", "a.b/c.d", "a/b/c/d.e.f.g.png"]
        var state: UInt64 = 3
        let alphabet = Array("ab._- .1Z")
        for _ in 0..<3000 {
            var components: [String] = []
            for _ in 0..<(1 + Int(state >> 62)) {
                var c = ""
                for _ in 0..<(1 + Int(state >> 60)) {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    c.append(alphabet[Int(state >> 33) % alphabet.count])
                }
                components.append(c)
            }
            paths.append(components.joined(separator: "/"))
        }
        var taken = 0
        for p in paths {
            guard let fast = SampleKey.plainKey(p) else { continue }
            taken += 1
            #expect(fast == SampleKey.foundationKey(p), "\(p)")
        }
        #expect(taken > 200)
        #expect(SampleKey.key(relativeOutput: "cat/IMG_0001.v2.npy") == "cat/IMG_0001_v2")
    }

    @Test func labelsAreFirstFoldersSortedByName() {
        func item(_ rel: String, direct: Bool = false) -> InputItem {
            InputItem(displayPath: rel, absolutePath: "/d/" + rel, relativePath: rel, namedDirectly: direct)
        }
        let items = [item("zebra/1.png"), item("Ant/x/2.png"), item("ant/3.png"), item("top.png"), item("b.png", direct: true)]
        let map = LabelMap(items: items, skipsFolderName: false)
        #expect(map.classes == ["Ant", "ant", "zebra"])
        #expect(map.label(of: items[1])?.label == 0 && map.label(of: items[0])?.label == 2)
        #expect(map.label(of: items[3]) == nil && map.label(of: items[4]) == nil)
        #expect(map.json == "{\"classes\": [\"Ant\", \"ant\", \"zebra\"], \"labels\": {\"Ant\": 0, \"ant\": 1, \"zebra\": 2}}\n")
        let prefixed = LabelMap(items: [item("train/cat/1.png")], skipsFolderName: true)
        #expect(prefixed.classes == ["cat"])
    }

    @Test func normalizationParses() throws {
        #expect(try Normalization.parse("imagenet") == .imagenet)
        #expect(try Normalization.parse("0.5/0.25") == Normalization(mean: [0.5], std: [0.25]))
        #expect(try Normalization.parse("1,2,3/4") == Normalization(mean: [1, 2, 3], std: [4]))
        for bad in ["0.5", "a/b", "1/0", "1,2/3,4,5", "1,2,3,4,5/1"] {
            #expect(throws: DatasetOptionsError.self, "\(bad)") { try Normalization.parse(bad) }
        }
    }

    @Test func samplesTakeDtypeLayoutAndNormalization() throws {
        let t = Tensor(height: 1, width: 2, channels: 3, data: [0.5 / 255, 1.5 / 255, 1.2, -0.1, 0.2, 1])
        let bytes = try SampleEncoder(dtype: .uint8).npyFile(t)
        #expect(bytes.count == 128 + 6)
        #expect(Array(bytes[128...]) == [1, 2, 255, 0, 51, 255])
        let header = String(decoding: bytes[10..<128], as: UTF8.self)
        #expect(header.hasPrefix("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3), }") && header.hasSuffix(" \n"))

        var payload: [UInt8] = []
        try SampleEncoder(dtype: .float32, layout: .chw, normalization: Normalization(mean: [0.5], std: [2])).appendPayload(t, to: &payload)
        let floats = stride(from: 0, to: payload.count, by: 4).map { i in
            Float(bitPattern: UInt32(payload[i]) | UInt32(payload[i + 1]) << 8 | UInt32(payload[i + 2]) << 16 | UInt32(payload[i + 3]) << 24)
        }
        let expected: [Float] = [0, 3, 1, 4, 2, 5].map { (t.data[$0] - 0.5) / 2 }   // C, H, W order
        #expect(floats == expected)

        var half: [UInt8] = []
        try SampleEncoder(dtype: .float16).appendPayload(Tensor(height: 1, width: 1, channels: 1, data: [1.0 + 1.0 / 2048]), to: &half)
        #expect(half == [0x00, 0x3C])   // a tie rounds to even: 1.0
        #expect(throws: DatasetSampleError.channelMismatch(values: 2, channels: 3)) {
            var out: [UInt8] = []
            try SampleEncoder(normalization: Normalization(mean: [0, 0], std: [1, 1])).appendPayload(t, to: &out)
        }
    }

    @Test func quantisationEqualsTheScalarRuleAcrossFloats() {
        var bits = Float(-0.01).bitPattern
        var checked = 0
        func scalar(_ v: Float) -> UInt8 {
            let t = min(max(v, 0), 1) * 255
            let whole = Int32(t)
            return UInt8(whole + (t - Float(whole) >= 0.5 ? 1 : 0))
        }
        // Negative floats count down in bit pattern towards zero, then up through [0, 1.01].
        while Float(bitPattern: bits) < 0 && bits > 0x8000_0000 {
            let v = Float(bitPattern: bits)
            if SampleKernels.quantize(v) != scalar(v) { Issue.record("\(v)"); return }
            bits = bits > 0x8000_0000 + 4099 ? bits - 4099 : 0x8000_0000
            checked += 1
        }
        bits = 0
        while Float(bitPattern: bits) <= 1.01 {
            let v = Float(bitPattern: bits)
            if SampleKernels.quantize(v) != scalar(v) { Issue.record("\(v)"); return }
            // Every float near the rounding edges k/255 ± 0.5/255, a stride elsewhere.
            bits += abs(v * 255 - (v * 255).rounded(.down) - 0.5) < 1e-3 ? 1 : 97
            checked += 1
        }
        #expect(SampleKernels.quantize(.nan) == 0 && SampleKernels.quantize(.infinity) == 255)
        #expect(checked > 1_000_000)
    }
}
