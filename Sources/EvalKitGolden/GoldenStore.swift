import Foundation
import YAMLLite
import EvalKitSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The golden files under one folder: `<directory>/<suite>/<target>.golden`, and the pending
/// `<target>.golden.new` beside it.
///
/// Every write goes to a temporary file in the same folder, is flushed to disk, then renamed
/// over the destination, so a reader, an interrupt or a crash never sees half a file.
public struct GoldenStore: Sendable {
    /// The golden folder as given (`golden` by default), used in paths and messages.
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The folder of one suite's golden files.
    public func folder(suite: String) -> String {
        directory.hasSuffix("/") ? "\(directory)\(suite)" : "\(directory)/\(suite)"
    }

    /// The path of a golden file.
    public func goldenPath(suite: String, target: String) -> String {
        "\(folder(suite: suite))/\(target).golden"
    }

    /// The path of a pending golden file, written by a check that found differences.
    public func pendingPath(suite: String, target: String) -> String {
        goldenPath(suite: suite, target: target) + ".new"
    }

    /// The golden file, or nil when there is none; an unreadable or invalid file is a diagnostic.
    public func read(suite: String, target: String) throws(Diagnostic) -> GoldenFile? {
        try Self.readFile(at: goldenPath(suite: suite, target: target), suite: suite, target: target)
    }

    /// The pending golden file, or nil when there is none.
    public func readPending(suite: String, target: String) throws(Diagnostic) -> GoldenFile? {
        try Self.readFile(at: pendingPath(suite: suite, target: target), suite: suite, target: target)
    }

    /// Writes the golden file atomically, creating folders as needed.
    public func write(_ file: GoldenFile, suite: String, target: String) throws(Diagnostic) {
        try Self.writeAtomically(file, to: goldenPath(suite: suite, target: target))
    }

    /// Writes the pending `.golden.new` file atomically, creating folders as needed.
    public func writePending(_ file: GoldenFile, suite: String, target: String) throws(Diagnostic) {
        try Self.writeAtomically(file, to: pendingPath(suite: suite, target: target))
    }

    /// Moves the pending file over the golden file in one rename; false when nothing is pending.
    /// The pending file is parsed first, so an invalid one is reported and never accepted.
    public func accept(suite: String, target: String) throws(Diagnostic) -> Bool {
        let pending = pendingPath(suite: suite, target: target)
        guard try readPending(suite: suite, target: target) != nil else { return false }
        let golden = goldenPath(suite: suite, target: target)
        guard rename(pending, golden) == 0 else {
            throw Diagnostic("cannot move \(pending) over \(golden): \(Self.errnoText())", path: golden)
        }
        AtomicFile.syncFolder(of: URL(fileURLWithPath: golden))
        return true
    }

    /// What a partial accept did: how many entries it promoted and how many are still pending.
    public struct PartialAccept: Sendable, Equatable {
        public var promoted: Int
        public var remaining: Int
    }

    /// Promotes only the entries of `ids` from the pending file into the golden file, atomically;
    /// nil when nothing is pending. The pending file stays as it is while it still proposes
    /// anything the golden file does not hold, and is deleted once it does not.
    public func accept(suite: String, target: String, only ids: Set<String>) throws(Diagnostic) -> PartialAccept? {
        guard let pending = try readPending(suite: suite, target: target) else { return nil }
        let golden = try read(suite: suite, target: target)
        let merged = Self.merge(pending: pending, into: golden, only: ids, suite: suite, target: target)
        let before = golden?.entriesByID ?? [:]
        let promoted = merged.entries.filter { ids.contains($0.id) && before[$0.id]?.output != $0.output }.count
        let result = merged.entriesByID
        let remaining = pending.entries.filter { result[$0.id]?.output != $0.output }.count
            + merged.entries.filter { pending.entriesByID[$0.id] == nil }.count
        if promoted > 0 {
            try write(merged, suite: suite, target: target)
        }
        if remaining == 0 {
            try removePending(suite: suite, target: target)
        }
        return PartialAccept(promoted: promoted, remaining: remaining)
    }

    /// The golden file with the pending entries of `ids` in place of its own, in the pending
    /// file's order; its entries that the pending file does not hold follow, as they were.
    static func merge(pending: GoldenFile, into golden: GoldenFile?, only ids: Set<String>, suite: String, target: String) -> GoldenFile {
        let stored = golden?.entriesByID ?? [:]
        var entries: [GoldenFile.Entry] = []
        var written: Set<String> = []
        for entry in pending.entries where !written.contains(entry.id) {
            if let chosen = ids.contains(entry.id) ? entry : stored[entry.id] {
                entries.append(chosen)
                written.insert(entry.id)
            }
        }
        for entry in golden?.entries ?? [] where !written.contains(entry.id) {
            entries.append(entry)
            written.insert(entry.id)
        }
        let takesPending = pending.entries.contains { ids.contains($0.id) }
        let model = takesPending ? pending.model ?? golden?.model : golden?.model ?? pending.model
        let version = takesPending ? pending.modelVersion ?? golden?.modelVersion : golden?.modelVersion ?? pending.modelVersion
        return GoldenFile(suite: suite, target: target, model: model, modelVersion: version, entries: entries)
    }

    /// Deletes a stale pending file; false when there was none.
    @discardableResult
    public func removePending(suite: String, target: String) throws(Diagnostic) -> Bool {
        let pending = pendingPath(suite: suite, target: target)
        if unlink(pending) == 0 { return true }
        if errno == ENOENT { return false }
        throw Diagnostic("cannot delete stale pending golden file: \(Self.errnoText())", path: pending)
    }

    static func readFile(at path: String, suite: String, target: String) throws(Diagnostic) -> GoldenFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Diagnostic("cannot read golden file: \(error.localizedDescription)", path: path)
        }
        return try GoldenFile.read(data: data, path: path, suite: suite, target: target)
    }

    /// Streams `file` to `path` with `AtomicFile`: on any failure `path` is left as it was.
    static func writeAtomically(_ file: GoldenFile, to path: String) throws(Diagnostic) {
        do {
            try AtomicFile.write(to: URL(fileURLWithPath: path)) { output in try file.write(output) }
        } catch {
            throw Diagnostic("cannot write golden file: \(error.message)", path: path)
        }
    }

    /// Writes `text` to `path` with `AtomicFile`: on any failure `path` is left as it was.
    static func writeAtomically(_ text: String, to path: String) throws(Diagnostic) {
        do {
            try AtomicFile.write(text, to: URL(fileURLWithPath: path))
        } catch {
            throw Diagnostic("cannot write golden file: \(error.message)", path: path)
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
