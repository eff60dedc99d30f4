import Testing
@testable import EvalKit
@testable import EvalKitSuite

@Suite struct ShardTests {
    @Test(arguments: [
        ("", 0xcbf2_9ce4_8422_2325 as UInt64),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func fnv1a64MatchesKnownVectors(input: String, expected: UInt64) {
        #expect(Shard.fnv1a64(input) == expected)
    }

    @Test func hashesUTF8Bytes() {
        // "é" is the two bytes C3 A9: hashing them one by one must give the same value.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte: UInt8 in [0xC3, 0xA9] {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        #expect(Shard.fnv1a64("é") == hash)
    }

    @Test func shardIsHashModuloCountPlusOne() {
        for id in ["digits-1", "one-hundred", "comma", "roman", "x"] {
            for count in 1...7 {
                let shard = Shard.shard(of: id, count: count)
                #expect(shard == Int(Shard.fnv1a64(id) % UInt64(count)) + 1)
                #expect((1...count).contains(shard))
            }
        }
        #expect(Shard.shard(of: "a", count: 3) == Int(0xaf63_dc4c_8601_ec8c as UInt64 % 3) + 1)
    }

    @Test func shardsPartitionTheCases() {
        let ids = (0..<200).map { "case-\($0)" }
        var seen: [Int] = Array(repeating: 0, count: 4)
        for id in ids { seen[Shard.shard(of: id, count: 4) - 1] += 1 }
        #expect(seen.reduce(0, +) == ids.count)
        #expect(seen.allSatisfy { $0 > 0 })
    }

    @Test(arguments: [("2/3", 2, 3), ("1/1", 1, 1), ("10/10", 10, 10), ("1000/1000", 1000, 1000)])
    func parsesShards(text: String, index: Int, count: Int) throws {
        let shard = try #require(ShardSpec(text))
        #expect(shard.index == index && shard.count == count)
        #expect(shard.description == text)
    }

    @Test(arguments: ["0/3", "4/3", "3", "a/b", "1/0", "-1/3", "+1/3", "1/3/5", "", " 1/3", "/3", "1/1001", "١/٣"])
    func rejectsBadShards(text: String) {
        #expect(ShardSpec(text) == nil)
    }
}
