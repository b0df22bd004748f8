import Foundation
import ImageCodecs
import ImageTensor

/// Writes the report's files under one output folder: each file is written to a temporary
/// name beside it and renamed into place, so a final path never holds a partial file.
struct ReportFiles {
    /// The output folder.
    let root: URL

    /// Creates `root` and `root/img` if needed.
    /// - Throws: `InspectError.writeFailed` when a folder cannot be made.
    init(root: String) throws {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
        for dir in [self.root, self.root.appendingPathComponent("img", isDirectory: true)] {
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw InspectError.writeFailed(path: dir.path, reason: Self.reason(error))
            }
        }
    }

    /// Encodes `tensor` as an 8-bit PNG (samples clamped by the encoder) and writes it.
    /// - Throws: `InspectError.encodeFailed` or `.writeFailed`.
    /// `level` is the zlib level (`nil`: the encoder's default).
    func writePNG(_ tensor: Tensor, to relative: String, what: String, level: Int? = nil) throws {
        let bytes: [UInt8]
        do {
            var options = EncodeOptions(format: .png, bitDepth: 8)
            options.pngCompressionLevel = level
            bytes = try ImageEncoder.encode(tensor, options: options)
        } catch {
            throw InspectError.encodeFailed(what: what, reason: String(describing: error))
        }
        // Written without copying the encoded bytes into a `Data`.
        try bytes.withUnsafeBytes { raw in
            try write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count,
                           deallocator: .none), to: relative)
        }
    }

    /// Copies the file at `path` to `relative`.
    /// - Throws: `InspectError.writeFailed`.
    func copy(_ path: String, to relative: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InspectError.writeFailed(path: root.appendingPathComponent(relative).path, reason: Self.reason(error))
        }
        try write(data, to: relative)
    }

    /// Writes `text` as UTF-8.
    /// - Throws: `InspectError.writeFailed`.
    func writeText(_ text: String, to relative: String) throws {
        try write(Data(text.utf8), to: relative)
    }

    func write(_ data: Data, to relative: String) throws {
        let url = root.appendingPathComponent(relative)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw InspectError.writeFailed(path: url.path, reason: Self.reason(error))
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           let msg = String(validatingCString: strerror(Int32(underlying.code))), underlying.domain == NSPOSIXErrorDomain {
            return msg
        }
        return ns.localizedDescription
    }
}
