import Foundation
import ImageCodecs

/// What `--format` asks for: a fixed kind, or `same` as the input.
public enum OutputFormatChoice: Sendable, Equatable {
    case fixed(OutputFormat)
    /// png → png, jpeg → jpg, npy → npy.
    case same

    /// Parses `png`, `jpeg` (or `jpg`), `npy`, `webp`, `same`; nil otherwise.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "png": self = .fixed(.png)
        case "jpeg", "jpg": self = .fixed(.jpeg)
        case "npy": self = .fixed(.npy)
        case "webp": self = .fixed(.webp)
        case "same": self = .same
        default: return nil
        }
    }
}

/// One input with the output it gets.
public struct PlannedOutput: Sendable, Equatable {
    public var input: InputItem
    /// Path under the output folder, `/` separators, e.g. `sub/a.png`.
    public var relativeOutput: String
    public var kind: OutputFormat
    /// When another input already claimed the same output, the reason this one fails.
    public var conflict: String?
}

/// Maps inputs to output paths: `OUT/<relative path in its input folder>/<stem>.<ext>`, or
/// `OUT/<stem>.<ext>` for a file named directly, and finds collisions.
///
/// With `--format same` the kind follows the input's extension (`.png` → png, `.jpg`/`.jpeg`
/// → jpeg, `.npy` → npy) so that outputs are known without reading inputs; a file with another
/// extension (named directly) is sniffed by its first bytes. Collisions are decided over the
/// whole input list in order, before sharding, so every shard agrees: the first input keeps the
/// output, each later one gets a `conflict`.
struct OutputMapper: Sendable {
    public var format: OutputFormatChoice
    /// The output folder as the user wrote it, for messages.
    public var displayRoot: String
    /// `--name`: renames outputs; nil keeps `<stem>.<ext>`.
    public var nameTemplate: OutputNameTemplate? = nil

    public init(format: OutputFormatChoice, displayRoot: String) {
        self.format = format
        self.displayRoot = displayRoot
    }

    /// The kind an input is written as.
    public func kind(for item: InputItem) -> OutputFormat {
        if case .fixed(let k) = format { return k }
        switch (item.relativePath as NSString).pathExtension.lowercased() {
        case "png": return .png
        case "jpg", "jpeg": return .jpeg
        case "npy": return .npy
        default: return Self.sniff(path: item.absolutePath) ?? .png
        }
    }

    /// The output path, relative to the output folder.
    public func relativeOutput(for item: InputItem, kind: OutputFormat) -> String {
        let rel = item.relativePath as NSString
        let name = rel.lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        let file = (stem.isEmpty ? name : stem) + "." + kind.fileExtension
        let base = item.namedDirectly ? "" : rel.deletingLastPathComponent
        let dir = item.outputPrefix.isEmpty ? base : InputWalker.join(item.outputPrefix, base)
        if let nameTemplate {
            return nameTemplate.render(stem: stem.isEmpty ? name : stem, ext: kind.fileExtension, dir: dir)
        }
        return dir.isEmpty ? file : dir + "/" + file
    }

    /// Plans every input in order and marks collisions.
    public func plan(_ items: [InputItem]) -> [PlannedOutput] {
        var owner: [String: InputItem] = [:]
        var result: [PlannedOutput] = []
        result.reserveCapacity(items.count)
        for item in items {
            let kind = self.kind(for: item)
            let rel = relativeOutput(for: item, kind: kind)
            var planned = PlannedOutput(input: item, relativeOutput: rel, kind: kind, conflict: nil)
            let key = Self.collisionKey(rel)
            if let first = owner[key] {
                planned.conflict = "output \(InputWalker.join(displayRoot, rel)) would also be written by \(first.displayPath)"
            } else {
                owner[key] = item
            }
            result.append(planned)
        }
        return result
    }

    /// On case-insensitive file systems (macOS default) `A.png` and `a.png` are one file.
    static func collisionKey(_ rel: String) -> String {
        #if os(macOS)
        return rel.lowercased()
        #else
        return rel
        #endif
    }

    /// The format of a file from its first bytes; nil when unknown or unreadable.
    public static func sniff(path: String) -> OutputFormat? {
        // Only regular files (HeaderPeek opens nothing else): opening a FIFO would block,
        // and reading a pipe would eat the bytes the decoder needs.
        switch HeaderPeek(path: path)?.format {
        case .png: return .png
        case .jpeg: return .jpeg
        case .npy: return .npy
        case nil: return nil
        }
    }
}
