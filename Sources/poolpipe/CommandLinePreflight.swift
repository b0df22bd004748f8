import ArgumentParser
import Foundation
import Pooling

/// What `main` does with the command line before argument-parser parses it:
/// `poolpipe help stages` (and `help ops`) print the stage-language reference; a subcommand's
/// arguments are checked (`ArgumentPreflight`) and a `--config` file's options added
/// (`ConfigExpansion`).
///
/// The check needs the command's `OptionCatalog`, which costs about as much as parsing the
/// command line (argument-parser describes the command as JSON), so it runs up front only
/// when a `--config` is given or a once-only option may be given twice; otherwise argument-
/// parser parses first and `explainFailure` runs the check when it fails (an unknown option
/// makes it fail too), so the messages are the same.
enum CommandLinePreflight {
    /// The subcommands whose arguments are checked, by name.
    static var subcommands: [String: ParsableCommand.Type] {
        var table: [String: ParsableCommand.Type] = [:]
        for c in PoolPipeCommand.configuration.subcommands {
            table[c.configuration.commandName ?? ""] = c
        }
        return table
    }

    /// The arguments to parse (without the program name).
    /// - Throws: `ExitCode.success` after printing the reference for `help stages`; a usage
    ///   `ExitCode` (2) for a mistake found here.
    static func arguments(_ arguments: [String]) throws -> [String] {
        if arguments.count == 2, arguments[0] == "help", ["stages", "ops"].contains(arguments[1]) {
            print(OpReference.render(.standard), terminator: "")
            throw ExitCode.success
        }
        guard let name = arguments.first, let command = subcommands[name] else { return arguments }
        var rest = Array(arguments.dropFirst())
        guard ArgumentPreflight.needsCatalog(rest) else { return arguments }
        let preflight = ArgumentPreflight(commandName: name, command: command)
        try preflight.check(rest)
        if preflight.catalog.entry(long: "config") != nil {
            rest = try ConfigExpansion.expand(rest, commandName: name, catalog: preflight.catalog,
                                              stagesAllowed: preflight.catalog.entry(long: "stages") != nil)
        }
        return [name] + rest
    }

    /// Called when argument-parser failed on `arguments` (as `arguments(_:)` was given them):
    /// throws the check's own usage error when it finds a mistake (e.g. an unknown option
    /// with the closest valid one); returns when it finds none, and the parser's error stands.
    static func explainFailure(_ arguments: [String]) throws {
        guard let name = arguments.first, let command = subcommands[name] else { return }
        try ArgumentPreflight(commandName: name, command: command).check(Array(arguments.dropFirst()))
    }
}
