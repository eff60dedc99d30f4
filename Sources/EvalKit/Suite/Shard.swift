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
