/// A target's response-cache figures (SPEC §12.1): requests answered from the cache, and requests it did not hold.
public struct CacheCounts: Sendable, Equatable, Codable {
    public var hits: Int
    public var misses: Int

    public init(hits: Int = 0, misses: Int = 0) {
        self.hits = hits
        self.misses = misses
    }
}
