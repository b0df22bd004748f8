import ArgumentParser
import Pooling

/// `poolpipe ops` (also `poolpipe help stages`): the stage-language reference, made from
/// the op registry the parser uses, so every registered op is listed.
struct OpsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "List every stage op with its arguments (in order, with ranges and defaults), meaning and an example.",
        discussion: "The same text is printed by 'poolpipe help stages'."
    )

    func run() throws {
        print(OpReference.render(.standard), terminator: "")
    }
}
