/// What resume needs from an input's last manifest record.
public struct ResumeEntry: Sendable, Equatable {
    public var status: InputStatus
    public var output: String?
    public var stages: String
    public var settings: String?
    public var stamp: FileStamp?
    public var inputShape: [Int]? = nil
    public var outputShape: [Int]? = nil
}
