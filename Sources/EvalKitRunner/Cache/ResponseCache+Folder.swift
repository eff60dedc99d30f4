import Foundation

/// `evals cache stats|prune|clear` (SPEC §12.1): what a cache folder holds, and removing entries.
extension ResponseCache {
    /// The entries of a cache folder.
    public struct Stats: Sendable, Equatable {
        public var entries = 0
        public var bytes = 0
        /// Entries older than the TTL they were measured against.
        public var expired = 0
        /// Entries that cannot be read.
        public var unreadable = 0
    }

    /// Every entry file under `directory`: `XY/<64 hex>.json`.
    static func entryFiles(in directory: URL) -> [URL] {
        let manager = FileManager.default
        guard let shards = try? manager.contentsOfDirectory(atPath: directory.path) else { return [] }
        var files: [URL] = []
        for shard in shards.sorted() where shard.count == 2 && shard.allSatisfy(\.isHexDigit) {
            let folder = directory.appendingPathComponent(shard, isDirectory: true)
            guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names.sorted() where name.hasSuffix(".json") && name.hasPrefix(shard) && name.count == 69 {
                files.append(folder.appendingPathComponent(name))
            }
        }
        return files
    }

    /// Counts the entries under `directory`, and those older than `ttl` seconds at `now`.
    public static func stats(of directory: URL, ttl: Double, now: Date = Date()) -> Stats {
        var stats = Stats()
        for file in entryFiles(in: directory) {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            stats.entries += 1
            stats.bytes += data.count
            if let entry = decode(data) {
                if now.timeIntervalSince1970 - entry.storedAt > ttl { stats.expired += 1 }
            } else {
                stats.unreadable += 1
            }
        }
        return stats
    }

    /// Removes the entries older than `age` seconds at `now`, and unreadable ones; returns how many went.
    public static func prune(_ directory: URL, olderThan age: Double, now: Date = Date()) -> Int {
        var removed = 0
        for file in entryFiles(in: directory) {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let stale = decode(data).map { now.timeIntervalSince1970 - $0.storedAt > age } ?? true
            if stale, (try? FileManager.default.removeItem(at: file)) != nil { removed += 1 }
        }
        return removed
    }

    /// Removes every entry (and nothing else) under `directory`; returns how many went.
    public static func clear(_ directory: URL) -> Int {
        var removed = 0
        for file in entryFiles(in: directory) where (try? FileManager.default.removeItem(at: file)) != nil {
            removed += 1
        }
        return removed
    }
}
