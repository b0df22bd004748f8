/// Errors of reading, checking or running a stage list.
///
/// Every case that concerns one stage carries its 1-based index and its text as the user
/// wrote it (trimmed), so messages read
/// `stage 2 "max(3, padding=2)": padding 2 is more than half of kernel 3`.
public enum StageListError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The list holds no stage at all (empty or blank text, or a config with no stages).
    case emptyList
    /// A stage between two `|` (or before the first / after the last) is blank.
    case emptyStage(index: Int)
    /// The stage text does not follow the stage grammar; `reason` says what is wrong.
    case syntax(index: Int, stage: String, reason: String)
    /// The stage parses but its op or arguments are rejected (unknown op, bad value,
    /// `repeat` with `until`, …); `reason` is a complete phrase.
    case invalidStage(index: Int, stage: String, reason: String)
    /// An `until=S` stage whose application no longer shrinks the longest side of a
    /// `height`×`width` input.
    case notShrinking(index: Int, stage: String, height: Int, width: Int)
    /// The stage cannot run on the size that reaches it (output below 1×1, …).
    case cannotRun(index: Int, stage: String, reason: String)
    /// A config file or text that is not usable as a whole (unreadable, not YAML/JSON,
    /// no `stages:` key, a stage that is not a map, …).
    case badConfig(reason: String)
    /// An error found in the config file `file`.
    indirect case inFile(file: String, error: StageListError)

    public var description: String {
        switch self {
        case .emptyList:
            return "the stage list is empty"
        case let .emptyStage(index):
            return "stage \(index) is empty"
        case let .syntax(index, stage, reason),
             let .invalidStage(index, stage, reason),
             let .cannotRun(index, stage, reason):
            return "stage \(index) \(Self.quoted(stage)): \(reason)"
        case let .notShrinking(index, stage, height, width):
            return "stage \(index) \(Self.quoted(stage)) stops shrinking at \(height)×\(width)"
        case let .badConfig(reason):
            return reason
        case let .inFile(file, error):
            return "\(file): \(error.description)"
        }
    }

    /// The stage index the error is about, if it is about one stage.
    public var stageIndex: Int? {
        switch self {
        case .emptyList, .badConfig: return nil
        case let .emptyStage(index): return index
        case let .syntax(index, _, _), let .invalidStage(index, _, _), let .cannotRun(index, _, _):
            return index
        case let .notShrinking(index, _, _, _): return index
        case let .inFile(_, error): return error.stageIndex
        }
    }

    static func quoted(_ text: String) -> String { "\"\(text)\"" }
}
