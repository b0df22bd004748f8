import ArgumentParser

@main
struct PoolPipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poolpipe",
        abstract: "Decode PNG/JPEG/NPY images, pool them through a list of stages, write images or tensors.",
        discussion: """
        Stage lists are one string: stages separated by '|', each 'op(args)', e.g.
          poolpipe run photos/ -o out/ --stages 'avg(2) | max(3, stride=2, padding=1)'
          poolpipe thumbnail photos/ -o thumbs/ --size 256
          poolpipe plan --stages 'avg(2, until=256)' --size 3000x4000
          poolpipe info photo.jpg
        """,
        version: PoolPipeVersion.string,
        subcommands: [RunCommand.self, ThumbnailCommand.self, InspectCommand.self, PlanCommand.self, InfoCommand.self]
    )
}

enum PoolPipeVersion {
    static let string = "0.1.0"
}
