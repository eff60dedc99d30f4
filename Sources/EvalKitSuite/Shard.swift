import EvalKitSupport

/// The shard assignment of `--shard K/N` (SPEC §8): FNV-1a 64-bit over the id's UTF-8 bytes, never a seeded hash.
public enum Shard {
    /// The 64-bit FNV-1a hash of the string's UTF-8 bytes.
    public static func fnv1a64(_ s: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The shard, from 1 to `count`, that the case id `id` belongs to: `hash mod count + 1`.
    public static func shard(of id: String, count: Int) -> Int {
        precondition(count >= 1, "a shard count is at least 1")
        return Int(fnv1a64(id) % UInt64(count)) + 1
    }
}

/// One shard of a sharded run, written `K/N`: the cases that `Shard.shard(of:count:)` puts in
/// shard `index` of `count`, with `1 ≤ index ≤ count` and `count` within `NumberRange.shardCount`.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Nil when the numbers are out of range.
    public init?(index: Int, count: Int) {
        guard NumberRange.shardCount.contains(Double(count)), (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (ASCII digits only); nil when it is not such a pair or out of range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let index = Int(parts[0]), let count = Int(parts[1])
        else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether the case with this id belongs to this shard.
    public func contains(caseID: String) -> Bool {
        Shard.shard(of: caseID, count: count) == index
    }

    public var description: String { "\(index)/\(count)" }
}
