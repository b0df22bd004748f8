import Foundation
import ImageTensor
import ImageCodecs
import Pipeline
import Pooling

/// What `poolpipe inspect` inspects: an image file or a built-in test pattern.
public enum InspectInput: Sendable, Equatable {
    case file(String)
    case pattern(TestPattern, size: Int)

    /// The name the page and the sheet show, e.g. `cat.png` or `zoneplate 512×512 (built-in)`.
    public var label: String {
        switch self {
        case let .file(path): return path
        case let .pattern(p, size): return "\(p.rawValue) \(size)×\(size) (built-in)"
        }
    }
}

/// Everything besides the inputs and stage lists that shapes an inspection.
public struct InspectOptions: Sendable {
    /// Debian's `fonts-dejavu-core` DejaVu Sans, the sheet's default font.
    public static let defaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    /// Colour handling while pooling (premultiplied alpha, linear light).
    public var color = ColorOptions()
    /// Limits for the decoder.
    public var decodeOptions = DecodeOptions()
    /// Apply the EXIF orientation first, so the source is upright.
    public var autorotate = true
    /// Threads for the pooling kernels.
    public var context = PoolingContext(threads: ProcessorCount.active)
    /// The name and version written into the page.
    public var generator = "poolpipe"
    /// The zoom region (`nil`: the most detailed square, see `RegionPicker`).
    public var region: Region?
    /// Draw each image's Fourier spectrum beside it.
    public var spectrum = false
    /// The sheet's font.
    public var fontPath = InspectOptions.defaultFontPath

    public init(color: ColorOptions = ColorOptions(), decodeOptions: DecodeOptions = DecodeOptions(),
                autorotate: Bool = true,
                context: PoolingContext = PoolingContext(threads: ProcessorCount.active),
                generator: String = "poolpipe", region: Region? = nil, spectrum: Bool = false,
                fontPath: String = InspectOptions.defaultFontPath) {
        self.color = color; self.decodeOptions = decodeOptions; self.autorotate = autorotate
        self.context = context; self.generator = generator; self.region = region
        self.spectrum = spectrum; self.fontPath = fontPath
    }
}

/// The result of inspecting several inputs into one page.
public struct InspectionOutcome: Sendable {
    /// One report per input that could be read, in input order.
    public var reports: [InspectionReport]
    /// The inputs that could not be inspected.
    public var failures: [InspectionFailure]
    /// The page and the sheet, relative to the output folder.
    public var htmlFile = "index.html"
    public var sheetFile = "sheet.png"
    /// Whether every input was read and every list ran to its end.
    public var succeeded: Bool { failures.isEmpty && reports.allSatisfy(\.succeeded) }
}

/// An input the inspection could not show, and why.
public struct InspectionFailure: Sendable, Equatable, CustomStringConvertible {
    /// The input's label (its path, or the pattern's name).
    public var input: String
    public var error: InspectError
    /// `<input>: <reason>` (the decoder's errors already start with the path).
    public var description: String {
        if case .decodeFailed = error { return error.description }
        return "\(input): \(error.description)"
    }
}
