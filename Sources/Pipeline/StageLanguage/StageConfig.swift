import Foundation
import Pooling
import Yams

/// Reads stage lists from YAML or JSON (JSON is read as YAML, so one loader does both).
///
/// ```yaml
/// stages:
///   - op: avg
///     kernel: 2
///   - {op: max, kernel: "3x3", stride: [2, 2], padding: 1}
///   - op: avg
///     kernel: 2
///     until: 256
/// ```
/// Each stage is a map with `op` and argument names (including `repeat`/`until`); sizes may
/// be `3`, `"3x3"` or `[3, 3]`; strings are read like stage-language values (`"same"`,
/// `"2.5"`, `"1e-3"`). A stage may also be a stage-language string (`- "avg(2)"`), and
/// `stages:` may be one stage-list string. No other top-level key is accepted.
enum StageConfig {
    /// Parses config text into stages, in the order written.
    /// - Throws: `StageListError.badConfig` for text that is not YAML/JSON or lacks
    ///   `stages:`, and stage errors naming the 1-based stage index.
    /// - Parameter otherKeys: top-level keys besides `stages` that are accepted (and left
    ///   to the caller, e.g. command-line options set from the file).
    static func parse(_ text: String, otherKeys: Set<String> = []) throws -> [StageSyntax] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? ""
            throw StageListError.badConfig(reason: "not valid YAML or JSON: \(first)")
        }
        guard let mapping = root?.mapping else {
            throw StageListError.badConfig(reason: "expected a map with a \"stages\" key at the top")
        }
        for key in mapping.keys where key.string != "stages" && !otherKeys.contains(key.string ?? "") {
            throw StageListError.badConfig(
                reason: "unknown top-level key \"\(key.string ?? "?")\" (known: stages)")
        }
        guard let stagesNode = mapping["stages"] else {
            throw StageListError.badConfig(reason: "no \"stages\" key")
        }
        if let scalar = stagesNode.scalar, kind(stagesNode) == .str {
            return try StageSyntax.parseList(scalar.string)
        }
        guard let sequence = stagesNode.sequence else {
            throw StageListError.badConfig(reason: "\"stages\" must be a list of stages")
        }
        if sequence.isEmpty { throw StageListError.emptyList }
        return try sequence.enumerated().map { try stage($0.element, index: $0.offset + 1) }
    }

    /// Reads one element of `stages:`.
    private static func stage(_ node: Node, index: Int) throws -> StageSyntax {
        if let scalar = node.scalar, kind(node) == .str {
            return try StageSyntax.parse(scalar.string, index: index)
        }
        guard let mapping = node.mapping else {
            throw StageListError.badConfig(
                reason: "stage \(index) must be a map with \"op\" and its arguments, or a stage string")
        }
        var op: String? = nil
        var raw: [(String, Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string, keyNode.scalar != nil else {
                throw StageListError.badConfig(reason: "stage \(index) has a key that is not a name")
            }
            if key == "op" {
                guard let name = value.string, value.scalar != nil else {
                    throw StageListError.badConfig(reason: "stage \(index): \"op\" must be an op name")
                }
                op = name
            } else {
                raw.append((key, value))
            }
        }
        guard let op else { throw StageListError.badConfig(reason: "stage \(index) has no \"op\" key") }
        let source = raw.isEmpty
            ? op
            : "\(op)(\(raw.map { "\($0.0)=\(shown($0.1))" }.joined(separator: ", ")))"
        var syntax = StageSyntax(op: op, source: source)
        for (key, value) in raw {
            do {
                syntax.named.append(NamedArgument(key, try argument(value)))
            } catch let failure as StageSyntaxScanner.ScanFailure {
                throw StageListError.invalidStage(index: index, stage: source,
                                                  reason: "\(key) \(failure.reason)")
            }
        }
        return syntax
    }

    /// Converts a YAML value to an argument: numbers and booleans by their resolved tag,
    /// `[H, W]` to a size, strings through the stage-language value reader.
    private static func argument(_ node: Node) throws -> ArgValue {
        typealias Failure = StageSyntaxScanner.ScanFailure
        if let sequence = node.sequence {
            let items = sequence.map { $0.scalar != nil && kind($0) == .int ? $0.int : nil }
            guard items.count == 2, let h = items[0], let w = items[1] else {
                throw Failure(reason: "must be a number, a size \"HxW\" or [height, width], "
                              + "not a list of \(sequence.count) item\(sequence.count == 1 ? "" : "s")")
            }
            return .size(h, w)
        }
        guard let scalar = node.scalar else { throw Failure(reason: "must be a single value, not a map") }
        switch kind(node) {
        case .int:
            guard let v = node.int else { throw Failure(reason: "is not a whole number: \(scalar.string)") }
            return .int(v)
        case .float:
            guard let v = node.float, v.isFinite else {
                throw Failure(reason: "must be a finite number, got \(scalar.string)")
            }
            return .real(v)
        case .bool:
            guard let v = node.bool else { throw Failure(reason: "is not true or false: \(scalar.string)") }
            return .bool(v)
        case .null:
            throw Failure(reason: "has no value")
        default:
            return StageSyntax.parseValue(scalar.string) ?? .word(scalar.string)
        }
    }

    /// The resolved tag of a node (`.int`, `.str`, …).
    private static func kind(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// A YAML value as shown in a synthesised stage text: scalars as written, lists as `[a, b]`.
    private static func shown(_ node: Node) -> String {
        if let scalar = node.scalar { return scalar.string }
        if let sequence = node.sequence { return "[\(sequence.map(shown).joined(separator: ", "))]" }
        return "{…}"
    }
}

extension StageList {
    /// Loads a stage list from a YAML or JSON file (see `StageConfig` for the format).
    /// - Throws: `StageListError.inFile` naming `path`, wrapping what is wrong (unreadable
    ///   file, invalid YAML/JSON, a stage error naming the stage index).
    /// - Parameter otherKeys: top-level keys besides `stages` to accept and ignore.
    public static func load(configFile path: String, registry: OpRegistry = .standard,
                            otherKeys: Set<String> = []) throws -> StageList {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "cannot read the file as UTF-8 text" : "no such file"
            throw StageListError.inFile(file: path, error: .badConfig(reason: reason))
        }
        do {
            return try build(try StageConfig.parse(text, otherKeys: otherKeys), registry: registry)
        } catch let error as StageListError {
            throw StageListError.inFile(file: path, error: error)
        }
    }

    /// Loads a stage list from YAML or JSON text (see `StageConfig` for the format).
    /// - Throws: `StageListError` naming the stage index.
    public static func load(configText: String, registry: OpRegistry = .standard) throws -> StageList {
        try build(try StageConfig.parse(configText), registry: registry)
    }
}
