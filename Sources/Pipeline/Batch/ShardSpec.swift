import Foundation

/// 64-bit FNV-1a over bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
enum FNV1a {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of `bytes`.
    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = offsetBasis
        for b in bytes {
            h ^= UInt64(b)
            h = h &* prime
        }
        return h
    }

    /// The hash of the UTF-8 bytes of `string`.
    public static func hash(_ string: String) -> UInt64 { hash(string.utf8) }
}

/// Which part of the inputs one process of a sharded run takes: `index` of `count`.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    /// K, with 0 ≤ K < N.
    public let index: Int
    /// N ≥ 1.
    public let count: Int

    /// - Throws: `ShardError.outOfRange` unless `0 <= index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 0, index < count else {
            throw ShardError.outOfRange(index: index, count: count)
        }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the input with shard key `key` (its relative path, `/` separators, or the
    /// file name for a file named directly) belongs to this shard: FNV-1a(key) mod N == K.
    public func contains(key: String) -> Bool {
        FNV1a.hash(key) % UInt64(count) == UInt64(index)
    }

    /// The manifest file name a sharded run writes: `manifest-K-of-N.jsonl`.
    public var manifestFileName: String { "manifest-\(index)-of-\(count).jsonl" }

    /// Parses `K/N`, or `auto` from the environment (Slurm job arrays or Kubernetes Indexed
    /// Jobs; `shards` is the `--shards` option): see `ShardAssignment` for the rules.
    public static func parse(_ text: String, shards: Int?, environment: [String: String]) throws -> ShardSpec {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "auto" { return try ShardAssignment.resolve(environment: environment, shards: shards).spec }
        let parts = t.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError.malformed(text)
        }
        return try ShardSpec(index: k, count: n)
    }
}

/// Errors of choosing a shard; all are usage errors (exit 2).
public enum ShardError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case outOfRange(index: Int, count: Int)
    case badEnvironment(variable: String, value: String)
    case missingEnvironment(String)
    /// The scheduler's variables do not name one shard (e.g. a task id off the array's grid).
    case badArray(String)

    public var description: String {
        switch self {
        case .malformed(let t):
            return "--shard \"\(t)\" is not K/N (e.g. 0/4) or auto"
        case let .outOfRange(k, n):
            return n < 1 ? "shard count \(n) must be at least 1"
                         : "shard index \(k) is outside 0..<\(n) (need 0 ≤ K < N)"
        case let .badEnvironment(v, value):
            return "environment variable \(v)=\"\(value)\" is not a whole number"
        case .missingEnvironment(let why), .badArray(let why):
            return why
        }
    }
}
