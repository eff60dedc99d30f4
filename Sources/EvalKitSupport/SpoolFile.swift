import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file written once from the start, then read back from any offset (SPEC §11:
/// what a large run must not hold in memory goes here). It is unlinked as soon as it is open,
/// so a crash leaves nothing behind; the bytes go away when the last reference does.
///
/// Appending is for one writer at a time; reading (`read(at:into:)`) is safe from several
/// threads once the writer has flushed.
public final class SpoolFile: @unchecked Sendable {
    private let fd: Int32
    /// What is appended and not yet written: a writer may append to it directly, then call
    /// `flushWhenFull()`.
    public var pending: [UInt8] = []
    private var written = 0
    private static let bufferSize = 1 << 16

    /// How many bytes were appended, written or pending.
    public var size: Int { written + pending.count }

    /// A new, empty file in the temporary folder; `WriteError` when none can be made.
    public init() throws(AtomicFile.WriteError) {
        var template = Array((FileManager.default.temporaryDirectory.path + "/evals-spool-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw AtomicFile.WriteError(path: "a temporary spool file", message: AtomicFile.errnoText()) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
        pending.reserveCapacity(Self.bufferSize)
    }

    deinit { close(fd) }

    public func append(_ bytes: some Sequence<UInt8>) throws(AtomicFile.WriteError) {
        pending.append(contentsOf: bytes)
        try flushWhenFull()
    }

    public func append(_ text: String) throws(AtomicFile.WriteError) {
        try append(text.utf8)
    }

    /// Writes what is pending once there is a buffer's worth of it.
    public func flushWhenFull() throws(AtomicFile.WriteError) {
        if pending.count >= Self.bufferSize { try flush() }
    }

    /// Writes what is pending to the file.
    public func flush() throws(AtomicFile.WriteError) {
        if let failure = pending.withUnsafeBytes({ AtomicFile.writeAll($0, to: fd) }) {
            throw AtomicFile.WriteError(path: "a temporary spool file", message: failure)
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Reads up to `into.count` bytes from `offset` of what was flushed; 0 at the end.
    public func read(at offset: Int, into: UnsafeMutableRawBufferPointer) throws(AtomicFile.WriteError) -> Int {
        while true {
            let count = pread(fd, into.baseAddress!, into.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw AtomicFile.WriteError(path: "a temporary spool file", message: AtomicFile.errnoText()) }
        }
    }

    /// The bytes of `range`, written already.
    public func read(_ range: Range<Int>) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let count = try bytes.withUnsafeMutableBytes { buffer throws(AtomicFile.WriteError) in
                try read(at: range.lowerBound + done, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            }
            guard count > 0 else { throw AtomicFile.WriteError(path: "a temporary spool file", message: "it ended early") }
            done += count
        }
        return bytes
    }

    /// Hands the file's bytes, from the start, to `write` in chunks; safe from several threads.
    public func copy(to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        var chunk = [UInt8](repeating: 0, count: Self.bufferSize)
        var offset = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { bytes throws(AtomicFile.WriteError) in try read(at: offset, into: bytes) }
            if count == 0 { return }
            try chunk.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            offset += count
        }
    }
}
