import ArgumentParser
import Foundation
import ImageCodecs

/// `poolpipe info INPUT...`: one line per file from its header (no pixels are decoded).
/// A file that can't be read gets `poolpipe: error: PATH: reason` on stderr, the others still
/// print, and the exit status is then 1.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe image files: format, size, channels, bit depth, interlacing, ICC profile, EXIF orientation.",
        discussion: """
        Reads only each file's header. Output, one line per file:
          PATH: JPEG 3024×4032 (H×W), 3 channels (ycbcr), 8-bit, progressive,
            ICC 3144 bytes "Display P3", orientation 6
        """
    )

    @Argument(help: "Files to describe (PNG, JPEG or NPY, recognised by content).") var inputs: [String]

    func run() throws {
        var failed = false
        for path in inputs {
            do {
                print("\(path): \(Self.describe(try ImageDecoder.header(path: path)))")
            } catch {
                failed = true
                CLIError.print("\(path): \(error)")
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// The one-line description of a header.
    static func describe(_ h: ImageHeader) -> String {
        var parts = ["\(h.format.rawValue.uppercased()) \(h.height)×\(h.width) (H×W)"]
        parts.append("\(h.channels) channel\(h.channels == 1 ? "" : "s") (\(h.colorModel))")
        parts.append(h.format == .npy && h.bitDepth == 32 ? "float32" : "\(h.bitDepth)-bit")
        switch h.format {
        case .png: parts.append(h.interlaced ? "interlaced (Adam7)" : "not interlaced")
        case .jpeg: parts.append(h.interlaced ? "progressive" : "baseline")
        case .npy: break
        }
        if let icc = h.iccProfile {
            parts.append("ICC \(icc.count) bytes" + (h.iccDescription.map { " \"\($0)\"" } ?? ""))
        } else {
            parts.append("no ICC")
        }
        parts.append("orientation \(h.orientation)")
        return parts.joined(separator: ", ")
    }
}
