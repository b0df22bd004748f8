import ArgumentParser
import Foundation
import Pooling

/// What `main` does with the command line before argument-parser parses it:
/// `poolpipe help stages` (and `help ops`) print the stage-language reference; a subcommand's
/// arguments are checked (`ArgumentPreflight`) and a `--config` file's options added
/// (`ConfigExpansion`).
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
        let preflight = ArgumentPreflight(commandName: name, command: command)
        try preflight.check(rest)
        if preflight.catalog.entry(long: "config") != nil {
            rest = try ConfigExpansion.expand(rest, commandName: name, catalog: preflight.catalog,
                                              stagesAllowed: preflight.catalog.entry(long: "stages") != nil)
        }
        return [name] + rest
    }
}
