import ArgumentParser
import Foundation

/// The options a command takes, read from argument-parser's own description of it
/// (`_dumpHelp()`), so options added to a command are known here with no other change.
struct OptionCatalog {
    struct Entry {
        /// Long names without `--`, e.g. `files-from`.
        var longNames: [String]
        /// Short names without `-`, e.g. `o`.
        var shortNames: [String]
        /// True for an option that takes a value, false for a flag.
        var takesValue: Bool
        var isRepeating: Bool
    }

    var entries: [Entry]

    init(_ command: ParsableCommand.Type) {
        entries = []
        let json = command._dumpHelp()
        guard let root = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let cmd = root["command"] as? [String: Any],
              let arguments = cmd["arguments"] as? [[String: Any]] else { return }
        for a in arguments {
            guard let kind = a["kind"] as? String, kind == "option" || kind == "flag" else { continue }
            let names = (a["names"] as? [[String: Any]]) ?? []
            entries.append(Entry(
                longNames: names.filter { ($0["kind"] as? String) == "long" }.compactMap { $0["name"] as? String },
                shortNames: names.filter { ($0["kind"] as? String) == "short" }.compactMap { $0["name"] as? String },
                takesValue: kind == "option", isRepeating: a["isRepeating"] as? Bool ?? false))
        }
    }

    /// Every long name with its `--`, in the command's order.
    var longOptions: [String] { entries.flatMap { $0.longNames.map { "--" + $0 } } }

    /// The entry for a long name (without `--`).
    func entry(long name: String) -> Entry? { entries.first { $0.longNames.contains(name) } }

    /// The entry for a short name (without `-`).
    func entry(short name: String) -> Entry? { entries.first { $0.shortNames.contains(name) } }
}
