import ArgumentParser
import Foundation
import Pipeline
import Pooling

/// `--config FILE` (YAML or JSON) may set any long option of the command: each top-level
/// key other than `stages` names an option (`files-from` or `files_from`), and becomes
/// command-line arguments inserted before the user's, unless the user gave that option,
/// so the command line wins. `stages:` stays for the stage-list reader.
///
/// Values: a scalar is the option's value; a list gives a repeatable option once per item;
/// a flag takes `true` (set) or `false` (left unset).
enum ConfigExpansion {
    /// Keys handled by the command itself rather than turned into options.
    static let ownKeys: Set<String> = ["stages"]

    /// `arguments` (the subcommand's own) with the config's options added.
    /// - Throws: a usage `ExitCode` for an unreadable file, a key that is no option of the
    ///   command (with a suggestion), or a value of the wrong shape.
    static func expand(_ arguments: [String], commandName: String, catalog: OptionCatalog,
                       stagesAllowed: Bool) throws -> [String] {
        guard let path = configPath(arguments) else { return arguments }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file as UTF-8 text" : "no such file"
            throw CLIError.usage("--config \(path): \(reason)")
        }
        guard let pairs = ConfigOptions.read(text: text) else {
            // Not a map: the stage-list reader reports what is wrong with it.
            return arguments
        }
        let given = givenOptions(arguments, catalog: catalog)
        var added: [String] = []
        for (key, value) in pairs {
            if ownKeys.contains(key) {
                if stagesAllowed { continue }
                throw CLIError.usage("--config \(path): 'poolpipe \(commandName)' takes no stage list (no \"stages\" key)")
            }
            let name = key.replacingOccurrences(of: "_", with: "-")
            guard name != "config", name != "help", name != "version", let entry = catalog.entry(long: name) else {
                let valid = catalog.longOptions.map { String($0.dropFirst(2)) }
                    .filter { !["config", "help", "version", "stages"].contains($0) }
                let keys = (stagesAllowed ? ["stages"] : []) + valid
                throw CLIError.usage("--config \(path): unknown key \"\(key)\""
                                     + NameSuggestion.phrase(for: name, among: keys)
                                     + " (keys: \(keys.joined(separator: ", ")))")
            }
            if given.contains(entry.longNames[0]) { continue }
            added += try optionArguments(for: entry, key: key, value: value, path: path)
        }
        return added + arguments
    }

    /// The value of `--config`, if given.
    static func configPath(_ arguments: [String]) -> String? {
        for (i, a) in arguments.enumerated() {
            if a == "--" { return nil }
            if a == "--config", i + 1 < arguments.count { return arguments[i + 1] }
            if a.hasPrefix("--config=") { return String(a.dropFirst("--config=".count)) }
        }
        return nil
    }

    /// The first long name of every option the user wrote.
    private static func givenOptions(_ arguments: [String], catalog: OptionCatalog) -> Set<String> {
        var given = Set<String>()
        for a in arguments {
            if a == "--" { break }
            if a.hasPrefix("--") {
                let name = String(a.dropFirst(2).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
                if let e = catalog.entry(long: name) { given.insert(e.longNames[0]) }
            } else if a.hasPrefix("-"), a.count >= 2, let e = catalog.entry(short: String(a.dropFirst().prefix(1))) {
                given.insert(e.longNames.first ?? "")
            }
        }
        return given
    }

    private static func optionArguments(for entry: OptionCatalog.Entry, key: String, value: ConfigValue, path: String) throws -> [String] {
        let option = "--" + entry.longNames[0]
        func bad(_ what: String) -> ExitCode { CLIError.usage("--config \(path): \(key) \(what)") }
        if !entry.takesValue {
            guard let b = value.bool else { throw bad("must be true or false") }
            return b ? [option] : []
        }
        switch value {
        case .list(let items):
            guard entry.isRepeating else { throw bad("takes one value, not a list") }
            return items.flatMap { [option, $0] }
        case .scalar(let s):
            return [option, s]
        case .other:
            throw bad("must be a value or a list of values")
        }
    }
}
