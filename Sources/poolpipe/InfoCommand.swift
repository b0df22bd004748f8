import ArgumentParser

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe image files.")
    @Argument(help: "Files to describe.") var inputs: [String]
    func run() throws {}
}
