import Foundation
import Testing
import ImageTensor

/// Reference values from Pillow itself: each channel of a tensor resized as a mode-`F`
/// image with `Image.resize`, computed by python3 in a child process.
enum PillowReference {
    /// One resize to compute: the input, the output size, a Pillow filter name, and whether
    /// colour is premultiplied by alpha (the last channel) before and divided after.
    struct Case {
        var input: Tensor
        var height: Int
        var width: Int
        var filter: String
        var premultiplied = false
    }

    /// The script: reads `h w c oh ow FILTER premult` lines and raw little-endian float32
    /// inputs, writes the float32 outputs in order.
    static let script = """
    import sys, numpy as np
    from PIL import Image
    F = {"box": Image.Resampling.BOX, "bilinear": Image.Resampling.BILINEAR,
         "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}
    cases = [l.split() for l in open(sys.argv[1]).read().splitlines() if l.strip()]
    raw = open(sys.argv[2], "rb").read(); pos = 0; out = []
    for h, w, c, oh, ow, name, pm in cases:
        h, w, c, oh, ow, pm = int(h), int(w), int(c), int(oh), int(ow), pm == "1"
        n = h * w * c
        x = np.frombuffer(raw, dtype="<f4", count=n, offset=pos).reshape(h, w, c).copy(); pos += 4 * n
        if pm: x[..., :-1] *= x[..., -1:]
        chans = [np.asarray(Image.fromarray(x[..., k]).resize((ow, oh), F[name]), dtype=np.float32) for k in range(c)]
        y = np.stack(chans, axis=2)
        if pm:
            a = y[..., -1:]
            inv = np.where(a != 0, np.float32(1) / np.where(a != 0, a, np.float32(1)), np.float32(0))
            y[..., :-1] *= inv
        out.append(y.astype("<f4").tobytes())
    open(sys.argv[3], "wb").write(b"".join(out))
    """

    /// Pillow's outputs for `cases`, in order.
    static func resize(_ cases: [Case]) throws -> [Tensor] {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("pillow-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = dir.appendingPathComponent("cases.txt")
        let input = dir.appendingPathComponent("in.f32"), output = dir.appendingPathComponent("out.f32")
        try cases.map { "\($0.input.height) \($0.input.width) \($0.input.channels) \($0.height) \($0.width) \($0.filter) \($0.premultiplied ? 1 : 0)" }
            .joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        var bytes = Data()
        for c in cases { c.input.data.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        try bytes.write(to: input)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, list.path, input.path, output.path]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "python failed: \(String(decoding: message, as: UTF8.self))")

        let result = try Data(contentsOf: output)
        var offset = 0
        return cases.map { c in
            let n = c.height * c.width * c.input.channels
            let values = result.subdata(in: offset..<(offset + 4 * n)).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            offset += 4 * n
            return Tensor(height: c.height, width: c.width, channels: c.input.channels, data: values)
        }
    }

    /// A deterministic tensor with detail at every scale (values in [0, 1]).
    static func pattern(_ h: Int, _ w: Int, _ c: Int, seed: Int = 1) -> Tensor {
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return Tensor(height: h, width: w, channels: c, data: (0..<(h * w * c)).map { i in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            let y = (i / c) / w, x = (i / c) % w
            let smooth = 0.5 + 0.25 * sin(Double(x) * 0.31 + Double(i % c)) * cos(Double(y) * 0.17)
            let noise = Double(state % 1000) / 4000
            return Float(smooth + noise - 0.125)
        })
    }
}
