import ArgumentParser
import Foundation
import Pooling

/// Checks a subcommand's arguments before argument-parser reads them, for the mistakes it
/// lets through or explains poorly: an unknown long option (answered with the closest valid
/// one and the list of valid ones) and an option that must be given once (`--stages`,
/// `--config`, `--output`) given twice, which argument-parser would settle silently by
/// taking the last.
struct ArgumentPreflight {
    /// Options that may appear at most once: a second value is a mistake, not an override.
    static let onceOnly: Set<String> = ["stages", "config", "output"]
    /// Options argument-parser handles itself without listing them.
    static let builtIn: Set<String> = ["experimental-dump-help"]
    /// The short names of `onceOnly` options (`ArgumentPreflightTests` checks it against
    /// every command's catalog).
    static let onceOnlyShort: [Character: String] = ["o": "output"]

    /// Whether `arguments` need the catalog before parsing: a `--config` to expand, or a
    /// once-only option that may be given twice. Counts conservatively (every `-o…` token
    /// and every `--output`/`--output=…` token, values included), so a false answer is sure.
    static func needsCatalog(_ arguments: [String]) -> Bool {
        var seen: [String: Int] = [:]
        for token in arguments {
            if token == "--" { break }
            var name: String?
            if token.hasPrefix("--") {
                name = String(token.dropFirst(2).prefix { $0 != "=" })
            } else if token.hasPrefix("-"), token.count >= 2, Double(token) == nil {
                name = onceOnlyShort[token.dropFirst().first!]
            }
            guard let name else { continue }
            if name == "config" { return true }
            if onceOnly.contains(name) {
                seen[name, default: 0] += 1
                if seen[name]! > 1 { return true }
            }
        }
        return false
    }

    let commandName: String
    let catalog: OptionCatalog

    init(commandName: String, command: ParsableCommand.Type) {
        self.commandName = commandName
        self.catalog = OptionCatalog(command)
    }

    /// The options as written in `arguments` (the subcommand's own, without its name):
    /// long name (or the short name when only that is given) → count. Throws a usage
    /// error for an unknown long option.
    func check(_ arguments: [String]) throws {
        var seen: [String: Int] = [:]
        var i = 0
        while i < arguments.count {
            let token = arguments[i]
            i += 1
            if token == "--" { break }
            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                let name = String(body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
                if Self.builtIn.contains(name) { continue }
                guard let entry = catalog.entry(long: name) else { throw unknownOption("--" + name) }
                let key = entry.longNames.first ?? name
                seen[key, default: 0] += 1
                if entry.takesValue && !body.contains("=") { i += 1 }
            } else if token.hasPrefix("-"), token.count >= 2, Double(token) == nil {
                let first = String(token.dropFirst().prefix(1))
                if let entry = catalog.entry(short: first) {
                    seen[entry.longNames.first ?? first, default: 0] += 1
                    if entry.takesValue && token.count == 2 { i += 1 }
                }
            }
        }
        for (name, count) in seen where count > 1 && Self.onceOnly.contains(name) {
            guard let entry = catalog.entry(long: name), !entry.isRepeating else { continue }
            throw CLIError.usage(twiceMessage(name))
        }
    }

    /// `unknown option --stage; did you mean --stages? (options of 'poolpipe run': …)`.
    func unknownOption(_ option: String) -> ExitCode {
        let valid = catalog.longOptions
        let suggestion = NameSuggestion.phrase(for: option, among: valid, quote: "")
        return CLIError.usage("unknown option \(option)\(suggestion) "
                              + "(options of 'poolpipe \(commandName)': \(valid.joined(separator: " ")))")
    }

    private func twiceMessage(_ name: String) -> String {
        switch name {
        case "stages" where commandName == "run" || commandName == "thumbnail":
            return "--stages is given twice; give one stage list (stages joined with '|'), "
                + "or compare lists with 'poolpipe inspect IMAGE -o DIR --stages A --stages B'"
        default:
            return "--\(name) is given twice; give it once"
        }
    }
}
