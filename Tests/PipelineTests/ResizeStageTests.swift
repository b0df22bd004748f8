import Foundation
import Testing
import ImageTensor
import Pooling
@testable import Pipeline

/// `resize` and `crop` as stages: parsing, repeat/until, sizes and colour handling.
@Suite struct ResizeStageTests {
    @Test func parsesBareHyphenatedWordsAndLongShort() throws {
        let list = try StageList.parse("resize(short=256) | crop(224, at=top-left) | crop(2x3, at='bottom-right')")
        #expect(list.canonical == "resize(short=256, filter=lanczos) | crop(224, at=top-left) | crop(2x3, at=bottom-right)")
        let sizes = try list.steps(height: 480, width: 640).map { [$0.outputHeight, $0.outputWidth] }
        #expect(sizes == [[256, 341], [224, 224], [2, 3]])
    }

    @Test func fromYAML() throws {
        let list = try StageList.load(configText: """
        stages:
          - {op: resize, short: 64, filter: bicubic}
          - {op: crop, size: 32x48, at: bottom-right}
          - {op: resize, size: "20x30"}
        """)
        #expect(list.canonical == "resize(short=64, filter=bicubic) | crop(32x48, at=bottom-right) | resize(20x30, filter=lanczos)")
        #expect(try list.outputSize(height: 100, width: 200) == (20, 30))
    }

    @Test func repeatAndUntil() throws {
        let halves = try StageList.parse("resize(long=100, filter=box) | crop(50, repeat=1)")
        #expect(try halves.outputSize(height: 200, width: 400) == (50, 50))
        // `until` on a fixed-size resize: one pass shrinks, the next would not.
        #expect(throws: StageListError.self) { try StageList.parse("resize(64, until=10)").steps(height: 128, width: 128) }
        let once = try StageList.parse("resize(64, until=100)").steps(height: 128, width: 128)
        #expect(once.count == 1)
    }

    @Test func cropTooLargeNamesTheStage() throws {
        let list = try StageList.parse("avg(2) | crop(300)")
        #expect(throws: StageListError.cannotRun(index: 2, stage: "crop(300)",
                                                 reason: "crop: a 300×300 crop is larger than the 200×250 input")) {
            try list.steps(height: 400, width: 500)
        }
    }

    /// RGBA through `resize` with premultiplied alpha equals Pillow resizing the
    /// premultiplied channels as mode-`F` images and dividing colour by the resized alpha.
    @Test(arguments: ["lanczos", "box", "bicubic"])
    func premultipliedAlphaMatchesPillow(filter: String) throws {
        let (h, w) = (23, 31)
        let input = Tensor(height: h, width: w, channels: 4, data: (0..<(h * w * 4)).map { (i: Int) -> Float in
            if i % 4 == 3 { return Float((i / 4) % 7) / 6 }
            return Float((i * 7_919) % 1_009) / 1_008
        })
        let script = """
        import sys, numpy as np
        from PIL import Image
        h, w = 23, 31
        x = np.array([((i // 4) % 7) / 6 if i % 4 == 3 else ((i * 7919) % 1009) / 1008 for i in range(h * w * 4)],
                     dtype=np.float32).reshape(h, w, 4)
        x[..., :3] *= x[..., 3:]
        F = {"lanczos": Image.Resampling.LANCZOS, "box": Image.Resampling.BOX, "bicubic": Image.Resampling.BICUBIC}
        y = np.stack([np.asarray(Image.fromarray(x[..., k]).resize((13, 9), F[sys.argv[1]])) for k in range(4)], axis=2)
        a = y[..., 3:]
        y[..., :3] = np.where(a != 0, y[..., :3] / np.where(a != 0, a, 1), 0)
        sys.stdout.write(" ".join(repr(float(v)) for v in y.reshape(-1)))
        """
        let expected = try python(script, [filter]).split(separator: " ").map { Float(String($0))! }
        let list = try StageList.parse("resize(9x13, filter=\(filter))")
        let got = try list.apply(input, color: ColorOptions(alpha: .premultiplied, linear: false))
        #expect(got.shape == [9, 13, 4])
        for (g, e) in zip(got.data, expected) {
            // Colour is divided by alpha: scale the tolerance by the colour's size.
            let tolerance: Float = 1e-5 * Swift.max(1, abs(e))
            #expect(abs(g - e) <= tolerance, "\(g) vs \(e)")
        }
    }

    func python(_ script: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
